import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { of, throwError } from 'rxjs';

import { AuthorApi } from '../../core/api/author-api';
import { LtiApi } from '../../core/api/lti-api';
import { AuthService } from '../../core/auth/auth.service';
import { LtiLaunchPage } from './lti-launch.page';

describe('LtiLaunchPage', () => {
  const lti = { redeemTicket: vi.fn(), deepLink: vi.fn() };
  const author = { list: vi.fn(), create: vi.fn() };
  const auth = { adoptLaunchSession: vi.fn() };
  const session = (target: object) => ({ access_token: 'a', user: { id: 1 }, target });

  let harnessFixture: { detectChanges(): void } | null = null;

  async function open(hash: string): Promise<HTMLElement> {
    history.replaceState(null, '', `/lti/launch${hash}`);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'lti/launch', component: LtiLaunchPage },
          { path: '**', children: [] },
        ]),
        { provide: LtiApi, useValue: lti },
        { provide: AuthorApi, useValue: author },
        { provide: AuthService, useValue: auth },
      ],
    });
    const harness = await RouterTestingHarness.create('/lti/launch');
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
    harness.fixture.detectChanges();
    harnessFixture = harness.fixture;
    return harness.routeNativeElement as HTMLElement;
  }

  beforeEach(() => vi.clearAllMocks());

  it('exchanges the ticket, starts the session and opens the exam', async () => {
    const answer = session({ kind: 'exam', course_id: 2, exam_id: 7, deep_link: null });
    lti.redeemTicket.mockReturnValue(of(answer));
    await open('#ticket=t1');
    expect(lti.redeemTicket).toHaveBeenCalledWith('t1');
    expect(auth.adoptLaunchSession).toHaveBeenCalledWith(answer);
    expect(TestBed.inject(Router).url).toBe('/exams/7');
    expect(location.hash).toBe(''); // the ticket is not left in the address
  });

  it("lists the teacher's exams to place (deep linking)", async () => {
    lti.redeemTicket.mockReturnValue(
      of(session({ kind: 'deep_link', course_id: 2, exam_id: null, deep_link: 'dl' })),
    );
    author.list.mockReturnValue(of({ items: [{ id: 3, title: 'Quiz', status: 'published' }] }));
    const root = await open('#ticket=t2');
    expect(root.textContent).toContain('Place an exam in the course');
    expect(root.textContent).toContain('Quiz (published)');
  });

  it('creates a draft in the launch course, links its editor and places it', async () => {
    lti.redeemTicket.mockReturnValue(
      of(session({ kind: 'deep_link', course_id: 2, exam_id: null, deep_link: 'dl' })),
    );
    author.list.mockReturnValue(of({ items: [] }));
    author.create.mockReturnValue(of({ id: 11, title: 'Week 3', status: 'draft' }));
    lti.deepLink.mockReturnValue(of({ return_url: 'about:blank', jwt: 'signed' }));
    const submitForm = vi
      .spyOn(HTMLFormElement.prototype, 'submit')
      .mockImplementation(() => undefined);
    const root = await open('#ticket=t4');
    const input = root.querySelector('app-lti-new-exam input') as HTMLInputElement;
    input.value = 'Week 3';
    input.dispatchEvent(new Event('input'));
    (root.querySelector('app-lti-new-exam button[type=submit]') as HTMLButtonElement).click();
    harnessFixture?.detectChanges();
    expect(author.create).toHaveBeenCalledWith({ title: 'Week 3', course_id: 2 });
    const link = root.querySelector('.draft a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('/author/exams/11');
    expect(link.target).toBe('_blank');
    expect(root.textContent).toContain('Week 3 (draft)');
    const placeIt = [...root.querySelectorAll('.draft button')].find((b) =>
      b.textContent?.includes('Place “Week 3” in the course'),
    ) as HTMLButtonElement;
    placeIt.click();
    expect(lti.deepLink).toHaveBeenCalledWith('dl', 11);
    expect(submitForm).toHaveBeenCalled();
    const posted = document.querySelector('form[action="about:blank"] input[name=JWT]');
    expect((posted as HTMLInputElement).value).toBe('signed');
    submitForm.mockRestore();
  });

  it('explains a missing or refused ticket', async () => {
    let root = await open('');
    expect(root.querySelector('[role=alert]')?.textContent).toContain('ticket is missing');
    TestBed.resetTestingModule();
    lti.redeemTicket.mockReturnValue(throwError(() => new Error('used')));
    root = await open('#ticket=t3');
    expect(root.querySelector('[role=alert]')?.textContent).toContain('did not work');
  });
});
