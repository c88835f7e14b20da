import type { AuthorExam } from '../../../core/api/api-types';
import { isoToLocalInput } from '../../../shared/local-time';
import {
  buildExamForm,
  changedSettings,
  examToFormValue,
  formValueToPayload,
  syncExamFormState,
} from './exam-form';

function exam(overrides: Partial<AuthorExam> = {}): AuthorExam {
  return {
    id: 7,
    title: 'Python basics',
    description: 'Short',
    long_description: '# Rules',
    status: 'draft',
    time_limit_minutes: null,
    grace_period_seconds: 30,
    max_attempts: null,
    opens_at: null,
    closes_at: null,
    one_question_per_page: true,
    pass_mark_percent: null,
    review_policy: 'immediately',
    practice_mode: false,
    language: 'en',
    question_count: 0,
    total_points: 0,
    author_name: 'Alan',
    published_at: null,
    shuffle_questions: false,
    shuffle_alternatives: true,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    created_by_id: 1,
    updated_by_id: 1,
    attempt_count: 0,
    course_id: null,
    course_name: null,
    questions: [],
    slots: [],
    publish_problems: {},
    ...overrides,
  };
}

describe('exam settings form ↔ API', () => {
  it('maps "no limit" values to toggles and back to null', () => {
    const value = examToFormValue(exam());
    expect(value.timed).toBe(false);
    expect(value.unlimited_attempts).toBe(true);
    expect(value.has_pass_mark).toBe(false);
    const payload = formValueToPayload(value);
    expect(payload.time_limit_minutes).toBeNull();
    expect(payload.max_attempts).toBeNull();
    expect(payload.pass_mark_percent).toBeNull();
    expect(payload.opens_at).toBeNull();
  });

  it('round-trips every setting', () => {
    const source = exam({
      time_limit_minutes: 45,
      max_attempts: 3,
      pass_mark_percent: 62.5,
      opens_at: '2026-05-01T08:00:00Z',
      closes_at: '2026-05-02T08:00:00Z',
      review_policy: 'after_close',
      practice_mode: true,
    });
    const payload = formValueToPayload(examToFormValue(source));
    expect(payload).toMatchObject({
      title: 'Python basics',
      description: 'Short',
      long_description: '# Rules',
      time_limit_minutes: 45,
      grace_period_seconds: 30,
      max_attempts: 3,
      pass_mark_percent: 62.5,
      review_policy: 'after_close',
      practice_mode: true,
      shuffle_alternatives: true,
      one_question_per_page: true,
    });
    expect(new Date(payload.opens_at!).toISOString()).toBe('2026-05-01T08:00:00.000Z');
    expect(payload.opens_at).toMatch(/[+-]\d{2}:\d{2}$/);
  });

  it('sends only what changed (instants compared as instants)', () => {
    const before = formValueToPayload(examToFormValue(exam({ opens_at: '2026-05-01T08:00:00Z' })));
    const value = examToFormValue(exam({ opens_at: '2026-05-01T08:00:00Z' }));
    expect(changedSettings(before, formValueToPayload(value))).toEqual({});
    value.title = '  New title ';
    value.timed = true;
    value.time_limit_minutes = 30;
    expect(changedSettings(before, formValueToPayload(value))).toEqual({
      title: 'New title',
      time_limit_minutes: 30,
    });
    expect(
      changedSettings(
        { opens_at: '2026-05-01T08:00:00Z' },
        { opens_at: '2026-05-01T10:00:00+02:00' },
      ),
    ).toEqual({});
  });

  it('validates like the server', () => {
    const form = buildExamForm();
    form.reset(examToFormValue(exam({ time_limit_minutes: 30, max_attempts: 2 })));
    syncExamFormState(form, { readOnly: false, gradingLocked: false });
    expect(form.valid).toBe(true);

    form.controls.title.setValue('   ');
    expect(form.controls.title.hasError('blank')).toBe(true);
    form.controls.title.setValue('x'.repeat(201));
    expect(form.controls.title.hasError('maxlength')).toBe(true);
    form.controls.title.setValue('ok');

    form.controls.time_limit_minutes.setValue(1441);
    expect(form.controls.time_limit_minutes.hasError('max')).toBe(true);
    form.controls.time_limit_minutes.setValue(2.5);
    expect(form.controls.time_limit_minutes.hasError('integer')).toBe(true);
    form.controls.time_limit_minutes.setValue(30);

    form.controls.max_attempts.setValue(0);
    expect(form.controls.max_attempts.hasError('min')).toBe(true);
    form.controls.max_attempts.setValue(2);

    form.controls.opens_at.setValue(isoToLocalInput('2026-05-02T08:00:00Z'));
    form.controls.closes_at.setValue(isoToLocalInput('2026-05-01T08:00:00Z'));
    expect(form.controls.closes_at.hasError('closesBeforeOpens')).toBe(true);
    form.controls.closes_at.setValue(isoToLocalInput('2026-05-03T08:00:00Z'));
    expect(form.valid).toBe(true);
  });

  it('switches off the fields a toggle turns off, and locks the pass mark', () => {
    const form = buildExamForm();
    form.reset(examToFormValue(exam({ pass_mark_percent: 50 })));
    syncExamFormState(form, { readOnly: false, gradingLocked: false });
    expect(form.controls.time_limit_minutes.disabled).toBe(true);
    expect(form.controls.max_attempts.disabled).toBe(true);
    expect(form.controls.pass_mark_percent.enabled).toBe(true);
    // Out-of-range but switched off: not in the way.
    form.controls.time_limit_minutes.setValue(0);
    expect(form.valid).toBe(true);

    syncExamFormState(form, { readOnly: false, gradingLocked: true });
    expect(form.controls.pass_mark_percent.disabled).toBe(true);
    expect(form.controls.has_pass_mark.disabled).toBe(true);
    expect(form.controls.title.enabled).toBe(true);

    syncExamFormState(form, { readOnly: true, gradingLocked: true });
    expect(form.disabled).toBe(true);
  });
});
