import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { CoursesApi } from '../../core/api/courses-api';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { integer } from '../author/editor/exam-form';

export interface ExtendDialogData {
  attemptId: number;
  studentName: string;
}

/** The attempt's new deadline (null: untimed). */
export interface ExtendDialogResult {
  deadline: string | null;
}

/** "Give Ada n more minutes now": extends one attempt in progress; sends it itself. */
@Component({
  selector: 'app-extend-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    FormError,
  ],
  template: `
    <h2 mat-dialog-title i18n="@@author.live.extend.title">Extend {{ data.studentName }}’s time</h2>
    <form [formGroup]="form" (ngSubmit)="extend()" novalidate>
      <mat-dialog-content>
        <app-form-error [message]="submission.error()" />
        <mat-form-field appearance="outline">
          <mat-label i18n="@@author.live.extend.minutes">Extra minutes</mat-label>
          <input
            matInput
            type="number"
            formControlName="minutes"
            min="1"
            max="600"
            cdkFocusInitial
          />
          <span matTextSuffix i18n="@@author.live.extend.min">min</span>
          <mat-hint i18n="@@author.live.extend.hint"
            >Added to this attempt’s deadline now.</mat-hint
          >
          @if (form.controls.minutes.hasError('server')) {
            <mat-error>{{ form.controls.minutes.getError('server') }}</mat-error>
          } @else if (form.controls.minutes.invalid) {
            <mat-error i18n="@@author.live.extend.invalid">A whole number from 1 to 600.</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close i18n="@@author.common.cancel">
          Cancel
        </button>
        <button
          mat-flat-button
          type="submit"
          [disabled]="submission.submitting()"
          i18n="@@author.live.extend.submit"
        >
          Extend
        </button>
      </mat-dialog-actions>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExtendDialog {
  private readonly api = inject(CoursesApi);
  private readonly ref = inject<MatDialogRef<ExtendDialog, ExtendDialogResult>>(MatDialogRef);
  protected readonly data = inject<ExtendDialogData>(MAT_DIALOG_DATA);

  protected readonly form = new FormGroup({
    minutes: new FormControl<number | null>(5, [
      Validators.required,
      integer,
      Validators.min(1),
      Validators.max(600),
    ]),
  });
  protected readonly submission = new FormSubmission();

  protected extend(): void {
    this.submission.submit(
      this.form,
      () => this.api.extendAttempt(this.data.attemptId, this.form.controls.minutes.value ?? 0),
      (result) => this.ref.close({ deadline: result.deadline }),
    );
  }
}
