import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { EMPTY, switchMap } from 'rxjs';

import type { CourseDetail, CourseTeacher } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { Notifier } from '../../core/notifier';
import { Busy } from '../../shared/busy';
import { Confirmer } from '../../shared/confirm-dialog';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';

/** The owner and co-teachers (authors or admins): add by e-mail, remove (never the owner). */
@Component({
  selector: 'app-course-teachers',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    FormError,
  ],
  template: `
    <div class="tab-body">
      <p class="muted" i18n="@@author.teachers.intro">
        Co-teachers manage the course's exams and roster, see their results and the live view. They
        need an author account.
      </p>
      <form class="inline-form" [formGroup]="form" (ngSubmit)="add()" novalidate>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label i18n="@@author.teachers.addLabel">Add a co-teacher by e-mail</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="off" />
          @if (form.controls.email.hasError('server')) {
            <mat-error>{{ form.controls.email.getError('server') }}</mat-error>
          } @else if (form.controls.email.invalid) {
            <mat-error i18n="@@author.common.emailInvalid">Enter an e-mail address.</mat-error>
          }
        </mat-form-field>
        <button mat-stroked-button type="submit" [disabled]="adding.submitting()">
          <mat-icon>person_add</mat-icon>
          <ng-container i18n="@@author.common.add">Add</ng-container>
        </button>
      </form>
      <app-form-error [message]="adding.error()" />

      <ul class="people" aria-label="Teachers" i18n-aria-label="@@author.teachers.listLabel">
        @for (t of course().teachers; track t.id) {
          <li>
            <mat-icon aria-hidden="true">{{ t.is_owner ? 'star' : 'person' }}</mat-icon>
            <span class="who">
              <span class="name">{{ t.display_name }}</span>
              <span class="muted"
                >{{ t.email }}
                @if (t.is_owner) {
                  · <ng-container i18n="@@author.teachers.owner">owner</ng-container>
                }
              </span>
            </span>
            @if (!t.is_owner) {
              <button
                mat-button
                type="button"
                [disabled]="busy.is(t.id)"
                (click)="remove(t)"
                [attr.aria-label]="removeLabel(t)"
                i18n="@@author.common.remove"
              >
                Remove
              </button>
            }
          </li>
        }
      </ul>
    </div>
  `,
  styleUrl: './course-tab.scss',
  styles: `
    .people {
      margin: 16px 0 0;
      padding: 0;
      list-style: none;
      max-width: 640px;
      li {
        display: flex;
        align-items: center;
        gap: 12px;
        padding: 8px 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      .who {
        flex: 1 1 auto;
        display: flex;
        flex-direction: column;
      }
      .name {
        font-weight: 500;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseTeachers {
  private readonly api = inject(CoursesApi);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);

  readonly course = input.required<CourseDetail>();
  readonly changed = output<void>();

  protected readonly form = new FormGroup({
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.email],
    }),
  });
  protected readonly adding = new FormSubmission();
  protected readonly busy = new Busy<number>();

  protected removeLabel(teacher: CourseTeacher): string {
    return $localize`:@@author.teachers.removeLabel:Remove ${teacher.display_name}:name: as a teacher`;
  }

  protected add(): void {
    const email = this.form.controls.email.value.trim();
    this.adding.submit(
      this.form,
      () => this.api.addTeacher(this.course().id, email),
      () => {
        this.adding.submitting.set(false);
        this.form.reset();
        this.notifier.info(
          $localize`:@@author.teachers.added:${email}:email: now teaches this course.`,
        );
        this.changed.emit();
      },
    );
  }

  protected remove(teacher: CourseTeacher): void {
    this.confirmer
      .ask({
        title: $localize`:@@author.teachers.remove.title:Remove ${teacher.display_name}:name:?`,
        message: $localize`:@@author.teachers.remove.message:They no longer see this course, its exams or their results.`,
        confirm: $localize`:@@author.teachers.remove.confirm:Remove`,
        danger: true,
      })
      .pipe(
        switchMap((yes) =>
          yes
            ? this.api.removeTeacher(this.course().id, teacher.id).pipe(this.busy.track(teacher.id))
            : EMPTY,
        ),
      )
      .subscribe(() => {
        this.notifier.info(
          $localize`:@@author.teachers.removed:${teacher.display_name}:name: no longer teaches this course.`,
        );
        this.changed.emit();
      });
  }
}
