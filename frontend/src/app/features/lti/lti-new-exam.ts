import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import type { AuthorExam } from '../../core/api/api-types';
import { AuthorApi } from '../../core/api/author-api';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { EXAM_LIMITS, notBlank } from '../author/editor/exam-form';

/**
 * Deep linking's "Create a new exam": a draft with only a title, in the launch's course (the
 * same exam-creation call as the course page). Emits the draft; the launch page places it.
 */
@Component({
  selector: 'app-lti-new-exam',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormError],
  template: `
    <form
      [formGroup]="form"
      (ngSubmit)="create()"
      novalidate
      aria-label="Create a new exam"
      i18n-aria-label="@@author.lti.newExam.label"
    >
      <h2 i18n="@@author.lti.newExam.title">Create a new exam</h2>
      <app-form-error [message]="submission.error()" />
      <mat-form-field appearance="outline" class="title">
        <mat-label i18n="@@author.lti.newExam.titleLabel">Title</mat-label>
        <input matInput formControlName="title" required [maxlength]="titleMax" />
        <mat-hint i18n="@@author.lti.newExam.hint"
          >A draft in this course; you write its questions afterwards.</mat-hint
        >
        @let title = form.controls.title;
        @if (title.hasError('required') || title.hasError('blank')) {
          <mat-error i18n="@@author.lti.newExam.titleRequired">Give the exam a title.</mat-error>
        } @else if (title.hasError('maxlength')) {
          <mat-error i18n="@@author.lti.newExam.titleMax"
            >At most {{ titleMax }} characters.</mat-error
          >
        } @else if (title.hasError('server')) {
          <mat-error>{{ title.getError('server') }}</mat-error>
        }
      </mat-form-field>
      <button
        mat-flat-button
        type="submit"
        [disabled]="submission.submitting() || disabled()"
        i18n="@@author.lti.newExam.create"
      >
        Create
      </button>
    </form>
  `,
  styles: `
    .title {
      width: min(100%, 32rem);
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LtiNewExam {
  private readonly author = inject(AuthorApi);

  /** The launch's course: the draft belongs to it, as the platform's link will. */
  readonly courseId = input.required<number>();
  readonly disabled = input(false);
  readonly created = output<AuthorExam>();

  protected readonly titleMax = EXAM_LIMITS.titleMax;
  protected readonly submission = new FormSubmission();
  protected readonly form = new FormGroup({
    title: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(EXAM_LIMITS.titleMax), notBlank],
    }),
  });

  protected create(): void {
    this.submission.submit(
      this.form,
      () =>
        this.author.create({
          title: this.form.controls.title.value.trim(),
          course_id: this.courseId(),
        }),
      (exam) => {
        // Ready for another (the page may stay, e.g. when placing fails).
        this.submission.submitting.set(false);
        this.form.reset();
        this.created.emit(exam);
      },
    );
  }
}
