import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { of } from 'rxjs';

import { apiErrorMessage } from '../../core/api/api-error';
import { AttemptsApi } from '../../core/api/attempts-api';
import { textDirection } from '../../core/i18n/locale';
import { PageTitleStrategy } from '../../core/page-title.strategy';
import { formatNumber } from '../../shared/exam-format';
import { formatPercent, plural } from '../../shared/plural';
import { ReviewItemCard } from './review-item';

/** A finished attempt: the score and, as the exam's review policy allows, every question. */
@Component({
  selector: 'app-result-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    ReviewItemCard,
  ],
  templateUrl: './result.page.html',
  styleUrl: './result.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResultPage {
  private readonly attempts = inject(AttemptsApi);
  private readonly titles = inject(PageTitleStrategy);

  /** Route parameter `:attemptId`. */
  readonly attemptId = input.required<string>();
  private readonly id = computed(() => {
    const id = Number(this.attemptId());
    return Number.isInteger(id) && id > 0 ? id : undefined;
  });

  protected readonly attempt = rxResource({
    params: () => this.id(),
    // Right after Submit the submit's answer is the result: no second load.
    stream: ({ params: id }) => {
      const fresh = this.attempts.takeFresh(id);
      return fresh ? of(fresh.attempt) : this.attempts.get(id);
    },
  });

  protected readonly notFound = computed(() => {
    const error = this.attempt.error();
    return this.id() === undefined || (error instanceof HttpErrorResponse && error.status === 404);
  });
  protected readonly loadError = computed(() => {
    const error = this.attempt.error();
    return error && !this.notFound() ? apiErrorMessage(error) : null;
  });

  /** The exam's language (BCP 47) when the API gives it: `lang`/`dir` of the author's text. */
  protected readonly examLang = computed(() => {
    if (!this.attempt.hasValue()) return null;
    const exam = this.attempt.value().exam as { language?: string | null };
    return exam.language || null;
  });
  protected readonly examDir = computed(() => {
    const lang = this.examLang();
    return lang ? textDirection(lang) : 'auto';
  });

  protected readonly summary = computed(() => {
    if (!this.attempt.hasValue()) return null;
    const attempt = this.attempt.value();
    const result = attempt.result;
    if (!result) return null;
    // Essays still waiting for a person: no score yet (the server sends null until then).
    const awaiting = result.awaiting_grading > 0 || result.score === null;
    const percentage = Math.max(0, Math.min(100, result.percentage ?? 0));
    const started = Date.parse(attempt.started_at);
    const ended = attempt.submitted_at ? Date.parse(attempt.submitted_at) : NaN;
    const minutes = Number.isFinite(ended - started)
      ? Math.max(1, Math.round((ended - started) / 60_000))
      : null;
    return {
      result,
      awaiting,
      percentage: result.percentage === null ? '' : formatPercent(result.percentage),
      ring: percentage,
      score: result.score === null ? '' : formatNumber(result.score),
      maxScore: formatNumber(result.max_score),
      passMark: result.pass_mark_percent === null ? null : formatPercent(result.pass_mark_percent),
      duration:
        minutes === null
          ? null
          : plural(
              minutes,
              $localize`:@@clock.minutes:{n, plural, =1 {1 minute} other {# minutes}}`,
            ),
      correct:
        result.review === null || result.review === undefined
          ? null
          : formatNumber(result.review.filter((item) => item.is_correct).length),
      reviewCount: formatNumber(result.review?.length ?? 0),
      awaiting_count: formatNumber(result.awaiting_grading),
    };
  });

  constructor() {
    effect(() => {
      if (this.attempt.hasValue()) {
        const title = this.attempt.value().exam.title;
        this.titles.setPageTitle($localize`:@@result.pageTitle:Result: ${title}:title:`);
      } else if (this.notFound()) {
        this.titles.setPageTitle($localize`:@@result.notFound.title:Result not found`);
      }
    });
  }
}
