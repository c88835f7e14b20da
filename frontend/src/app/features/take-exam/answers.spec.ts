import type { AttemptQuestion, SavedAnswer } from '../../core/api/api-types';
import {
  type Answer,
  EMPTY_ANSWER,
  describeAnswer,
  isAnswered,
  mergeOnResume,
  sameAnswer,
  toFinal,
  toRequest,
} from './answers';

const choice = (ids: number[]): Answer => ({ ...EMPTY_ANSWER, selectedIds: ids });
const text = (value: string | null): Answer => ({ ...EMPTY_ANSWER, text: value });
const num = (value: number | null): Answer => ({ ...EMPTY_ANSWER, number: value });

function saved(questionId: number, seq: number, fields: Partial<SavedAnswer> = {}): SavedAnswer {
  return {
    question_id: questionId,
    selected_ids: [],
    text: null,
    number: null,
    pairs: null,
    ordered_ids: null,
    gaps: null,
    seq,
    saved_at: '2026-06-01T10:00:00Z',
    ...fields,
  };
}

describe('answers', () => {
  it('knows when a question counts as answered', () => {
    expect(isAnswered('single', choice([3]))).toBe(true);
    expect(isAnswered('multiple', choice([]))).toBe(false);
    expect(isAnswered('true_false', undefined)).toBe(false);
    expect(isAnswered('short_answer', text('def'))).toBe(true);
    expect(isAnswered('short_answer', text('   '))).toBe(false);
    expect(isAnswered('short_answer', text(null))).toBe(false);
    expect(isAnswered('numeric', num(0))).toBe(true);
    expect(isAnswered('numeric', num(null))).toBe(false);
    expect(isAnswered('numeric', num(Number.NaN))).toBe(false);
  });

  it('compares answers by value', () => {
    expect(sameAnswer(choice([1, 2]), choice([1, 2]))).toBe(true);
    expect(sameAnswer(choice([1, 2]), choice([2, 1]))).toBe(false);
    expect(sameAnswer(text('a'), text('a'))).toBe(true);
    expect(sameAnswer(num(1), num(2))).toBe(false);
  });

  it('sends only the field of the question type', () => {
    expect(toRequest('multiple', choice([4, 5]), 7)).toEqual({ selected_ids: [4, 5], seq: 7 });
    expect(toRequest('short_answer', text('def'), 1)).toEqual({ text: 'def', seq: 1 });
    expect(toRequest('short_answer', text(null), 2)).toEqual({ text: '', seq: 2 });
    expect(toRequest('numeric', num(3.14), 3)).toEqual({ number: 3.14, seq: 3 });
    expect(toRequest('numeric', num(null), 4)).toEqual({ number: null, seq: 4 });
    expect(toFinal('single', { questionId: 9, answer: choice([1]), seq: 5 })).toEqual({
      question_id: 9,
      selected_ids: [1],
      seq: 5,
    });
  });

  describe('mergeOnResume', () => {
    it('takes the server answers when nothing is pending', () => {
      const merged = mergeOnResume([saved(1, 3, { selected_ids: [10] })], []);
      expect(merged.get(1)).toEqual({ answer: choice([10]), seq: 3, pending: false });
    });

    it('prefers an outbox entry with a higher seq (typed here, not yet acknowledged)', () => {
      const merged = mergeOnResume(
        [saved(1, 3, { text: 'old' })],
        [{ questionId: 1, answer: text('newer'), seq: 4 }],
      );
      expect(merged.get(1)).toEqual({ answer: text('newer'), seq: 4, pending: true });
    });

    it('keeps the server answer when the outbox entry is older or the same', () => {
      const merged = mergeOnResume(
        [saved(1, 5, { text: 'from the other device' }), saved(2, 2, { number: 7 })],
        [
          { questionId: 1, answer: text('stale'), seq: 4 },
          { questionId: 2, answer: num(7), seq: 2 },
        ],
      );
      expect(merged.get(1)?.answer.text).toBe('from the other device');
      expect(merged.get(1)?.pending).toBe(false);
      expect(merged.get(2)).toEqual({ answer: num(7), seq: 2, pending: false });
    });

    it('adds answers the server has never seen', () => {
      const merged = mergeOnResume([], [{ questionId: 8, answer: num(1024), seq: 1 }]);
      expect(merged.get(8)).toEqual({ answer: num(1024), seq: 1, pending: true });
    });
  });

  it('describes an answer for the read-only view', () => {
    const q: AttemptQuestion = {
      id: 1,
      type: 'multiple',
      text: '?',
      points: 1,
      word_limit: null,
      alternatives: [
        { id: 1, text: 'A' },
        { id: 2, text: 'B' },
      ],
      answers: [],
      gaps: [],
    };
    expect(describeAnswer(q, choice([2, 1]))).toBe('A; B');
    expect(describeAnswer(q, undefined)).toBe('Not answered');
    expect(
      describeAnswer({ ...q, type: 'numeric', alternatives: [], answers: [], gaps: [] }, num(2.5)),
    ).toBe('2.5');
  });
});
