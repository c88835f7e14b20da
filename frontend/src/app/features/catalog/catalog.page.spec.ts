import type { HttpTestingController } from '@angular/common/http/testing';
import type { RouterTestingHarness } from '@angular/router/testing';

import type { ExamPage, ExamSummary } from '../../core/api/api-types';
import { CatalogPage } from './catalog.page';
import { routedPage } from '../../shared/page.testing';

function exam(id: number, overrides: Partial<ExamSummary> = {}): ExamSummary {
  return {
    id,
    title: `Exam ${id}`,
    description: `About exam ${id}`,
    long_description: '',
    status: 'published',
    time_limit_minutes: 30,
    grace_period_seconds: 30,
    max_attempts: 1,
    opens_at: null,
    closes_at: null,
    one_question_per_page: true,
    pass_mark_percent: null,
    review_policy: 'immediately',
    practice_mode: false,
    language: 'en',
    question_count: 10,
    total_points: 20,
    author_name: 'Alan',
    published_at: null,
    ...overrides,
  };
}

function page(items: ExamSummary[], total = items.length, pageNo = 1): ExamPage {
  return { items, page: pageNo, per_page: 12, total };
}

describe('CatalogPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    ({ harness, http } = await routedPage([
      { path: 'exams', component: CatalogPage },
      { path: 'exams/:id', children: [] },
    ]));
  });

  const text = () => (harness.routeNativeElement as HTMLElement).textContent ?? '';
  const flushList = async (body: ExamPage) => {
    const req = http.expectOne((r) => r.url === '/api/exams');
    req.flush(body);
    await harness.fixture.whenStable();
    return req.request;
  };

  it('shows a card per exam with its facts', async () => {
    await harness.navigateByUrl('/exams');
    const request = await flushList(page([exam(1), exam(2, { time_limit_minutes: null })]));
    expect(request.params.get('page')).toBe('1');
    expect(request.params.get('per_page')).toBe('12');
    expect(request.params.has('q')).toBe(false);

    const cards = (harness.routeNativeElement as HTMLElement).querySelectorAll('app-exam-card');
    expect(cards.length).toBe(2);
    expect(cards[0].textContent).toContain('Exam 1');
    expect(cards[0].textContent).toContain('30 min');
    expect(cards[0].textContent).toContain('10 questions');
    expect(cards[0].textContent).toContain('20 points');
    expect(cards[1].textContent).toContain('No time limit');
    expect(cards[0].querySelector('a')?.getAttribute('href')).toBe('/exams/1');
  });

  it('searches with the q and page from the URL', async () => {
    await harness.navigateByUrl('/exams?q=algebra&page=2');
    const request = await flushList(page([], 0));
    expect(request.params.get('q')).toBe('algebra');
    expect(request.params.get('page')).toBe('2');
  });

  it('says when nothing matches', async () => {
    await harness.navigateByUrl('/exams?q=zzz');
    await flushList(page([], 0));
    expect(text()).toContain('No exams match “zzz”');
  });

  it('says when there are no exams at all', async () => {
    await harness.navigateByUrl('/exams');
    await flushList(page([], 0));
    expect(text()).toContain('No exams yet');
  });

  it('searches after a pause in typing, once', async () => {
    await harness.navigateByUrl('/exams');
    await flushList(page([exam(1)]));
    const input = (harness.routeNativeElement as HTMLElement).querySelector(
      'input[type=search]',
    ) as HTMLInputElement;
    for (const value of ['b', 'bio', 'biology']) {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    http.expectNone((r) => r.url === '/api/exams');
    // The debounce (300 ms), then the navigation; whenStable() would wait for the request itself.
    await new Promise((resolve) => setTimeout(resolve, 450));
    harness.fixture.detectChanges();
    const req = http.expectOne((r) => r.url === '/api/exams');
    expect(req.request.params.get('q')).toBe('biology');
    expect(req.request.params.get('page')).toBe('1');
    http.verify();
  });
});
