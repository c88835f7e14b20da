import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import type { Accommodation } from '../../core/api/course-types';
import { type AccommodationScope, CoursesApi } from '../../core/api/courses-api';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { localTimeZoneName } from '../../shared/local-time';
import {
  accommodationToFormValue,
  buildAccommodationForm,
  formValueToAccommodation,
} from './accommodation-form';

export interface AccommodationDialogData {
  scope: AccommodationScope;
  userId: number;
  studentName: string;
  /** What the student has in this scope now, or null. */
  current: Accommodation | null;
}

/** 'saved', 'removed', or nothing when cancelled. */
export type AccommodationDialogResult = 'saved' | 'removed';

/** One student's accommodation, for the whole course or for one exam; saves it itself. */
@Component({
  selector: 'app-accommodation-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    FormError,
  ],
  template: `
    <h2 mat-dialog-title i18n="@@author.accommodation.title">
      Accommodation for {{ data.studentName }}
    </h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        @if ('course' in data.scope) {
          <p class="muted scope" i18n="@@author.accommodation.scopeCourse">
            For every exam of this course. An exam’s own accommodation overrides it field by field.
          </p>
        } @else {
          <p class="muted scope" i18n="@@author.accommodation.scopeExam">
            For this exam only: it overrides the course-wide accommodation field by field.
          </p>
        }
        <app-form-error [message]="submission.error()" />
        <div class="fields">
          <mat-form-field appearance="outline">
            <mat-label i18n="@@author.accommodation.extraPercent">Extra time (percent)</mat-label>
            <input matInput type="number" formControlName="extra_time_percent" min="0" max="500" />
            <span matTextSuffix>%</span>
            <mat-hint i18n="@@author.accommodation.extraPercentHint"
              >Of the time limit. Empty: none.</mat-hint
            >
            @if (c.extra_time_percent.hasError('server')) {
              <mat-error>{{ c.extra_time_percent.getError('server') }}</mat-error>
            } @else if (c.extra_time_percent.invalid) {
              <mat-error i18n="@@author.accommodation.range500"
                >A whole number from 0 to 500.</mat-error
              >
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label i18n="@@author.accommodation.extraMinutes">Extra time (minutes)</mat-label>
            <input matInput type="number" formControlName="extra_minutes" min="0" max="10000" />
            <span matTextSuffix i18n="@@author.accommodation.min">min</span>
            <mat-hint i18n="@@author.accommodation.extraMinutesHint"
              >Added after the percentage.</mat-hint
            >
            @if (c.extra_minutes.hasError('server')) {
              <mat-error>{{ c.extra_minutes.getError('server') }}</mat-error>
            } @else if (c.extra_minutes.invalid) {
              <mat-error i18n="@@author.accommodation.range10000"
                >A whole number from 0 to 10000.</mat-error
              >
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label i18n="@@author.accommodation.extraAttempts">Extra attempts</mat-label>
            <input matInput type="number" formControlName="extra_attempts" min="0" max="100" />
            @if (c.extra_attempts.hasError('server')) {
              <mat-error>{{ c.extra_attempts.getError('server') }}</mat-error>
            } @else if (c.extra_attempts.invalid) {
              <mat-error i18n="@@author.accommodation.range100"
                >A whole number from 0 to 100.</mat-error
              >
            }
          </mat-form-field>
          <span></span>
          <mat-form-field appearance="outline">
            <mat-label i18n="@@author.accommodation.opensAt">Own opening time</mat-label>
            <input matInput type="datetime-local" formControlName="opens_at" />
            <mat-hint i18n="@@author.accommodation.opensAtHint"
              >Empty: the exam's. Times are in {{ timeZone }}.</mat-hint
            >
            @if (c.opens_at.hasError('server')) {
              <mat-error>{{ c.opens_at.getError('server') }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label i18n="@@author.accommodation.closesAt">Own closing time</mat-label>
            <input matInput type="datetime-local" formControlName="closes_at" />
            <mat-hint i18n="@@author.accommodation.closesAtHint">Empty: the exam's.</mat-hint>
            @if (c.closes_at.hasError('closesBeforeOpens')) {
              <mat-error i18n="@@author.accommodation.closesBeforeOpens"
                >Must be after the opening time.</mat-error
              >
            } @else if (c.closes_at.hasError('server')) {
              <mat-error>{{ c.closes_at.getError('server') }}</mat-error>
            }
          </mat-form-field>
        </div>
      </mat-dialog-content>
      <mat-dialog-actions>
        @if (data.current) {
          <button
            mat-button
            type="button"
            class="remove"
            (click)="remove()"
            i18n="@@author.common.remove"
          >
            Remove
          </button>
        }
        <span class="spacer"></span>
        <button mat-button type="button" mat-dialog-close i18n="@@author.common.cancel">
          Cancel
        </button>
        <button
          mat-flat-button
          type="submit"
          [disabled]="submission.submitting()"
          i18n="@@author.common.save"
        >
          Save
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      gap: 8px 16px;
    }
    .scope {
      margin-top: 0;
    }
    .spacer {
      flex: 1 1 auto;
    }
    .remove {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccommodationDialog {
  private readonly api = inject(CoursesApi);
  private readonly ref =
    inject<MatDialogRef<AccommodationDialog, AccommodationDialogResult>>(MatDialogRef);
  protected readonly data = inject<AccommodationDialogData>(MAT_DIALOG_DATA);

  protected readonly form = buildAccommodationForm();
  protected readonly c = this.form.controls;
  protected readonly submission = new FormSubmission();
  protected readonly timeZone = localTimeZoneName();

  constructor() {
    this.form.setValue(accommodationToFormValue(this.data.current));
  }

  protected save(): void {
    this.submission.submit(
      this.form,
      () =>
        this.api.saveAccommodation(
          this.data.scope,
          this.data.userId,
          formValueToAccommodation(this.form.getRawValue()),
        ),
      () => this.ref.close('saved'),
    );
  }

  protected remove(): void {
    this.api
      .deleteAccommodation(this.data.scope, this.data.userId)
      .subscribe(() => this.ref.close('removed'));
  }
}
