import type { AuthorExam, AuthorExamSummary, Question } from '../../core/api/api-types';

/** For the specs: a single-choice question as the author API sends it (2 alternatives). */
export function authorQuestion(id: number, overrides: Partial<Question> = {}): Question {
  return {
    id,
    exam_id: 7,
    position: id,
    type: 'single',
    text: `Question text ${id}`,
    points: 1,
    general_feedback: '',
    numeric_answer: null,
    numeric_tolerance: null,
    case_sensitive: false,
    word_limit: null,
    ordering_credit: 'whole',
    gaps: [],
    bank_version_id: null,
    alternatives: [
      {
        id: id * 10,
        question_id: id,
        position: 1,
        text: 'Right',
        credit: 1,
        feedback: '',
        match: '',
        gap: 0,
      },
      {
        id: id * 10 + 1,
        question_id: id,
        position: 2,
        text: 'Wrong',
        credit: 0,
        feedback: '',
        match: '',
        gap: 0,
      },
    ],
    updated_at: '2026-06-01T09:00:00Z',
    ...overrides,
  };
}

/** For the specs: a draft exam with `questions` as the author API sends it. */
export function authorExam(overrides: Partial<AuthorExam> = {}): AuthorExam {
  const questions = overrides.questions ?? [];
  return {
    id: 7,
    title: 'Algebra',
    description: 'Equations',
    long_description: '',
    status: 'draft',
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
    question_count: questions.length,
    total_points: questions.reduce((sum, q) => sum + q.points, 0),
    author_name: 'Alan Author',
    published_at: null,
    shuffle_questions: false,
    shuffle_alternatives: false,
    created_at: '2026-06-01T09:00:00Z',
    updated_at: '2026-06-01T09:00:00Z',
    created_by_id: 1,
    updated_by_id: null,
    attempt_count: 0,
    course_id: null,
    course_name: null,
    questions,
    slots: [],
    publish_problems: {},
    ...overrides,
  };
}

/** For the specs: a row of "My exams". */
export function examSummary(id: number, overrides: Partial<AuthorExamSummary> = {}) {
  const summary: Partial<AuthorExam> = { ...authorExam({ id }), title: `Exam ${id}` };
  delete summary.questions;
  delete summary.publish_problems;
  return { ...summary, ...overrides } as AuthorExamSummary;
}
