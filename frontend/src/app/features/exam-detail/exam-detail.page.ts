import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  numberAttribute,
  signal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { apiErrorMessage } from '../../core/api/api-error';
import { AttemptsApi } from '../../core/api/attempts-api';
import { ExamsApi } from '../../core/api/exams-api';
import { AuthService } from '../../core/auth/auth.service';
import { textDirection } from '../../core/i18n/locale';
import { Notifier } from '../../core/notifier';
import { PageTitleStrategy } from '../../core/page-title.strategy';
import {
  POINTS,
  QUESTIONS,
  attemptsLabel,
  timeLimitLabel,
  windowState,
} from '../../shared/exam-format';
import { formatPercent, plural } from '../../shared/plural';
import { MarkdownPipe } from '../../shared/markdown.pipe';
import { withStartRetry } from '../take-exam/start-retry';

/** After this long, a start that has not answered says why the student waits. */
export const SLOW_START_MS = 1000;

/** An exam's public page: what it is, its rules, and the button to start (or resume) it. */
@Component({
  selector: 'app-exam-detail-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    MarkdownPipe,
  ],
  templateUrl: './exam-detail.page.html',
  styleUrl: './exam-detail.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamDetailPage {
  private readonly exams = inject(ExamsApi);
  private readonly attempts = inject(AttemptsApi);
  private readonly router = inject(Router);
  private readonly titles = inject(PageTitleStrategy);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly auth = inject(AuthService);

  /** Route parameter `:id`. */
  readonly id = input.required({ transform: numberAttribute });

  protected readonly exam = rxResource({
    params: () => (Number.isInteger(this.id()) && this.id() > 0 ? this.id() : undefined),
    stream: ({ params: id }) => this.exams.get(id),
  });

  protected readonly notFound = computed(() => {
    const error = this.exam.error();
    const invalidId = !(Number.isInteger(this.id()) && this.id() > 0);
    return invalidId || (error instanceof HttpErrorResponse && error.status === 404);
  });
  protected readonly loadError = computed(() => {
    const error = this.exam.error();
    return error && !this.notFound() ? apiErrorMessage(error) : null;
  });

  protected readonly facts = computed(() => {
    if (!this.exam.hasValue()) return null;
    const exam = this.exam.value();
    // The viewer's own terms (an accommodation may give more time, attempts or another window).
    const ownTime = exam.my_time_limit_minutes !== exam.time_limit_minutes;
    return {
      timeLimit: ownTime
        ? $localize`:@@detail.extraTime:${timeLimitLabel(exam.my_time_limit_minutes)}:time: (with your extra time)`
        : timeLimitLabel(exam.my_time_limit_minutes),
      attempts: attemptsLabel(exam.my_attempts_allowed),
      questions: plural(exam.question_count, QUESTIONS),
      points: plural(exam.total_points, POINTS),
      passMark: exam.pass_mark_percent === null ? null : formatPercent(exam.pass_mark_percent),
      window: windowState({ opens_at: exam.my_opens_at, closes_at: exam.my_closes_at }),
    };
  });

  /** The exam's language (from the API) on its title and descriptions; `dir=auto` until known. */
  protected readonly contentLang = computed(() => {
    if (!this.exam.hasValue()) return null;
    return (this.exam.value() as { language?: string | null }).language || null;
  });
  protected readonly contentDir = computed(() => {
    const lang = this.contentLang();
    return lang ? textDirection(lang) : 'auto';
  });

  protected readonly starting = signal(false);
  /** The start has taken longer than SLOW_START_MS: "Starting your exam…" with a progress bar. */
  protected readonly slowStart = signal(false);
  protected readonly startingText = {
    title: $localize`:@@take.starting.title:Starting your exam…`,
    detail: $localize`:@@take.starting.detail:Many students are starting at the same time. Keep this page open: your exam opens as soon as the server is ready, and your time starts only then.`,
    progress: $localize`:@@take.starting.progress:Starting your exam`,
  };

  constructor() {
    effect(() => {
      if (this.exam.hasValue()) this.titles.setPageTitle(this.exam.value().title);
      else if (this.notFound())
        this.titles.setPageTitle($localize`:@@detail.notFound.title:Exam not found`);
    });
  }

  protected start(): void {
    if (this.starting() || !this.exam.hasValue()) return;
    const examId = this.exam.value().id;
    this.starting.set(true);
    const slow = setTimeout(() => this.slowStart.set(true), SLOW_START_MS);
    const done = () => {
      clearTimeout(slow);
      this.starting.set(false);
      this.slowStart.set(false);
    };
    this.destroyRef.onDestroy(() => clearTimeout(slow));
    // A busy server is waited for (withStartRetry); other errors (409: not open, no attempts
    // left…), or a server still busy after the retries' generous limit, are shown.
    withStartRetry(this.attempts.start(examId))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (attempt) => {
          clearTimeout(slow);
          void this.router.navigate(['/attempts', attempt.id]);
        },
        error: (error: unknown) => {
          done();
          this.notifier.error(apiErrorMessage(error));
        },
      });
  }
}
