import type { Attempt, AttemptQuestion } from './api-types';

/**
 * For the specs: an attempt in progress as the API sends it at `now` (20 minutes left, the
 * "Python basics" exam, one question per page), with `questions` and any `overrides`.
 */
export function attemptAt(
  now: number,
  questions: AttemptQuestion[],
  overrides: Partial<Attempt> = {},
): Attempt {
  return {
    id: 5,
    number: 1,
    state: 'in_progress',
    started_at: new Date(now).toISOString(),
    submitted_at: null,
    deadline: new Date(now + 20 * 60_000).toISOString(),
    server_now: new Date(now).toISOString(),
    grace_period_seconds: 30,
    read_only: false,
    exam: {
      id: 1,
      title: 'Python basics',
      description: '',
      time_limit_minutes: 20,
      closes_at: null,
      one_question_per_page: true,
      review_policy: 'immediately',
      pass_mark_percent: 50,
      language: 'en',
    },
    questions,
    responses: [],
    result: null,
    ...overrides,
  };
}
