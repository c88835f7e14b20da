import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { RouterTestingHarness } from '@angular/router/testing';

import type {
  GradingAnswer,
  GradingAnswerPage,
  GradingOverview,
} from '../../../core/api/api-types';
import { routedPage } from '../../../shared/page.testing';
import { GradingPage, firstToGrade, gradingProgress } from './grading.page';

function overview(overrides: Partial<GradingOverview> = {}): GradingOverview {
  return {
    exam_id: 7,
    title: 'Biology',
    ungraded: 1,
    questions: [
      {
        question_id: 21,
        number: 1,
        type: 'true_false',
        text: 'Plants need light.',
        points: 1,
        answers: 2,
        ungraded: 0,
        graded: 0,
      },
      {
        question_id: 22,
        number: 2,
        type: 'essay',
        text: 'Explain photosynthesis.',
        points: 4,
        answers: 2,
        ungraded: 1,
        graded: 1,
      },
    ],
    attempts: [
      {
        attempt_id: 31,
        user_id: 9,
        student_name: 'Ada',
        number: 1,
        state: 'submitted',
        awaiting_grading: 0,
        score: 5,
        max_score: 5,
      },
      {
        attempt_id: 32,
        user_id: 10,
        student_name: 'Ben',
        number: 1,
        state: 'submitted',
        awaiting_grading: 1,
        score: null,
        max_score: 5,
      },
    ],
    ...overrides,
  };
}

function essayAnswer(overrides: Partial<GradingAnswer> = {}): GradingAnswer {
  return {
    attempt_id: 32,
    attempt_number: 1,
    user_id: 10,
    student_name: 'Ben',
    question_id: 22,
    question_type: 'essay',
    question_text: 'Explain photosynthesis.',
    max_points: 4,
    word_limit: 3,
    answer: {
      selected_ids: [],
      text: 'Light makes sugar in leaves',
      number: null,
      pairs: null,
      ordered_ids: null,
      gaps: null,
    },
    word_count: 5,
    points: null,
    awaiting_grading: true,
    comment: '',
    graded_by_name: null,
    graded_at: null,
    ...overrides,
  };
}

function page(items: GradingAnswer[]): GradingAnswerPage {
  return { items, page: 1, per_page: 50, total: items.length };
}

describe('grading figures', () => {
  it('measures progress over the answers that need a person', () => {
    expect(gradingProgress(overview())).toEqual({ waiting: 1, done: 1, percent: 50 });
    expect(gradingProgress(overview({ ungraded: 0, questions: [] })).percent).toBe(100);
  });

  it('starts where answers wait', () => {
    expect(firstToGrade(overview(), 'question')).toBe(22);
    expect(firstToGrade(overview(), 'student')).toBe(32);
    expect(firstToGrade(overview({ questions: [], attempts: [] }), 'question')).toBeNull();
  });
});

describe('GradingPage', { timeout: 20_000 }, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    ({ harness, http } = await routedPage([
      { path: 'author/exams/:id/grading', component: GradingPage },
    ]));
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;
  /** Let signals and effects run while a request is still open (whenStable would wait for it). */
  const settle = async () => {
    TestBed.tick();
    await Promise.resolve();
    TestBed.tick();
  };

  it('grades the waiting essay with a comment, then shows the progress again', async () => {
    await harness.navigateByUrl('/author/exams/7/grading');
    http.expectOne('/api/exams/7/grading').flush(overview());
    await settle();
    const list = http.expectOne((r) => r.url === '/api/exams/7/grading/answers');
    expect(list.request.params.get('question_id')).toBe('22');
    expect(list.request.params.get('state')).toBe('ungraded');
    list.flush(page([essayAnswer()]));
    await harness.fixture.whenStable();

    expect(root().textContent).toContain('1 answer needs grading');
    expect(root().textContent).toContain('Light makes sugar in leaves');
    expect(root().textContent).toContain('5 of 3 words');
    expect(root().textContent).toContain('over the limit');

    const points = root().querySelector<HTMLInputElement>('input[type=number]')!;
    points.value = '3';
    points.dispatchEvent(new Event('input'));
    const comment = root().querySelector<HTMLTextAreaElement>('textarea')!;
    comment.value = 'Good, but brief.';
    comment.dispatchEvent(new Event('input'));
    root().querySelector<HTMLButtonElement>('form button[type=submit]')!.click();

    const put = http.expectOne('/api/attempts/32/grades/22');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ points: 3, comment: 'Good, but brief.' });
    put.flush(
      essayAnswer({
        points: 3,
        awaiting_grading: false,
        comment: 'Good, but brief.',
        graded_by_name: 'Teacher',
      }),
    );
    await settle();
    http.expectOne('/api/exams/7/grading').flush(overview({ ungraded: 0 }));
    http.expectOne((r) => r.url === '/api/exams/7/grading/answers').flush(page([]));
    await harness.fixture.whenStable();
    expect(root().textContent).toContain('Every answer is graded.');
    expect(root().textContent).toContain('Nothing left to grade here');
  });

  it('refuses points above the question’s maximum without calling the server', async () => {
    await harness.navigateByUrl('/author/exams/7/grading');
    http.expectOne('/api/exams/7/grading').flush(overview());
    await settle();
    http.expectOne((r) => r.url === '/api/exams/7/grading/answers').flush(page([essayAnswer()]));
    await harness.fixture.whenStable();
    const points = root().querySelector<HTMLInputElement>('input[type=number]')!;
    points.value = '9';
    points.dispatchEvent(new Event('input'));
    root().querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await harness.fixture.whenStable();
    http.expectNone('/api/attempts/32/grades/22');
    expect(root().textContent).toContain('Between 0 and 4.');
  });
});
