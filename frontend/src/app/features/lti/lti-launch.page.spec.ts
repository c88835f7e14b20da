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
  const author = { list: vi.fn() };
  const auth = { adoptLaunchSession: vi.fn() };
  const session = (target: object) => ({ access_token: 'a', user: { id: 1 }, target });

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

  it('explains a missing or refused ticket', async () => {
    let root = await open('');
    expect(root.querySelector('[role=alert]')?.textContent).toContain('ticket is missing');
    TestBed.resetTestingModule();
    lti.redeemTicket.mockReturnValue(throwError(() => new Error('used')));
    root = await open('#ticket=t3');
    expect(root.querySelector('[role=alert]')?.textContent).toContain('did not work');
  });
});
