import { FormControl, FormGroup, Validators } from '@angular/forms';

import type { CourseCreate } from '../../core/api/course-types';
import { notBlank } from '../author/editor/exam-form';

/** The server's limits (CourseIn). */
export const COURSE_LIMITS = { nameMax: 200, codeMax: 40, termMax: 60 } as const;

/** Name, code and term: the create dialog and the course's settings share it. */
export function buildCourseForm(value: Partial<CourseCreate> = {}) {
  return new FormGroup({
    name: new FormControl(value.name ?? '', {
      nonNullable: true,
      validators: [Validators.required, notBlank, Validators.maxLength(COURSE_LIMITS.nameMax)],
    }),
    code: new FormControl(value.code ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(COURSE_LIMITS.codeMax)],
    }),
    term: new FormControl(value.term ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(COURSE_LIMITS.termMax)],
    }),
  });
}

export type CourseForm = ReturnType<typeof buildCourseForm>;

export function courseFormPayload(form: CourseForm): CourseCreate {
  const v = form.getRawValue();
  return { name: v.name.trim(), code: v.code.trim(), term: v.term.trim() };
}
