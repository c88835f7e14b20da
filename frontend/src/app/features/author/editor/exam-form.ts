/**
 * The exam settings form: its controls and validators (mirroring the server's ExamPatchIn), and
 * the mapping between the API's exam and the form (toggles for "no time limit", "unlimited
 * attempts", "no pass mark"; local date-time inputs for the ISO instants).
 */
import {
  type AbstractControl,
  FormControl,
  FormGroup,
  type ValidationErrors,
  type ValidatorFn,
  Validators,
} from '@angular/forms';

import type { AuthorExam, ExamPatch, ReviewPolicy } from '../../../core/api/api-types';
import { isoToLocalInput, localInputToIso } from '../../../shared/local-time';

export const EXAM_LIMITS = {
  titleMax: 200,
  descriptionMax: 2000,
  longDescriptionMax: 50_000,
  timeLimit: [1, 1440],
  grace: [0, 600],
  attempts: [1, 100],
  passMark: [0, 100],
} as const;

export const REVIEW_POLICY_LABELS: Record<ReviewPolicy, string> = {
  immediately: 'Right after submitting',
  after_close: 'After the exam closes',
  never: 'Never (score only)',
};

/** Not only spaces. */
export const notBlank: ValidatorFn = (control) =>
  typeof control.value === 'string' && control.value.length > 0 && !control.value.trim()
    ? { blank: true }
    : null;

/** A whole number (null passes: combine with `required`). */
export const integer: ValidatorFn = (control) =>
  control.value === null || control.value === '' || Number.isInteger(control.value)
    ? null
    : { integer: true };

/** closes_at after opens_at (both local inputs; empty = no bound). */
export const closesAfterOpens: ValidatorFn = (
  control: AbstractControl,
): ValidationErrors | null => {
  const opens = localInputToIso(control.parent?.get('opens_at')?.value as string | undefined);
  const closes = localInputToIso(control.value as string | undefined);
  if (!opens || !closes) return null;
  return new Date(closes) > new Date(opens) ? null : { closesBeforeOpens: true };
};

/** A date-time input that the browser could not read gives "" — fine; anything else must parse. */
const validLocalDateTime: ValidatorFn = (control) =>
  !control.value || localInputToIso(control.value as string) ? null : { dateTime: true };

const range = ([min, max]: readonly [number, number]) => [Validators.min(min), Validators.max(max)];

export function buildExamForm() {
  const form = new FormGroup({
    title: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(EXAM_LIMITS.titleMax), notBlank],
    }),
    description: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(EXAM_LIMITS.descriptionMax)],
    }),
    long_description: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(EXAM_LIMITS.longDescriptionMax)],
    }),
    timed: new FormControl(false, { nonNullable: true }),
    time_limit_minutes: new FormControl<number | null>(60, [
      Validators.required,
      integer,
      ...range(EXAM_LIMITS.timeLimit),
    ]),
    grace_period_seconds: new FormControl<number | null>(30, [
      Validators.required,
      integer,
      ...range(EXAM_LIMITS.grace),
    ]),
    unlimited_attempts: new FormControl(false, { nonNullable: true }),
    max_attempts: new FormControl<number | null>(1, [
      Validators.required,
      integer,
      ...range(EXAM_LIMITS.attempts),
    ]),
    opens_at: new FormControl('', { nonNullable: true, validators: [validLocalDateTime] }),
    closes_at: new FormControl('', {
      nonNullable: true,
      validators: [validLocalDateTime, closesAfterOpens],
    }),
    shuffle_questions: new FormControl(false, { nonNullable: true }),
    shuffle_alternatives: new FormControl(false, { nonNullable: true }),
    one_question_per_page: new FormControl(true, { nonNullable: true }),
    has_pass_mark: new FormControl(false, { nonNullable: true }),
    pass_mark_percent: new FormControl<number | null>(50, [
      Validators.required,
      ...range(EXAM_LIMITS.passMark),
    ]),
    review_policy: new FormControl<ReviewPolicy>('immediately', { nonNullable: true }),
    practice_mode: new FormControl(false, { nonNullable: true }),
    // The exam content's language (BCP 47), kept as loaded until the form offers a picker.
    language: new FormControl('en', { nonNullable: true }),
    /** The course whose students take it; null: public (the catalogue). */
    course_id: new FormControl<number | null>(null),
  });
  return form;
}

export type ExamForm = ReturnType<typeof buildExamForm>;
export type ExamFormValue = ReturnType<ExamForm['getRawValue']>;

/** The values a new exam's form starts with (the server's defaults). */
export function newExamFormValue(): ExamFormValue {
  return buildExamForm().getRawValue();
}

export function examToFormValue(exam: AuthorExam): ExamFormValue {
  return {
    title: exam.title,
    description: exam.description,
    long_description: exam.long_description,
    timed: exam.time_limit_minutes !== null,
    time_limit_minutes: exam.time_limit_minutes ?? 60,
    grace_period_seconds: exam.grace_period_seconds,
    unlimited_attempts: exam.max_attempts === null,
    max_attempts: exam.max_attempts ?? 1,
    opens_at: isoToLocalInput(exam.opens_at),
    closes_at: isoToLocalInput(exam.closes_at),
    shuffle_questions: exam.shuffle_questions,
    shuffle_alternatives: exam.shuffle_alternatives,
    one_question_per_page: exam.one_question_per_page,
    has_pass_mark: exam.pass_mark_percent !== null,
    pass_mark_percent: exam.pass_mark_percent ?? 50,
    review_policy: exam.review_policy,
    practice_mode: exam.practice_mode,
    language: exam.language,
    course_id: exam.course_id,
  };
}

/** Every setting, as the API takes it. */
export function formValueToPayload(value: ExamFormValue): Required<ExamPatch> {
  return {
    title: value.title.trim(),
    description: value.description,
    long_description: value.long_description,
    time_limit_minutes: value.timed ? value.time_limit_minutes : null,
    grace_period_seconds: value.grace_period_seconds ?? 30,
    max_attempts: value.unlimited_attempts ? null : value.max_attempts,
    opens_at: localInputToIso(value.opens_at),
    closes_at: localInputToIso(value.closes_at),
    shuffle_questions: value.shuffle_questions,
    shuffle_alternatives: value.shuffle_alternatives,
    one_question_per_page: value.one_question_per_page,
    pass_mark_percent: value.has_pass_mark ? value.pass_mark_percent : null,
    review_policy: value.review_policy,
    practice_mode: value.practice_mode,
    language: value.language,
    course_id: value.course_id,
  };
}

/**
 * Only the settings that differ from `before` (a PATCH touches what the author changed, so the
 * audit trail names those fields and a frozen pass mark is never sent back unchanged).
 */
export function changedSettings(before: ExamPatch, after: ExamPatch): ExamPatch {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = (before as Record<string, unknown>)[key];
    if (!sameSetting(old, value)) changes[key] = value;
  }
  return changes as ExamPatch;
}

function sameSetting(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(a)) {
    return new Date(a).getTime() === new Date(b).getTime();
  }
  return a === b;
}

/**
 * Disable the controls that a toggle switches off (a disabled control is not validated), and
 * the ones the exam's state locks.
 */
export function syncExamFormState(
  form: ExamForm,
  state: { readOnly: boolean; gradingLocked: boolean },
): void {
  const c = form.controls;
  const opts = { emitEvent: false };
  if (state.readOnly) {
    form.disable(opts);
    return;
  }
  form.enable(opts);
  if (!c.timed.value) c.time_limit_minutes.disable(opts);
  if (c.unlimited_attempts.value) c.max_attempts.disable(opts);
  if (!c.has_pass_mark.value) c.pass_mark_percent.disable(opts);
  if (state.gradingLocked) {
    // The server refuses these once the exam has attempts (409).
    c.has_pass_mark.disable(opts);
    c.pass_mark_percent.disable(opts);
    c.course_id.disable(opts);
  }
}
