import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  effect,
  inject,
  untracked,
  viewChildren,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';

import type { JoinResult } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { Notifier } from '../../core/notifier';
import { timeLimitLabel } from '../../shared/exam-format';
import { FocusMover } from '../../shared/focus';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { localTimeZoneName } from '../../shared/local-time';
import { actionLabel, attemptsLeftLabel, deadlineOf, examsToShow } from './my-courses-data';

/**
 * The student's home: each of my courses with its open and upcoming exams (deadlines in this
 * device's time zone, my own when an accommodation changes them), and "Join a course".
 */
@Component({
  selector: 'app-my-courses-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    FormError,
  ],
  templateUrl: './my-courses.page.html',
  styleUrl: './my-courses.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyCoursesPage {
  private readonly api = inject(CoursesApi);
  private readonly notifier = inject(Notifier);
  private readonly focus = inject(FocusMover);
  private readonly router = inject(Router);

  protected readonly courses = rxResource({ stream: () => this.api.myCourses() });

  protected readonly joinForm = new FormGroup({
    code: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(40)],
    }),
  });
  protected readonly joining = new FormSubmission();
  private readonly headings = viewChildren<ElementRef<HTMLElement>>('courseHeading');

  protected readonly examsToShow = examsToShow;
  protected readonly deadlineOf = deadlineOf;
  protected readonly attemptsLeftLabel = attemptsLeftLabel;
  protected readonly actionLabel = actionLabel;
  protected readonly timeLimitLabel = timeLimitLabel;
  protected readonly timeZone = localTimeZoneName();
  /** `#course-<id>`: a join link lands here and brings the course joined into view. */
  private readonly fragment = toSignal(inject(ActivatedRoute).fragment);

  constructor() {
    // Once the courses (re)loaded: the heading exists now.
    effect(() => {
      const target = this.fragment();
      const loaded = this.courses.value();
      if (target && loaded) untracked(() => this.focusHeading(target));
    });
  }

  protected join(): void {
    const code = this.joinForm.controls.code.value.trim();
    this.joining.submit(
      this.joinForm,
      () => this.api.join(code),
      (result) => {
        this.joining.submitting.set(false);
        this.joinForm.reset();
        this.joined(result);
      },
    );
  }

  /** Reload, then bring the course joined into view (its heading, by the URL's fragment). */
  private joined(result: JoinResult): void {
    const name = result.name;
    this.notifier.info($localize`:@@myCourses.joined:You are in “${name}:course:”.`);
    void this.router.navigate([], {
      fragment: `course-${result.course_id}`,
      replaceUrl: true,
    });
    this.courses.reload();
  }

  protected examsOfLabel(course: string): string {
    return $localize`:@@myCourses.examsOf:Exams of ${course}:course:`;
  }

  protected actionAria(action: string, exam: string): string {
    return $localize`:@@myCourses.actionAria:${action}:action: ${exam}:exam:`;
  }

  private focusHeading(id: string): void {
    this.focus.afterRender(() =>
      this.headings()
        .map((h) => h.nativeElement)
        .find((h) => h.id === id),
    );
  }
}
