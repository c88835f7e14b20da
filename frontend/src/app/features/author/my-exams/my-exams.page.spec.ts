import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { RouterTestingHarness } from '@angular/router/testing';
import { of } from 'rxjs';

import type { AuthorExamPage, AuthorExamSummary } from '../../../core/api/api-types';
import { Notifier } from '../../../core/notifier';
import { Confirmer } from '../../../shared/confirm-dialog';
import { routedPage } from '../../../shared/page.testing';
import { authorExam, examSummary } from '../author-exam.testing';
import { MyExamsPage } from './my-exams.page';

function page(items: AuthorExamSummary[], total = items.length): AuthorExamPage {
  return { items, page: 1, per_page: 10, total };
}

// Rendering the first test's component tree takes seconds on a busy machine.
describe('MyExamsPage', { timeout: 20_000 }, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const notifier = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const confirmer = { ask: vi.fn(() => of(true)) };

  beforeEach(async () => {
    vi.clearAllMocks();
    ({ harness, http } = await routedPage(
      [
        { path: 'author', component: MyExamsPage },
        { path: '**', children: [] },
      ],
      [
        { provide: Notifier, useValue: notifier },
        { provide: Confirmer, useValue: confirmer },
      ],
    ));
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;
  const text = () => root().textContent ?? '';
  const stable = () => harness.fixture.whenStable();
  const listRequest = () => http.expectOne((r) => r.url === '/api/author/exams');
  /** The list request a navigation or reload is about to send. */
  const nextList = () => vi.waitFor(listRequest);
  async function open(url: string, body: AuthorExamPage) {
    await harness.navigateByUrl(url);
    const req = listRequest();
    req.flush(body);
    await stable();
    return req.request;
  }
  const byLabel = (label: string) =>
    root().querySelector<HTMLButtonElement>(`[aria-label="${label}"]`)!;
  async function menuItem(exam: string, item: string): Promise<HTMLButtonElement> {
    byLabel(`More actions for ${exam}`).click();
    await stable();
    return [...document.querySelectorAll<HTMLButtonElement>('[mat-menu-item]')].find((b) =>
      b.textContent?.includes(item),
    )!;
  }

  it('lists the exams with their status, counts and actions; filters live in the URL', async () => {
    const request = await open(
      '/author?status=draft&q=alg&page=2',
      page([examSummary(1, { question_count: 3, attempt_count: 1 })], 11),
    );
    expect(request.params.get('status')).toBe('draft');
    expect(request.params.get('q')).toBe('alg');
    expect(request.params.get('page')).toBe('2');
    expect(request.params.get('per_page')).toBe('10');
    const rows = root().querySelectorAll('li.exam-row');
    expect(rows.length).toBe(1);
    expect(rows[0].textContent).toContain('Exam 1');
    expect(rows[0].textContent).toContain('Draft');
    expect(rows[0].textContent).toContain('3 questions');
    expect(rows[0].textContent).toContain('1 attempt');
    expect(root().querySelector('input[type=search]')).toHaveProperty('value', 'alg');
    expect(root().querySelector('mat-paginator')).not.toBeNull();
    expect(text()).toContain('11 exams found');
  });

  it('says when nothing matches, and clears the filters', async () => {
    await open('/author?q=zzz', page([]));
    expect(text()).toContain('No exams match');
    const clear = [...root().querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Show all my exams'),
    )!;
    clear.click();
    const req = await nextList();
    expect(req.request.params.has('q')).toBe(false);
    req.flush(page([]));
    await stable();
    expect(text()).toContain('No exams yet');
  });

  it('offers a retry when the list cannot be loaded', async () => {
    await harness.navigateByUrl('/author');
    listRequest().flush({ error: { status: 500 } }, { status: 500, statusText: 'Error' });
    await stable();
    expect(root().querySelector('[role=alert]')?.textContent).toContain(
      'Your exams could not be loaded',
    );
    [...root().querySelectorAll('button')]
      .find((b) => b.textContent?.includes('Try again'))!
      .click();
    (await nextList()).flush(page([examSummary(1)]));
    await stable();
    expect(root().querySelectorAll('li.exam-row').length).toBe(1);
  });

  it('publishes a draft and reloads the list', async () => {
    await open('/author', page([examSummary(1)]));
    byLabel('Publish Exam 1').click();
    harness.detectChanges();
    expect(byLabel('Publish Exam 1').disabled).toBe(true);
    http
      .expectOne('/api/exams/1/publish')
      .flush(authorExam({ id: 1, title: 'Exam 1', status: 'published' }));
    expect(notifier.info).toHaveBeenCalledWith('“Exam 1” is published and in the catalogue.');
    (await nextList()).flush(page([examSummary(1, { status: 'published' })]));
    await stable();
    expect(root().querySelector('li.exam-row')?.textContent).toContain('Published');
  });

  it('says how many problems keep a draft from being published', async () => {
    const snackBar = TestBed.inject(MatSnackBar);
    const open = vi.spyOn(snackBar, 'open');
    await harness.navigateByUrl('/author');
    listRequest().flush(page([examSummary(1)]));
    await stable();
    byLabel('Publish Exam 1').click();
    http.expectOne('/api/exams/1/publish').flush(
      {
        error: {
          status: 422,
          code: 'not_publishable',
          message: 'Not ready',
          details: { exam: ['Add a question.'] },
        },
      },
      { status: 422, statusText: 'Unprocessable' },
    );
    expect(open).toHaveBeenCalledWith(
      '“Exam 1” is not ready to publish: 1 problem to fix.',
      'Show',
      expect.objectContaining({ politeness: 'assertive' }),
    );
    http.expectNone((r) => r.url === '/api/author/exams');
  });

  it('archives after confirmation and reloads', async () => {
    await open('/author', page([examSummary(1, { status: 'published' })]));
    (await menuItem('Exam 1', 'Archive')).click();
    expect(confirmer.ask).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Archive this exam?', danger: true }),
    );
    http.expectOne('/api/exams/1/archive').flush(authorExam({ id: 1, status: 'archived' }));
    expect(notifier.info).toHaveBeenCalledWith('“Exam 1” is archived.');
    (await nextList()).flush(page([examSummary(1, { status: 'archived' })]));
    await stable();
    expect(root().querySelector('li.exam-row')?.textContent).toContain('Archived');
  });

  it('cannot delete or unpublish an exam with attempts', async () => {
    await open('/author', page([examSummary(1, { status: 'published', attempt_count: 2 })]));
    const remove = await menuItem('Exam 1', 'Delete');
    const unpublish = [...document.querySelectorAll<HTMLButtonElement>('[mat-menu-item]')].find(
      (b) => b.textContent?.includes('Unpublish'),
    )!;
    expect(remove.disabled).toBe(true);
    expect(unpublish.disabled).toBe(true);
  });
});
