import { ChangeDetectionStrategy, Component, effect, inject, input, output } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Router } from '@angular/router';
import { EMPTY, switchMap } from 'rxjs';

import { apiErrorMessage } from '../../core/api/api-error';
import type { CourseDetail } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { Notifier } from '../../core/notifier';
import { Busy } from '../../shared/busy';
import { Confirmer } from '../../shared/confirm-dialog';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { CourseFields } from './course-fields';
import { buildCourseForm, courseFormPayload } from './course-form';

/** Rename the course, archive or restore it, delete it while it has no exams. */
@Component({
  selector: 'app-course-settings',
  imports: [ReactiveFormsModule, MatButtonModule, MatIconModule, CourseFields, FormError],
  template: `
    @let c = course();
    <div class="tab-body">
      <form [formGroup]="form" (ngSubmit)="save()" novalidate class="settings-form">
        <app-form-error [message]="saving.error()" />
        <app-course-fields [form]="form" />
        <button
          mat-flat-button
          type="submit"
          [disabled]="saving.submitting()"
          i18n="@@author.common.save"
        >
          Save
        </button>
      </form>

      @if (c.archived) {
        <h2 class="sub-heading" i18n="@@author.courseSettings.archivedHeading">Archived</h2>
      } @else {
        <h2 class="sub-heading" i18n="@@author.courseSettings.archiveHeading">Archive</h2>
      }
      @if (c.archived) {
        <p class="muted" i18n="@@author.courseSettings.archivedNote">
          The course is archived: its students no longer see it on their home page.
        </p>
        <button
          mat-stroked-button
          type="button"
          [disabled]="busy.any()"
          (click)="setArchived(false)"
        >
          <mat-icon>unarchive</mat-icon>
          <ng-container i18n="@@author.courseSettings.restore">Restore the course</ng-container>
        </button>
      } @else {
        <p class="muted" i18n="@@author.courseSettings.archiveNote">
          Archive a course at the end of its term: its students no longer see it; results stay.
        </p>
        <button
          mat-stroked-button
          type="button"
          [disabled]="busy.any()"
          (click)="setArchived(true)"
        >
          <mat-icon>archive</mat-icon>
          <ng-container i18n="@@author.courseSettings.archive">Archive the course</ng-container>
        </button>
      }

      @if (c.my_role !== 'teacher') {
        <h2 class="sub-heading" i18n="@@author.courseSettings.deleteHeading">Delete</h2>
        @if (c.exam_count > 0) {
          <p class="muted" i18n="@@author.courseSettings.cannotDelete">
            A course with exams cannot be deleted: archive it instead.
          </p>
        } @else {
          <button
            mat-stroked-button
            type="button"
            class="danger"
            [disabled]="busy.any()"
            (click)="remove()"
          >
            <mat-icon>delete</mat-icon>
            <ng-container i18n="@@author.courseSettings.delete">Delete the course</ng-container>
          </button>
        }
      }
    </div>
  `,
  styleUrl: './course-tab.scss',
  styles: `
    .settings-form {
      max-width: 640px;
    }
    .danger {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseSettings {
  private readonly api = inject(CoursesApi);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);

  readonly course = input.required<CourseDetail>();
  readonly changed = output<void>();

  protected readonly form = buildCourseForm();
  protected readonly saving = new FormSubmission();
  protected readonly busy = new Busy();

  constructor() {
    effect(() => {
      const { name, code, term } = this.course();
      this.form.reset({ name, code, term });
    });
  }

  protected save(): void {
    this.saving.submit(
      this.form,
      () => this.api.update(this.course().id, courseFormPayload(this.form)),
      () => {
        this.saving.submitting.set(false);
        this.notifier.info($localize`:@@author.courseSettings.saved:The course is saved.`);
        this.changed.emit();
      },
    );
  }

  protected setArchived(archived: boolean): void {
    this.api
      .update(this.course().id, { archived })
      .pipe(this.busy.track())
      .subscribe({
        next: () => {
          this.notifier.info(
            archived
              ? $localize`:@@author.courseSettings.archived:The course is archived.`
              : $localize`:@@author.courseSettings.restored:The course is restored.`,
          );
          this.changed.emit();
        },
        // update() leaves its errors to the caller (the form shows them in place).
        error: (error: unknown) => this.notifier.error(apiErrorMessage(error)),
      });
  }

  protected remove(): void {
    const course = this.course();
    this.confirmer
      .ask({
        title: $localize`:@@author.courseSettings.delete.title:Delete “${course.name}:name:”?`,
        message: $localize`:@@author.courseSettings.delete.message:The course, its roster and its join code are deleted. This cannot be undone.`,
        confirm: $localize`:@@author.courseSettings.delete.confirm:Delete`,
        danger: true,
      })
      .pipe(switchMap((yes) => (yes ? this.api.delete(course.id).pipe(this.busy.track()) : EMPTY)))
      .subscribe(() => {
        this.notifier.info(
          $localize`:@@author.courseSettings.deleted:“${course.name}:name:” is deleted.`,
        );
        void this.router.navigateByUrl('/courses');
      });
  }
}
