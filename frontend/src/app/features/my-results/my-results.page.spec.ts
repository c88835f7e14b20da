import type { HttpTestingController } from '@angular/common/http/testing';
import type { RouterTestingHarness } from '@angular/router/testing';

import type { MyAttempt, Page } from '../../core/api/api-types';
import { MyResultsPage } from './my-results.page';
import { routedPage } from '../../shared/page.testing';

function row(id: number, overrides: Partial<MyAttempt> = {}): MyAttempt {
  return {
    id,
    exam_id: 1,
    exam_title: 'Python basics',
    number: 1,
    state: 'submitted',
    score: 7.5,
    max_score: 10,
    percentage: 75,
    passed: true,
    awaiting_grading: 0,
    started_at: '2026-06-01T10:00:00Z',
    submitted_at: '2026-06-01T10:12:00Z',
    deadline: '2026-06-01T10:20:00Z',
    ...overrides,
  };
}

describe('MyResultsPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    ({ harness, http } = await routedPage([
      { path: 'me/results', component: MyResultsPage },
      { path: '**', children: [] },
    ]));
  });

  const root = () => harness.routeNativeElement as HTMLElement;

  async function open(url: string, body: Page<MyAttempt>) {
    await harness.navigateByUrl(url);
    const req = http.expectOne((r) => r.url === '/api/me/attempts');
    req.flush(body);
    await harness.fixture.whenStable();
    return req.request;
  }

  it('lists attempts with their score, verdict and a link to the result or to resume', async () => {
    const request = await open('/me/results', {
      items: [
        row(2, {
          number: 2,
          state: 'in_progress',
          score: null,
          max_score: null,
          percentage: null,
          passed: null,
          submitted_at: null,
        }),
        row(1),
      ],
      page: 1,
      per_page: 10,
      total: 2,
    });
    expect(request.params.get('page')).toBe('1');
    expect(request.params.get('per_page')).toBe('10');
    const rows = root().querySelectorAll('tr.mat-mdc-row');
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toContain('In progress');
    expect(rows[0].querySelector('a[href="/attempts/2"]')?.textContent).toContain('Resume');
    expect(rows[1].textContent).toContain('Submitted');
    expect(rows[1].textContent).toContain('7.5 / 10');
    expect(rows[1].textContent).toContain('75%');
    expect(rows[1].textContent).toContain('Passed');
    expect(rows[1].querySelector('a[href="/attempts/1/result"]')?.textContent).toContain(
      'View result',
    );
    expect(root().querySelector('mat-paginator')).toBeNull();
  });

  it('pages through many attempts (the page is in the URL)', async () => {
    const request = await open('/me/results?page=2&pageSize=25', {
      items: [row(1)],
      page: 2,
      per_page: 25,
      total: 60,
    });
    expect(request.params.get('page')).toBe('2');
    expect(request.params.get('per_page')).toBe('25');
    expect(root().querySelector('mat-paginator')).not.toBeNull();
  });

  it('invites to take an exam when there is nothing yet', async () => {
    await open('/me/results', { items: [], page: 1, per_page: 10, total: 0 });
    expect(root().textContent).toContain('No attempts yet');
  });
});
