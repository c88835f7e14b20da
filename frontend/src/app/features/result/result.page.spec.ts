import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { RouterTestingHarness } from '@angular/router/testing';

import type { Attempt, AttemptResult, ReviewItem } from '../../core/api/api-types';
import { attemptAt } from '../../core/api/attempt.testing';
import { AttemptsApi } from '../../core/api/attempts-api';
import { ResultPage } from './result.page';
import { outcomeOf } from './review-item';
import { routedPage } from '../../shared/page.testing';

function item(overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id: 11,
    type: 'single',
    text: 'What does `len([1, 2, 3])` return?',
    points: 1,
    word_limit: null,
    alternatives: [
      { id: 101, text: '`3`' },
      { id: 102, text: '`2`' },
    ],
    answers: [],
    gaps: [],
    answer: {
      selected_ids: [101],
      text: null,
      number: null,
      pairs: null,
      ordered_ids: null,
      gaps: null,
    },
    credit: 1,
    score: 1,
    is_correct: true,
    awaiting_grading: false,
    manually_graded: false,
    graded_by_name: null,
    grader_comment: '',
    correct: {
      alternative_ids: [101],
      accepted_answers: [],
      numeric_answer: null,
      numeric_tolerance: null,
      pairs: [],
      ordered_ids: [],
      gaps: [],
    },
    general_feedback: 'It counts the items.',
    feedback: [{ alternative_id: 101, text: '`3`', feedback: 'Right: three items.' }],
    ...overrides,
  };
}

function finished(result: Partial<AttemptResult> = {}, overrides: Partial<Attempt> = {}): Attempt {
  return attemptAt(Date.parse('2026-06-01T10:00:00Z'), [], {
    number: 2,
    state: 'submitted',
    submitted_at: '2026-06-01T10:12:00Z',
    server_now: '2026-06-01T10:12:00Z',
    read_only: true,
    result: {
      score: 3.5,
      max_score: 5,
      percentage: 70,
      passed: true,
      awaiting_grading: 0,
      pass_mark_percent: 50,
      review_policy: 'immediately',
      review_available: true,
      review_available_at: null,
      review: [
        item(),
        item({
          id: 12,
          type: 'numeric',
          alternatives: [],
          answer: {
            selected_ids: [],
            text: null,
            number: 3.1,
            pairs: null,
            ordered_ids: null,
            gaps: null,
          },
          credit: 0,
          score: 0,
          is_correct: false,
          correct: {
            alternative_ids: [],
            accepted_answers: [],
            numeric_answer: 3.14,
            numeric_tolerance: 0.005,
            pairs: [],
            ordered_ids: [],
            gaps: [],
          },
          feedback: [],
          general_feedback: '',
        }),
        item({ id: 13, answer: null, credit: 0, score: 0, is_correct: false, feedback: [] }),
      ],
      ...result,
    },
    ...overrides,
  });
}

describe('ResultPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    ({ harness, http } = await routedPage([
      { path: 'attempts/:attemptId/result', component: ResultPage },
    ]));
  });

  const root = () => harness.routeNativeElement as HTMLElement;
  const text = () => (root().textContent ?? '').replace(/\s+/g, ' ');

  async function open(body: Attempt): Promise<void> {
    await harness.navigateByUrl('/attempts/5/result');
    http.expectOne('/api/attempts/5').flush(body);
    await harness.fixture.whenStable();
  }

  it('shows the result a submit just answered with, without loading it again', async () => {
    TestBed.inject(AttemptsApi).submit(5, []).subscribe();
    http.expectOne('/api/attempts/5/submit').flush(finished());
    await harness.navigateByUrl('/attempts/5/result');
    await harness.fixture.whenStable();
    http.expectNone('/api/attempts/5');
    expect(root().querySelector('#score-heading')?.textContent).toContain('3.5 of 5 points');
    expect(TestBed.inject(AttemptsApi).takeFresh(5)).toBeNull(); // handed out once
  });

  it('shows "Awaiting grading" instead of a score, and the grader’s comment once graded', async () => {
    const essay = item({
      id: 14,
      type: 'essay',
      alternatives: [],
      answer: {
        selected_ids: [],
        text: 'Light makes sugar.',
        number: null,
        pairs: null,
        ordered_ids: null,
        gaps: null,
      },
      credit: 0,
      score: 0,
      is_correct: false,
      awaiting_grading: true,
      feedback: [],
      general_feedback: '',
    });
    await open(
      finished({
        score: null,
        percentage: null,
        passed: null,
        awaiting_grading: 1,
        review: [essay],
      }),
    );
    expect(root().querySelector('#score-heading')?.textContent).toContain('Awaiting grading');
    expect(text()).toContain('1 answer waits for your teacher');
    expect(text()).not.toContain('Your score:');
    expect(root().querySelector('app-review-item')?.textContent).toContain('Awaiting grading');
  });

  it('shows who graded an essay and the comment', async () => {
    const graded = item({
      id: 14,
      type: 'essay',
      alternatives: [],
      answer: {
        selected_ids: [],
        text: 'Light makes sugar.',
        number: null,
        pairs: null,
        ordered_ids: null,
        gaps: null,
      },
      points: 4,
      credit: 0.75,
      score: 3,
      is_correct: false,
      manually_graded: true,
      graded_by_name: 'Ms Green',
      grader_comment: 'Name the pigment.',
      feedback: [],
      general_feedback: '',
    });
    await open(finished({ review: [graded] }));
    const card = root().querySelector('app-review-item')!;
    expect(card.textContent).toContain('Graded by Ms Green');
    expect(card.textContent).toContain('Name the pigment.');
    expect(card.textContent).toContain('3 of 4 points');
  });

  it('shows the score, the verdict and every question with its outcome in words', async () => {
    await open(finished());
    expect(root().querySelector('h1')?.textContent).toContain('Python basics');
    expect(text()).toContain('Attempt 2');
    expect(text()).toContain('12 minutes');
    expect(root().querySelector('#score-heading')?.textContent).toContain(
      'Your score: 3.5 of 5 points (70%)',
    );
    expect(text()).toContain('Passed');
    expect(text()).toMatch(/Pass mark ?50%/);
    const cards = root().querySelectorAll('app-review-item');
    expect(cards.length).toBe(3);
    expect(cards[0].textContent).toContain('Correct');
    expect(cards[0].textContent).toContain('Your answer');
    expect(cards[0].textContent).toContain('Right: three items.');
    expect(cards[0].textContent).toContain('It counts the items.');
    expect(cards[1].textContent).toContain('Incorrect');
    expect(cards[1].textContent).toContain('3.1');
    expect(cards[1].textContent).toContain('3.14 (± 0.005)');
    expect(cards[2].textContent).toContain('Not answered');
  });

  it('says when the review opens', async () => {
    await open(
      finished({
        review_available: false,
        review: null,
        review_policy: 'after_close',
        review_available_at: '2026-06-30T16:00:00Z',
      }),
    );
    expect(root().querySelectorAll('app-review-item').length).toBe(0);
    expect(text()).toContain('Review available after');
    expect(text()).toContain('2026');
  });

  it('says when the teacher keeps the answers hidden', async () => {
    await open(
      finished({ review_available: false, review: null, review_policy: 'never', passed: false }),
    );
    expect(text()).toContain('Your teacher has not made the answers visible.');
    expect(text()).toContain('Not passed');
  });

  it('explains an attempt closed by time, and one still in progress', async () => {
    await open(finished({}, { state: 'expired' }));
    expect(text()).toContain('Time ran out');
  });

  it('offers to continue an attempt still in progress', async () => {
    await open(finished({}, { state: 'in_progress', read_only: false, result: null }));
    expect(text()).toContain('This attempt is still in progress');
    expect(root().querySelector('a[href="/attempts/5"]')?.textContent).toContain('Continue');
  });

  it('tells outcomes apart', () => {
    expect(outcomeOf(item())).toBe('correct');
    expect(outcomeOf(item({ is_correct: false, credit: 0.5 }))).toBe('partial');
    expect(outcomeOf(item({ is_correct: false, credit: 0 }))).toBe('incorrect');
    expect(outcomeOf(item({ answer: null }))).toBe('unanswered');
    expect(
      outcomeOf(
        item({
          answer: {
            selected_ids: [],
            text: '',
            number: null,
            pairs: null,
            ordered_ids: null,
            gaps: null,
          },
          is_correct: false,
        }),
      ),
    ).toBe('unanswered');
  });
});
