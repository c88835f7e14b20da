import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { COURSE_LIMITS, type CourseForm } from './course-form';

/** The name, code and term fields of a course form. */
@Component({
  selector: 'app-course-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  template: `
    @let c = form().controls;
    <div class="fields" [formGroup]="form()">
      <mat-form-field appearance="outline" class="name">
        <mat-label i18n="@@author.courses.field.name">Name</mat-label>
        <input matInput formControlName="name" required [maxlength]="limits.nameMax" />
        @if (c.name.hasError('required') || c.name.hasError('blank')) {
          <mat-error i18n="@@author.courses.field.nameRequired">Give the course a name.</mat-error>
        } @else if (c.name.hasError('server')) {
          <mat-error>{{ c.name.getError('server') }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label i18n="@@author.courses.field.code">Code</mat-label>
        <input matInput formControlName="code" [maxlength]="limits.codeMax" />
        <mat-hint i18n="@@author.courses.field.codeHint">Optional, e.g. MATH-101.</mat-hint>
        @if (c.code.hasError('server')) {
          <mat-error>{{ c.code.getError('server') }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label i18n="@@author.courses.field.term">Term</mat-label>
        <input matInput formControlName="term" [maxlength]="limits.termMax" />
        <mat-hint i18n="@@author.courses.field.termHint">Optional, e.g. Spring 2026.</mat-hint>
        @if (c.term.hasError('server')) {
          <mat-error>{{ c.term.getError('server') }}</mat-error>
        }
      </mat-form-field>
    </div>
  `,
  styles: `
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
      gap: 4px 16px;
    }
    .name {
      grid-column: 1 / -1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseFields {
  readonly form = input.required<CourseForm>();
  protected readonly limits = COURSE_LIMITS;
}
