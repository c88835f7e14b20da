import type { HttpTestingController } from '@angular/common/http/testing';
import type { RouterTestingHarness } from '@angular/router/testing';

import type { LiveStudent, LiveView } from '../../core/api/course-types';
import { Notifier } from '../../core/notifier';
import { routedPage } from '../../shared/page.testing';
import { LiveViewPage } from './live-view.page';

function student(overrides: Partial<LiveStudent>): LiveStudent {
  return {
    user_id: 1,
    display_name: 'Ada',
    email: 'ada@example.org',
    state: 'in_progress',
    attempt_id: 10,
    answered: 1,
    last_saved_at: null,
    deadline: null,
    score: null,
    max_score: null,
    percentage: null,
    attempts_used: 1,
    attempts_allowed: 1,
    accommodated: false,
    ...overrides,
  };
}

function view(now: number, students: LiveStudent[]): LiveView {
  const count = (state: LiveStudent['state']) => students.filter((s) => s.state === state).length;
  return {
    server_now: new Date(now).toISOString(),
    question_count: 3,
    counts: {
      not_started: count('not_started'),
      in_progress: count('in_progress'),
      submitted: count('submitted'),
    },
    students,
  };
}

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('LiveViewPage', { timeout: 20_000 }, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const notifier = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

  beforeEach(async () => {
    setVisibility('visible');
    ({ harness, http } = await routedPage(
      [{ path: 'author/exams/:id/live', component: LiveViewPage }],
      [{ provide: Notifier, useValue: notifier }],
    ));
  });

  afterEach(() => setVisibility('visible'));

  const root = () => harness.routeNativeElement as HTMLElement;
  const text = () => root().textContent ?? '';
  const stable = () => harness.fixture.whenStable();
  /** The poll the page sends (its timer fires after the current task). */
  const livePoll = () => vi.waitFor(() => http.expectOne('/api/exams/7/live'));

  async function open(body: LiveView): Promise<void> {
    await harness.navigateByUrl('/author/exams/7/live');
    http.expectOne('/api/exams/7').flush({ id: 7, title: 'Algebra' });
    (await livePoll()).flush(body);
    await stable();
  }

  it('shows every student on the server clock, the counts and the filters', async () => {
    // The server's clock is 1 minute ahead of this one: time left and "ago" use the server's.
    const serverNow = Date.now() + 60_000;
    await open(
      view(serverNow, [
        student({
          user_id: 1,
          display_name: 'Ada',
          last_saved_at: new Date(serverNow - 3 * 60_000).toISOString(),
          deadline: new Date(serverNow + 10 * 60_000).toISOString(),
        }),
        student({ user_id: 2, display_name: 'Bo', state: 'submitted', score: 2, max_score: 3 }),
        student({ user_id: 3, display_name: 'Cy', state: 'not_started', attempt_id: null }),
      ]),
    );
    expect(root().querySelector('h1')?.textContent).toContain('Algebra');
    const rows = () => [...root().querySelectorAll('tbody tr')].map((r) => r.textContent ?? '');
    expect(rows()).toHaveLength(3);
    expect(rows()[0]).toContain('1 of 3');
    expect(rows()[0]).toContain('3 min ago');
    expect(rows()[0]).toMatch(/(10:00|9:5\d)/);
    expect(rows()[1]).toContain('2 / 3');
    expect(text()).toContain('Quiet > 2 min (1)');

    const toggle = (label: string) =>
      [...root().querySelectorAll<HTMLButtonElement>('mat-button-toggle button')].find((b) =>
        b.textContent?.includes(label),
      )!;
    toggle('Quiet').click();
    await stable();
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('Ada');
    toggle('Submitted').click();
    await stable();
    expect(rows()).toEqual([expect.stringContaining('Bo')]);
  });

  it('stops polling while the tab is hidden and polls at once when it is shown again', async () => {
    await open(view(Date.now(), [student({})]));
    setVisibility('hidden');
    await stable();
    expect(text()).toContain('Paused while this tab is hidden.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    http.expectNone('/api/exams/7/live');

    setVisibility('visible');
    (await livePoll()).flush(
      view(Date.now(), [student({ state: 'submitted', score: 1, max_score: 3 })]),
    );
    await stable();
    expect(text()).toContain('Updates every 5 seconds');
    expect(text()).toContain('1 / 3');
  });

  it('says the exam is not found when the server says so (not a teacher of it)', async () => {
    await harness.navigateByUrl('/author/exams/7/live');
    http.expectOne('/api/exams/7').flush({ id: 7, title: 'Algebra' });
    (await livePoll()).flush(
      { error: { status: 404, code: 'not_found', message: 'No such exam.', details: {} } },
      { status: 404, statusText: 'Not Found' },
    );
    await stable();
    expect(text()).toContain('Exam not found');
  });
});
