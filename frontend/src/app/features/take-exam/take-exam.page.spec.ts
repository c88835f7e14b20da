import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { RouterTestingHarness } from '@angular/router/testing';

import type { Attempt, AttemptQuestion } from '../../core/api/api-types';
import { ATTEMPT_STORE } from './attempt-session';
import { MemoryStore } from './attempt-storage';
import { TakeExamPage } from './take-exam.page';
import { attemptAt } from '../../core/api/attempt.testing';
import { routedPage } from '../../shared/page.testing';

const NOW = Date.now();

const QUESTIONS: AttemptQuestion[] = [
  {
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
  },
  {
    id: 12,
    type: 'multiple',
    text: 'Immutable?',
    points: 2,
    word_limit: null,
    alternatives: [
      { id: 201, text: 'tuple' },
      { id: 202, text: 'list' },
    ],
    answers: [],
    gaps: [],
  },
  {
    id: 13,
    type: 'short_answer',
    text: 'Keyword?',
    points: 1,
    word_limit: null,
    alternatives: [],
    answers: [],
    gaps: [],
  },
  {
    id: 14,
    type: 'numeric',
    text: '2 ** 10?',
    points: 1,
    word_limit: null,
    alternatives: [],
    answers: [],
    gaps: [],
  },
];

const attempt = (overrides: Partial<Attempt> = {}): Attempt => attemptAt(NOW, QUESTIONS, overrides);

describe('TakeExamPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    ({ harness, http } = await routedPage(
      [
        { path: 'attempts/:attemptId', component: TakeExamPage },
        { path: 'attempts/:attemptId/result', children: [] },
      ],
      [{ provide: ATTEMPT_STORE, useValue: new MemoryStore() }],
    ));
  });

  const root = () => harness.routeNativeElement as HTMLElement;
  const text = () => root().textContent ?? '';

  async function open(body: Attempt = attempt()): Promise<void> {
    await harness.navigateByUrl('/attempts/5');
    http.expectOne('/api/attempts/5').flush(body);
    await harness.fixture.whenStable();
  }

  it('shows the exam bar, the first question and the navigator', async () => {
    await open();
    expect(root().querySelector('h1')?.textContent).toContain('Python basics');
    const timer = root().querySelector('[role="timer"]');
    expect(timer?.textContent).toMatch(/(20:00|19:5\d)/);
    expect(timer?.getAttribute('aria-label')).toMatch(/^Time left: (20 minutes|19 minutes)/);
    expect(text()).toContain('0 of 4 answered');
    expect(text()).toContain('Saved');
    expect(root().querySelector('h2.question-heading')?.textContent).toContain('Question 1');
    // The question text is markdown; the radio group is labelled by the heading and the text.
    expect(root().querySelector('.question-text code')?.textContent).toBe('len([1, 2, 3])');
    const group = root().querySelector('mat-radio-group');
    expect(group?.getAttribute('aria-labelledby')).toBe('q-11-heading q-11-text');
    const labels = [...root().querySelectorAll('.nav-button')].map((b) =>
      b.getAttribute('aria-label'),
    );
    expect(labels).toEqual([
      'Question 1, not answered',
      'Question 2, not answered',
      'Question 3, not answered',
      'Question 4, not answered',
    ]);
    expect(root().querySelector('.nav-button')?.getAttribute('aria-current')).toBe('step');
  });

  it('saves a choice and marks the question answered', async () => {
    await open();
    const radio = root().querySelector<HTMLInputElement>('input[type="radio"]')!;
    radio.click();
    await harness.fixture.whenStable();
    const req = http.expectOne('/api/attempts/5/responses/11');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ selected_ids: [101], seq: 1 });
    expect(text()).toContain('Saving…');
    expect(text()).toContain('1 of 4 answered');
    expect(root().querySelector('.nav-button')?.getAttribute('aria-label')).toBe(
      'Question 1, answered',
    );
  });

  it('moves between questions and flags them', async () => {
    await open();
    const next = [...root().querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Next'),
    )!;
    next.click();
    await harness.fixture.whenStable();
    expect(root().querySelector('h2.question-heading')?.textContent).toContain('Question 2');
    expect(root().querySelectorAll('mat-checkbox').length).toBe(2);
    const flag = root().querySelector<HTMLButtonElement>('.flag-button')!;
    expect(flag.getAttribute('aria-pressed')).toBe('false');
    flag.click();
    await harness.fixture.whenStable();
    expect(flag.getAttribute('aria-pressed')).toBe('true');
    expect(root().querySelectorAll('.nav-button')[1].getAttribute('aria-label')).toBe(
      'Question 2, not answered, flagged',
    );
    // The last question offers the submission instead of Next.
    (root().querySelectorAll('.nav-button')[3] as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    expect(root().querySelector('input[type="number"]')).not.toBeNull();
    expect(text()).toContain('Review and submit');
  });

  it('shows every question on one page when the exam says so, without a timer if untimed', async () => {
    await open(
      attempt({
        deadline: null,
        exam: { ...attempt().exam, one_question_per_page: false, time_limit_minutes: null },
      }),
    );
    expect(root().querySelectorAll('app-question-card').length).toBe(4);
    expect(root().querySelector('[role="timer"]')).toBeNull();
    expect(root().querySelector('.nav-button')?.getAttribute('aria-current')).toBeNull();
  });

  it('shows an attempt read-only to its exam author', async () => {
    await open(
      attempt({
        read_only: true,
        responses: [
          {
            question_id: 13,
            selected_ids: [],
            text: 'def',
            number: null,
            pairs: null,
            ordered_ids: null,
            gaps: null,
            seq: 1,
            saved_at: new Date(NOW).toISOString(),
          },
        ],
      }),
    );
    expect(text()).toContain('read-only');
    expect(root().querySelectorAll('input').length).toBe(0);
    expect(root().querySelectorAll('app-question-card').length).toBe(4);
    expect(text()).toContain('Answer: def');
    expect(text()).not.toContain('Submit exam');
  });

  it('goes to the result page for a finished attempt', async () => {
    await open(attempt({ state: 'submitted', read_only: true }));
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/attempts/5/result');
  });

  it('says so for an unknown attempt', async () => {
    await harness.navigateByUrl('/attempts/5');
    http
      .expectOne('/api/attempts/5')
      .flush({ error: { message: 'No such attempt.' } }, { status: 404, statusText: 'Not Found' });
    await harness.fixture.whenStable();
    expect(text()).toContain('Attempt not found');
  });
});
