/**
 * The question editor's form, one shape for every type, and its mapping to and from the API:
 * - single: alternatives + which one is correct (credit 1; the others keep their own credit);
 * - multiple: alternatives, each with its credit (-1..1);
 * - true_false: which value is correct (+ feedback for each);
 * - short_answer: accepted answers (alternatives with credit) + case sensitivity;
 * - numeric: the answer and a tolerance (empty = exact);
 * - essay: an optional word limit (empty = none), no alternatives; a person grades it.
 * - matching: items, each with its answer (`match`), and extra wrong answers one per line;
 * - ordering: the items in the right order, and how credit is given;
 * - cloze: the text with `{#1}`, `{#2}`… and per gap its kind and answers: a choice gap's
 *   correct choice and other choices (one per line), a text gap's accepted answers (one per
 *   line, full credit). Partial credit in a gap is kept by the API, not written here.
 * Limits mirror the server's QuestionIn/AlternativeIn; completeness (what publishing needs) is
 * the server's to judge, so a draft question may be saved unfinished.
 */
import { FormArray, FormControl, FormGroup, type ValidatorFn, Validators } from '@angular/forms';

import type {
  AlternativeInput,
  Question,
  QuestionCreate,
  QuestionType,
} from '../../../core/api/api-types';

export type OrderingCredit = NonNullable<QuestionCreate['ordering_credit']>;
export type GapKind = 'choice' | 'text';
import { notBlank } from './exam-form';

export const QUESTION_LIMITS = {
  textMax: 10_000,
  feedbackMax: 5000,
  pointsMax: 1000,
  maxAlternatives: 50,
  wordLimitMax: 100_000,
} as const;

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: $localize`:@@author.type.single:Single choice`,
  multiple: $localize`:@@author.type.multiple:Multiple response`,
  true_false: $localize`:@@author.type.trueFalse:True / false`,
  short_answer: $localize`:@@author.type.shortAnswer:Short answer`,
  numeric: $localize`:@@author.type.numeric:Numeric`,
  essay: $localize`:@@author.type.essay:Essay`,
  matching: $localize`:@@author.type.matching:Matching`,
  ordering: $localize`:@@author.type.ordering:Ordering`,
  cloze: $localize`:@@author.type.cloze:Missing words`,
};

export const QUESTION_TYPE_ICONS: Record<QuestionType, string> = {
  single: 'radio_button_checked',
  multiple: 'check_box',
  true_false: 'rule',
  short_answer: 'short_text',
  numeric: 'pin',
  essay: 'notes',
  matching: 'compare_arrows',
  ordering: 'format_list_numbered',
  cloze: 'text_fields',
};

/** Greater than 0 (the server's points range excludes 0). */
const positive: ValidatorFn = (control) =>
  control.value === null || control.value > 0 ? null : { positive: true };

const finite: ValidatorFn = (control) =>
  control.value === null || Number.isFinite(control.value) ? null : { number: true };

export function buildAlternativeGroup(
  value: {
    id?: number | null;
    text?: string;
    credit?: number | null;
    feedback?: string;
    match?: string;
  } = {},
) {
  return new FormGroup({
    id: new FormControl<number | null>(value.id ?? null),
    /** matching: the answer this item pairs with. */
    match: new FormControl(value.match ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(QUESTION_LIMITS.textMax)],
    }),
    text: new FormControl(value.text ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(QUESTION_LIMITS.textMax), notBlank],
    }),
    credit: new FormControl<number | null>(value.credit ?? 0, [
      Validators.required,
      Validators.min(-1),
      Validators.max(1),
    ]),
    feedback: new FormControl(value.feedback ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(QUESTION_LIMITS.feedbackMax)],
    }),
  });
}

export type AlternativeGroup = ReturnType<typeof buildAlternativeGroup>;

/** A cloze gap: its kind, case rule and answers (`correct`: the choice, or accepted texts one
 * per line; `others`: a choice gap's wrong choices, one per line). */
export function buildGapGroup(
  value: { kind?: GapKind; case_sensitive?: boolean; correct?: string; others?: string } = {},
) {
  return new FormGroup({
    kind: new FormControl<GapKind>(value.kind ?? 'text', { nonNullable: true }),
    case_sensitive: new FormControl(value.case_sensitive ?? false, { nonNullable: true }),
    correct: new FormControl(value.correct ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(QUESTION_LIMITS.textMax)],
    }),
    others: new FormControl(value.others ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(QUESTION_LIMITS.textMax)],
    }),
  });
}

export type GapGroup = ReturnType<typeof buildGapGroup>;

export function buildQuestionForm() {
  return new FormGroup({
    type: new FormControl<QuestionType>('single', { nonNullable: true }),
    text: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(QUESTION_LIMITS.textMax), notBlank],
    }),
    points: new FormControl<number | null>(1, [
      Validators.required,
      positive,
      Validators.max(QUESTION_LIMITS.pointsMax),
    ]),
    general_feedback: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(QUESTION_LIMITS.feedbackMax)],
    }),
    /** single: the index of the correct alternative. */
    correct_index: new FormControl<number | null>(null),
    /** true_false: the correct value. */
    correct_value: new FormControl<boolean | null>(null),
    true_text: new FormControl('True', { nonNullable: true }),
    false_text: new FormControl('False', { nonNullable: true }),
    true_feedback: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(QUESTION_LIMITS.feedbackMax)],
    }),
    false_feedback: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(QUESTION_LIMITS.feedbackMax)],
    }),
    case_sensitive: new FormControl(false, { nonNullable: true }),
    numeric_answer: new FormControl<number | null>(null, [finite]),
    numeric_tolerance: new FormControl<number | null>(null, [finite, Validators.min(0)]),
    /** essay: the most words asked for; null = no limit. */
    word_limit: new FormControl<number | null>(null, [
      Validators.min(1),
      Validators.max(QUESTION_LIMITS.wordLimitMax),
      Validators.pattern(/^\d+$/),
    ]),
    alternatives: new FormArray<AlternativeGroup>([]),
    /** ordering: the whole order, or a share per item in its place. */
    ordering_credit: new FormControl<OrderingCredit>('whole', { nonNullable: true }),
    /** matching: extra wrong answers, one per line. */
    distractors: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(QUESTION_LIMITS.textMax)],
    }),
    /** cloze: the gaps `{#1}`, `{#2}`… */
    gaps: new FormArray<GapGroup>([]),
  });
}

export type QuestionForm = ReturnType<typeof buildQuestionForm>;
export type QuestionFormValue = ReturnType<QuestionForm['getRawValue']>;
export type AlternativeFormValue = QuestionFormValue['alternatives'][number];
export type GapFormValue = QuestionFormValue['gaps'][number];

/** The types whose alternatives the form lists one per row (text, credit, feedback…). */
export const STRUCTURED_STARTERS: Partial<Record<QuestionType, number>> = {
  matching: 2,
  ordering: 3,
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

const FULL = 1;
const isFull = (credit: number | null) => credit !== null && Math.abs(credit - FULL) < 1e-9;

/** Fill `form` from a stored question (or reset it for a new one of `type`). */
export function loadQuestionForm(
  form: QuestionForm,
  question: Question | null,
  type?: QuestionType,
) {
  form.controls.alternatives.clear({ emitEvent: false });
  form.controls.gaps.clear({ emitEvent: false });
  if (!question) {
    form.reset(
      { ...buildQuestionForm().getRawValue(), type: type ?? 'single' },
      { emitEvent: false },
    );
    const starters =
      type === 'short_answer'
        ? 1
        : type === 'single' || type === 'multiple'
          ? 2
          : (STRUCTURED_STARTERS[type ?? 'single'] ?? 0);
    if (type === 'cloze') form.controls.gaps.push(buildGapGroup(), { emitEvent: false });
    for (let i = 0; i < starters; i++) {
      form.controls.alternatives.push(
        buildAlternativeGroup({ credit: type === 'short_answer' ? 1 : 0 }),
        { emitEvent: false },
      );
    }
    return;
  }
  const value = questionToFormValue(question);
  for (const alternative of value.alternatives) {
    form.controls.alternatives.push(buildAlternativeGroup(alternative), { emitEvent: false });
  }
  for (const gap of value.gaps) {
    form.controls.gaps.push(buildGapGroup(gap), { emitEvent: false });
  }
  form.reset(value, { emitEvent: false });
}

export function questionToFormValue(question: Question): QuestionFormValue {
  const alternatives = [...question.alternatives].sort((a, b) => a.position - b.position);
  const base: QuestionFormValue = {
    type: question.type,
    text: question.text,
    points: question.points,
    general_feedback: question.general_feedback,
    correct_index: null,
    correct_value: null,
    true_text: 'True',
    false_text: 'False',
    true_feedback: '',
    false_feedback: '',
    case_sensitive: question.case_sensitive,
    numeric_answer: question.numeric_answer,
    numeric_tolerance: question.numeric_tolerance,
    word_limit: question.word_limit,
    alternatives: [],
    ordering_credit: question.ordering_credit ?? 'whole',
    distractors: '',
    gaps: [],
  };
  if (question.type === 'true_false') {
    const [first, second] = alternatives;
    if (first) {
      base.true_text = first.text;
      base.true_feedback = first.feedback;
    }
    if (second) {
      base.false_text = second.text;
      base.false_feedback = second.feedback;
    }
    if (first && isFull(first.credit)) base.correct_value = true;
    else if (second && isFull(second.credit)) base.correct_value = false;
    return base;
  }
  if (question.type === 'numeric' || question.type === 'essay') return base;
  if (question.type === 'cloze') {
    base.gaps = (question.gaps ?? []).map((gap, i) => {
      const own = alternatives.filter((a) => a.gap === i + 1);
      const full = own.filter((a) => isFull(a.credit));
      const rest = own.filter((a) => !isFull(a.credit));
      return gap.kind === 'choice'
        ? {
            kind: 'choice' as const,
            case_sensitive: gap.case_sensitive,
            correct: full[0]?.text ?? '',
            others: [...full.slice(1), ...rest].map((a) => a.text).join('\n'),
          }
        : {
            kind: 'text' as const,
            case_sensitive: gap.case_sensitive,
            correct: own.map((a) => a.text).join('\n'),
            others: '',
          };
    });
    return base;
  }
  if (question.type === 'matching') {
    base.distractors = alternatives
      .filter((a) => a.text.trim() === '')
      .map((a) => a.match)
      .join('\n');
    base.alternatives = alternatives
      .filter((a) => a.text.trim() !== '')
      .map((a) => ({ id: a.id, text: a.text, credit: 0, feedback: a.feedback, match: a.match }));
    return base;
  }
  base.alternatives = alternatives.map((a) => ({
    id: a.id,
    text: a.text,
    credit: a.credit,
    feedback: a.feedback,
    match: '',
  }));
  if (question.type === 'single') {
    const index = alternatives.findIndex((a) => isFull(a.credit));
    base.correct_index = index >= 0 ? index : null;
  }
  return base;
}

/** The complete question as the API takes it (POST, or PATCH replacing the alternatives). */
export function formValueToQuestion(value: QuestionFormValue): QuestionCreate & {
  alternatives: AlternativeInput[];
} {
  const common = {
    type: value.type,
    text: value.text.trim(),
    points: value.points ?? 1,
    general_feedback: value.general_feedback,
    numeric_answer: null,
    numeric_tolerance: null,
    case_sensitive: false,
  };
  const alternative = (a: AlternativeFormValue, credit: number): AlternativeInput => ({
    text: a.text.trim(),
    credit,
    feedback: a.feedback,
  });
  switch (value.type) {
    case 'numeric':
      return {
        ...common,
        numeric_answer: value.numeric_answer,
        numeric_tolerance: value.numeric_tolerance,
        alternatives: [],
      };
    case 'true_false':
      return {
        ...common,
        alternatives: [
          {
            text: value.true_text || 'True',
            credit: value.correct_value === true ? 1 : 0,
            feedback: value.true_feedback,
          },
          {
            text: value.false_text || 'False',
            credit: value.correct_value === false ? 1 : 0,
            feedback: value.false_feedback,
          },
        ],
      };
    case 'single':
      return {
        ...common,
        alternatives: value.alternatives.map((a, i) =>
          alternative(a, i === value.correct_index ? FULL : isFull(a.credit) ? 0 : (a.credit ?? 0)),
        ),
      };
    case 'short_answer':
      return {
        ...common,
        case_sensitive: value.case_sensitive,
        alternatives: value.alternatives.map((a) => alternative(a, a.credit ?? 0)),
      };
    case 'multiple':
      return {
        ...common,
        alternatives: value.alternatives.map((a) => alternative(a, a.credit ?? 0)),
      };
    case 'essay':
      return { ...common, word_limit: value.word_limit ?? null, alternatives: [] };
    case 'matching':
      return {
        ...common,
        alternatives: [
          ...value.alternatives.map((a) => ({
            text: a.text.trim(),
            match: a.match.trim(),
            credit: 0,
            feedback: a.feedback,
          })),
          ...lines(value.distractors).map((match) => ({ text: '', match, credit: 0 })),
        ],
      };
    case 'ordering':
      return {
        ...common,
        ordering_credit: value.ordering_credit,
        alternatives: value.alternatives.map((a) => alternative(a, 0)),
      };
    case 'cloze':
      return {
        ...common,
        gaps: value.gaps.map((g) => ({ kind: g.kind, case_sensitive: g.case_sensitive })),
        alternatives: value.gaps.flatMap((g, i) => gapAlternatives(g, i + 1)),
      };
    default:
      // Not offered by the dialog yet (AUTHORED_QUESTION_TYPES).
      throw new Error(`${value.type} questions are not written with this form yet.`);
  }
}

function gapAlternatives(gap: GapFormValue, n: number): AlternativeInput[] {
  if (gap.kind === 'text') {
    return lines(gap.correct).map((text) => ({ text, credit: 1, gap: n }));
  }
  const correct = gap.correct.trim();
  return [
    ...(correct ? [{ text: correct, credit: 1, gap: n }] : []),
    ...lines(gap.others).map((text) => ({ text, credit: 0, gap: n })),
  ];
}

/** The next gap's marker, e.g. `{#3}`. */
export function gapMarker(n: number): string {
  return `{#${n}}`;
}

/** A one-line plain-text excerpt of a question for lists. */
export function excerpt(text: string, max = 140): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** Move an item of a list from one index to another (a copy; out-of-range moves change nothing). */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const copy = [...items];
  if (from < 0 || from >= copy.length || to < 0 || to >= copy.length || from === to) return copy;
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return copy;
}
