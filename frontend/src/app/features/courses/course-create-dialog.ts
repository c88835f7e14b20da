import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';

import type { Course } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { CourseFields } from './course-fields';
import { buildCourseForm, courseFormPayload } from './course-form';

/** A new course (the signed-in author owns it); closes with the course created. */
@Component({
  selector: 'app-course-create-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, CourseFields, FormError],
  template: `
    <h2 mat-dialog-title i18n="@@author.courses.new">New course</h2>
    <form [formGroup]="form" (ngSubmit)="create()" novalidate>
      <mat-dialog-content>
        <app-form-error [message]="submission.error()" />
        <app-course-fields [form]="form" />
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close i18n="@@author.common.cancel">
          Cancel
        </button>
        <button
          mat-flat-button
          type="submit"
          [disabled]="submission.submitting()"
          i18n="@@author.common.create"
        >
          Create
        </button>
      </mat-dialog-actions>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseCreateDialog {
  private readonly api = inject(CoursesApi);
  private readonly ref = inject<MatDialogRef<CourseCreateDialog, Course>>(MatDialogRef);
  protected readonly form = buildCourseForm();
  protected readonly submission = new FormSubmission();

  protected create(): void {
    this.submission.submit(
      this.form,
      () => this.api.create(courseFormPayload(this.form)),
      (course) => this.ref.close(course),
    );
  }
}
