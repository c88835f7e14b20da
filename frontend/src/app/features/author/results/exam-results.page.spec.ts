import type { HttpTestingController } from '@angular/common/http/testing';
import type { RouterTestingHarness } from '@angular/router/testing';

import type { ExamResult, ExamResultPage } from '../../../core/api/api-types';
import { routedPage } from '../../../shared/page.testing';
import { examSummary } from '../author-exam.testing';
import { ExamResultsPage } from './exam-results.page';

function attemptInProgress(): ExamResult {
  return {
    id: 31,
    user_id: 9,
    student_name: 'Ida Inprogress',
    student_email: 'ida@example.com',
    number: 1,
    state: 'in_progress',
    score: null,
    max_score: null,
    percentage: null,
    passed: null,
    awaiting_grading: 0,
    started_at: '2026-06-01T09:00:00Z',
    submitted_at: null,
    duration_seconds: null,
  };
}

// Rendering the first test's component tree takes seconds on a busy machine.
describe('ExamResultsPage', { timeout: 20_000 }, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    ({ harness, http } = await routedPage([
      { path: 'author/exams/:id/results', component: ExamResultsPage },
    ]));
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;

  it('sums up an exam with one attempt in progress and no pass mark, as a valid <dl>', async () => {
    await harness.navigateByUrl('/author/exams/7/results');
    http.expectOne('/api/exams/7').flush(examSummary(7, { pass_mark_percent: null }));
    const empty: ExamResultPage = {
      items: [attemptInProgress()],
      page: 1,
      per_page: 100,
      total: 1,
      summary: { count: 0, mean: null, median: null, min: null, max: null, pass_rate: null },
    };
    http.expectOne((r) => r.url === '/api/exams/7/results').flush(empty);
    await harness.fixture.whenStable();

    const figures = root().querySelector('dl.figures')!;
    expect(figures.textContent).toContain('+ 1 in progress');
    expect(figures.textContent).toContain('No pass mark');
    expect(root().textContent).not.toContain('Pass mark:');
    // What axe's definition-list rule asks: groups hold only <dt> and <dd>.
    for (const group of figures.children) {
      expect(group.tagName).toBe('DIV');
      for (const child of group.children) expect(['DT', 'DD']).toContain(child.tagName);
    }
  });
});
