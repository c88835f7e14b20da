import type { Question, QuestionType } from '../../../core/api/api-types';
import {
  buildQuestionForm,
  formValueToQuestion,
  loadQuestionForm,
  moved,
  questionToFormValue,
} from './question-form';

let nextId = 1;
function question(type: QuestionType, overrides: Partial<Question> = {}): Question {
  return {
    id: 10,
    exam_id: 1,
    position: 0,
    type,
    text: 'What?',
    points: 2,
    general_feedback: 'Because.',
    numeric_answer: null,
    numeric_tolerance: null,
    case_sensitive: false,
    word_limit: null,
    ordering_credit: 'whole',
    gaps: [],
    bank_version_id: null,
    alternatives: [],
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}
const alt = (text: string, credit: number, feedback = '', position = 0) => ({
  id: nextId++,
  question_id: 10,
  position,
  text,
  credit,
  feedback,
  match: '',
  gap: 0,
});

describe('question form ↔ API', () => {
  it('single choice: the correct radio gives credit 1, the others keep theirs', () => {
    const value = questionToFormValue(
      question('single', {
        alternatives: [alt('B', 0.5, '', 1), alt('A', 1, 'yes', 0), alt('C', 0, '', 2)],
      }),
    );
    // Alternatives come in position order; the full-credit one is the correct one.
    expect(value.alternatives.map((a) => a.text)).toEqual(['A', 'B', 'C']);
    expect(value.correct_index).toBe(0);

    value.correct_index = 2; // the author picks C
    const payload = formValueToQuestion(value);
    expect(payload.alternatives).toEqual([
      { text: 'A', credit: 0, feedback: 'yes' },
      { text: 'B', credit: 0.5, feedback: '' },
      { text: 'C', credit: 1, feedback: '' },
    ]);
    expect(payload).toMatchObject({ type: 'single', points: 2, numeric_answer: null });
  });

  it('multiple response keeps every credit', () => {
    const payload = formValueToQuestion(
      questionToFormValue(
        question('multiple', { alternatives: [alt('A', 0.5), alt('B', 0.5), alt('C', -1)] }),
      ),
    );
    expect(payload.alternatives.map((a) => a.credit)).toEqual([0.5, 0.5, -1]);
  });

  it('true/false: the correct value becomes the two alternatives', () => {
    const value = questionToFormValue(
      question('true_false', {
        alternatives: [alt('True', 0, 'No.', 0), alt('False', 1, 'Right.', 1)],
      }),
    );
    expect(value.correct_value).toBe(false);
    expect(value.false_feedback).toBe('Right.');
    value.correct_value = true;
    expect(formValueToQuestion(value).alternatives).toEqual([
      { text: 'True', credit: 1, feedback: 'No.' },
      { text: 'False', credit: 0, feedback: 'Right.' },
    ]);
    // Created without a correct value: both 0 (publishing says what is missing).
    expect(
      questionToFormValue(
        question('true_false', { alternatives: [alt('True', 0), alt('False', 0)] }),
      ).correct_value,
    ).toBeNull();
  });

  it('short answer: accepted answers and the case rule', () => {
    const value = questionToFormValue(
      question('short_answer', {
        case_sensitive: true,
        alternatives: [alt('Paris', 1, 'Yes'), alt('paris*', 0.5)],
      }),
    );
    const payload = formValueToQuestion(value);
    expect(payload.case_sensitive).toBe(true);
    expect(payload.alternatives).toEqual([
      { text: 'Paris', credit: 1, feedback: 'Yes' },
      { text: 'paris*', credit: 0.5, feedback: '' },
    ]);
  });

  it('numeric: answer and tolerance, never alternatives', () => {
    const value = questionToFormValue(
      question('numeric', { numeric_answer: 3.14, numeric_tolerance: 0.01 }),
    );
    const payload = formValueToQuestion(value);
    expect(payload).toMatchObject({
      numeric_answer: 3.14,
      numeric_tolerance: 0.01,
      alternatives: [],
    });
  });

  it('essay: a word limit (or none), never alternatives', () => {
    const value = questionToFormValue(question('essay', { word_limit: 250 }));
    expect(value.word_limit).toBe(250);
    expect(formValueToQuestion(value)).toMatchObject({
      type: 'essay',
      word_limit: 250,
      alternatives: [],
    });
    const form = buildQuestionForm();
    form.controls.word_limit.setValue(0);
    expect(form.controls.word_limit.hasError('min')).toBe(true);
    form.controls.word_limit.setValue(null);
    expect(form.controls.word_limit.valid).toBe(true);
    expect(formValueToQuestion({ ...value, word_limit: null }).word_limit).toBeNull();
  });

  it('changing the type drops what the new type does not use', () => {
    const value = questionToFormValue(
      question('numeric', { numeric_answer: 3, numeric_tolerance: null }),
    );
    value.type = 'single';
    const payload = formValueToQuestion(value);
    expect(payload.numeric_answer).toBeNull();
    expect(payload.alternatives).toEqual([]);
  });

  it('a new question starts with blank alternatives for its type, and validates limits', () => {
    const form = buildQuestionForm();
    loadQuestionForm(form, null, 'single');
    expect(form.controls.alternatives.length).toBe(2);
    loadQuestionForm(form, null, 'short_answer');
    expect(form.controls.alternatives.length).toBe(1);
    expect(form.controls.alternatives.at(0).controls.credit.value).toBe(1);
    loadQuestionForm(form, null, 'numeric');
    expect(form.controls.alternatives.length).toBe(0);
    expect(form.getRawValue()).toMatchObject({ type: 'numeric', points: 1, text: '' });
    expect(form.controls.text.hasError('required')).toBe(true);
    form.controls.text.setValue('How many?');
    form.controls.points.setValue(0);
    expect(form.controls.points.hasError('positive')).toBe(true);
    form.controls.points.setValue(1001);
    expect(form.controls.points.hasError('max')).toBe(true);
    form.controls.points.setValue(1);
    form.controls.numeric_tolerance.setValue(-1);
    expect(form.controls.numeric_tolerance.hasError('min')).toBe(true);
    form.controls.numeric_tolerance.setValue(null);
    expect(form.valid).toBe(true);

    loadQuestionForm(form, question('multiple', { alternatives: [alt('A', 1), alt('B', 0)] }));
    const credit = form.controls.alternatives.at(1).controls.credit;
    credit.setValue(1.5);
    expect(credit.hasError('max')).toBe(true);
    credit.setValue(-1);
    expect(credit.valid).toBe(true);
  });

  it('moves items for reordering', () => {
    expect(moved(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('matching: items with their answers, distractors one per line, both ways', () => {
    const stored = question('matching', {
      alternatives: [
        { ...alt('France', 0), match: 'Paris' },
        { ...alt('Italy', 0, '', 1), match: 'Rome' },
        { ...alt('', 0, '', 2), match: 'Berlin' },
      ],
    });
    const value = questionToFormValue(stored);
    expect(value.alternatives.map((a) => [a.text, a.match])).toEqual([
      ['France', 'Paris'],
      ['Italy', 'Rome'],
    ]);
    expect(value.distractors).toBe('Berlin');
    value.distractors = 'Berlin\n\n  Madrid ';
    expect(formValueToQuestion(value).alternatives).toEqual([
      { text: 'France', match: 'Paris', credit: 0, feedback: '' },
      { text: 'Italy', match: 'Rome', credit: 0, feedback: '' },
      { text: '', match: 'Berlin', credit: 0 },
      { text: '', match: 'Madrid', credit: 0 },
    ]);
  });

  it('ordering: the items in order and the credit rule', () => {
    const value = questionToFormValue(
      question('ordering', {
        ordering_credit: 'per_item',
        alternatives: [alt('b', 0, '', 1), alt('a', 0, '', 0)],
      }),
    );
    const payload = formValueToQuestion(value);
    expect(payload.ordering_credit).toBe('per_item');
    expect(payload.alternatives.map((a) => a.text)).toEqual(['a', 'b']);
  });

  it('cloze: gaps with their choices or accepted answers, both ways', () => {
    const stored = question('cloze', {
      text: 'Water boils at {#1} and is {#2}.',
      gaps: [
        { kind: 'text', case_sensitive: true },
        { kind: 'choice', case_sensitive: false },
      ],
      alternatives: [
        { ...alt('100', 1), gap: 1 },
        { ...alt('hundred', 1, '', 1), gap: 1 },
        { ...alt('dry', 0, '', 2), gap: 2 },
        { ...alt('wet', 1, '', 3), gap: 2 },
      ],
    });
    const value = questionToFormValue(stored);
    expect(value.gaps).toEqual([
      { kind: 'text', case_sensitive: true, correct: '100\nhundred', others: '' },
      { kind: 'choice', case_sensitive: false, correct: 'wet', others: 'dry' },
    ]);
    const payload = formValueToQuestion(value);
    expect(payload.gaps).toEqual([
      { kind: 'text', case_sensitive: true },
      { kind: 'choice', case_sensitive: false },
    ]);
    expect(payload.alternatives).toEqual([
      { text: '100', credit: 1, gap: 1 },
      { text: 'hundred', credit: 1, gap: 1 },
      { text: 'wet', credit: 1, gap: 2 },
      { text: 'dry', credit: 0, gap: 2 },
    ]);
    const form = buildQuestionForm();
    loadQuestionForm(form, stored);
    expect(form.controls.gaps.length).toBe(2);
    loadQuestionForm(form, null, 'cloze');
    expect(form.controls.gaps.length).toBe(1);
  });
});
