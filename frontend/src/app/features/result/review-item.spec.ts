import type { ReviewItem } from '../../core/api/api-types';
import { outcomeOf, structuredKey } from './review-item';

function item(overrides: Partial<ReviewItem>): ReviewItem {
  return {
    id: 1,
    type: 'matching',
    text: 'Capitals',
    points: 2,
    word_limit: null,
    alternatives: [],
    answers: [],
    gaps: [],
    answer: null,
    credit: 0,
    score: 0,
    is_correct: false,
    awaiting_grading: false,
    manually_graded: false,
    graded_by_name: null,
    grader_comment: '',
    correct: {
      alternative_ids: [],
      accepted_answers: [],
      numeric_answer: null,
      numeric_tolerance: null,
      pairs: [],
      ordered_ids: [],
      gaps: [],
    },
    general_feedback: '',
    feedback: [],
    ...overrides,
  };
}

const answer = (fields: Partial<NonNullable<ReviewItem['answer']>>) => ({
  selected_ids: [],
  text: null,
  number: null,
  pairs: null,
  ordered_ids: null,
  gaps: null,
  ...fields,
});

describe('review of matching, ordering and cloze questions', () => {
  it('tells a partly right structured answer from an unanswered one', () => {
    expect(outcomeOf(item({ answer: answer({ pairs: [] }) }))).toBe('unanswered');
    const partly = item({
      answer: answer({ pairs: [{ item_id: 11, answer_id: 12 }] }),
      credit: 0.5,
    });
    expect(outcomeOf(partly)).toBe('partial');
  });

  it('says the key in words', () => {
    const matching = item({
      alternatives: [
        { id: 11, text: 'France' },
        { id: 12, text: 'Italy' },
      ],
      answers: [
        { id: 12, text: 'Rome' },
        { id: 11, text: 'Paris' },
      ],
    });
    matching.correct.pairs = [
      { item_id: 11, answer_id: 11 },
      { item_id: 12, answer_id: 12 },
    ];
    expect(structuredKey(matching)).toBe('France → Paris; Italy → Rome');

    const ordering = item({
      type: 'ordering',
      alternatives: [
        { id: 2, text: 'cat' },
        { id: 1, text: 'ant' },
      ],
    });
    ordering.correct.ordered_ids = [1, 2];
    expect(structuredKey(ordering)).toBe('ant → cat');

    const cloze = item({
      type: 'cloze',
      gaps: [
        { gap: 1, kind: 'text', choices: [] },
        {
          gap: 2,
          kind: 'choice',
          choices: [
            { id: 5, text: 'dry' },
            { id: 6, text: 'wet' },
          ],
        },
      ],
    });
    cloze.correct.gaps = [
      { gap: 1, alternative_ids: [], accepted_answers: ['100', 'hundred'] },
      { gap: 2, alternative_ids: [6], accepted_answers: [] },
    ];
    expect(structuredKey(cloze)).toBe('Gap 1: 100 / hundred; Gap 2: wet');
  });
});
