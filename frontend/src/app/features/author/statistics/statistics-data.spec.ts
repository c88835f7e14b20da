import type { QuestionStat } from '../../../core/api/api-types';
import {
  bucketsFromHistogram,
  choiceRows,
  coefficient,
  flagList,
  flaggedCount,
  itemChartSummary,
  itemPoints,
  percentOf,
  percentText,
  reliabilityLabel,
  reliabilityName,
} from './statistics-data';

function stat(overrides: Partial<QuestionStat> = {}): QuestionStat {
  return {
    question_id: 1,
    number: 1,
    type: 'single',
    text: 'Q',
    points: 1,
    n: 10,
    answered: 10,
    facility: 0.5,
    mean_score: 0.5,
    sd: 0.5,
    discrimination: 0.4,
    discrimination_27: 0.6,
    alternatives: null,
    answers: null,
    parts: null,
    flags: [],
    ...overrides,
  };
}

describe('statistics data', () => {
  it('formats fractions, percentages and coefficients', () => {
    expect(percentOf(0.8571)).toBe('85.7 %');
    expect(percentOf(1)).toBe('100 %');
    expect(percentOf(null)).toBe('—');
    expect(percentText(72.456)).toBe('72.5 %');
    expect(percentText(undefined)).toBe('—');
    expect(coefficient(0.4567)).toBe('0.46');
    expect(coefficient(-0.25)).toBe('−0.25');
    expect(coefficient(0)).toBe('0.00');
    expect(coefficient(null)).toBe('—');
  });

  it('labels the histogram buckets like the results page', () => {
    expect(
      bucketsFromHistogram([
        { from: 0, to: 10, count: 2 },
        { from: 90, to: 100, count: 1 },
      ]),
    ).toEqual([
      { from: 0, to: 10, label: '0–10 %', count: 2 },
      { from: 90, to: 100, label: '90–100 %', count: 1 },
    ]);
  });

  it('lists flags in words, most serious first, ignoring unknown ones', () => {
    expect(flagList(['too_easy', 'negative_discrimination', 'weird']).map((f) => f.label)).toEqual([
      'Negative discrimination',
      'Too easy',
    ]);
    expect(flagList(['insufficient_data'])[0]).toMatchObject({
      label: 'Not enough data',
      severity: 'info',
    });
  });

  it('counts flagged questions, not those merely without data', () => {
    expect(
      flaggedCount([
        stat({ flags: ['too_hard'] }),
        stat({ flags: ['insufficient_data'] }),
        stat({ flags: [] }),
      ]),
    ).toBe(1);
  });

  it.each([
    [null, 'Not enough data (needs 2 questions and 2 attempts whose totals vary)'],
    [0.95, 'Excellent'],
    [0.85, 'Good'],
    [0.7, 'Acceptable'],
    [0.6, 'Poor'],
    [0.2, 'Unacceptable'],
  ])('alpha %s reads %s', (alpha, label) => {
    expect(reliabilityLabel(alpha)).toBe(label);
  });

  it('names KR-20 when every question is right/wrong', () => {
    expect(reliabilityName({ dichotomous: true })).toContain('KR-20');
    expect(reliabilityName({ dichotomous: false })).toBe('Cronbach’s alpha');
  });

  it('turns questions into chart points and a summary', () => {
    const questions = [
      stat({ number: 1, facility: 0.9, discrimination: 0.3 }),
      stat({ number: 2, facility: 0.2, discrimination: -0.1 }),
    ];
    expect(itemPoints(questions)).toEqual([
      { label: 'Q1', facility: 0.9, discrimination: 0.3 },
      { label: 'Q2', facility: 0.2, discrimination: -0.1 },
    ]);
    expect(itemChartSummary(questions)).toBe(
      'Facility and discrimination per question: question 1: facility 90 %, discrimination 0.30; ' +
        'question 2: facility 20 %, discrimination −0.10.',
    );
    expect(itemChartSummary([stat({ facility: null })])).toContain('not enough attempts');
    expect(itemChartSummary([])).toContain('no questions');
  });

  it('lists how often each alternative was chosen', () => {
    const rows = choiceRows(
      stat({
        alternatives: [
          { id: 1, text: 'Paris', credit: 1, count: 3, share: 0.75 },
          { id: 2, text: 'Lyon', credit: 0, count: 1, share: 0.25 },
          { id: 3, text: 'Half', credit: 0.5, count: 0, share: 0 },
        ],
      }),
    );
    expect(rows).toEqual([
      { label: 'Paris', count: 3, share: '75 %', width: 75, verdict: 'Right', right: true },
      { label: 'Lyon', count: 1, share: '25 %', width: 25, verdict: 'Wrong', right: false },
      {
        label: 'Half',
        count: 0,
        share: '0 %',
        width: 0,
        verdict: 'Partly right (50 %)',
        right: true,
      },
    ]);
  });

  it('lists the answers given to open questions', () => {
    const rows = choiceRows(
      stat({
        type: 'numeric',
        answers: [
          { answer: 3.14, count: 2, share: 0.5, credit: 1 },
          { answer: '', count: 1, share: 0.25, credit: null },
        ],
      }),
    );
    expect(rows.map((r) => [r.label, r.verdict])).toEqual([
      ['3.14', 'Right'],
      ['(empty)', null],
    ]);
  });

  it('lists the parts of matching, ordering and cloze questions with how often they were right', () => {
    const rows = choiceRows(
      stat({ type: 'cloze', parts: [{ id: 1, text: 'Gap 1', correct: 3, share: 0.3 }] }),
    );
    expect(rows).toEqual([
      { label: 'Gap 1', count: 3, share: '30 %', width: 30, verdict: null, right: false },
    ]);
  });
});
