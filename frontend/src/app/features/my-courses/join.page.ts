import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  type OnInit,
  inject,
  input,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { apiErrorMessage } from '../../core/api/api-error';
import { CoursesApi } from '../../core/api/courses-api';
import { Notifier } from '../../core/notifier';

/** Why a join link did not work, in words for the student. */
export function joinProblem(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 404) {
      return $localize`:@@join.notFound:This join link does not work: the code is wrong, or the teacher turned joining off. Ask your teacher for a new link.`;
    }
    if (error.status === 409)
      return $localize`:@@join.teacher:You teach this course, so you cannot join it as a student.`;
  }
  return apiErrorMessage(error);
}

/**
 * `/join/:code`, the link a teacher shares: the guard signs the visitor in first (and comes
 * back here), then the code is sent once and the student lands on their courses.
 */
@Component({
  selector: 'app-join-page',
  imports: [RouterLink, MatButtonModule, MatIconModule, MatProgressBarModule],
  template: `
    <div class="page page-narrow">
      <h1 i18n="@@myCourses.join.title" class="page-title">Join a course</h1>
      @if (problem(); as message) {
        <section class="state-panel" role="alert">
          <mat-icon class="state-icon" aria-hidden="true">link_off</mat-icon>
          <p>{{ message }}</p>
          <a i18n="@@myCourses.title" mat-stroked-button routerLink="/my-courses">My courses</a>
        </section>
      } @else {
        <mat-progress-bar
          mode="indeterminate"
          aria-label="Joining the course"
          i18n-aria-label="@@join.progress"
        />
        <p i18n="@@join.joining" class="muted">Joining…</p>
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JoinPage implements OnInit {
  private readonly api = inject(CoursesApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);

  /** Route parameter `:code`. */
  readonly code = input.required<string>();
  protected readonly problem = signal<string | null>(null);

  ngOnInit(): void {
    this.api.join(this.code().trim()).subscribe({
      next: (result) => {
        const name = result.name;
        this.notifier.info($localize`:@@myCourses.joined:You are in “${name}:course:”.`);
        void this.router.navigate(['/my-courses'], {
          fragment: `course-${result.course_id}`,
          replaceUrl: true,
        });
      },
      error: (error: unknown) => this.problem.set(joinProblem(error)),
    });
  }
}
