import { DecimalPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  numberAttribute,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

import { apiErrorMessage } from '../../../core/api/api-error';
import type {
  ExamStatistics,
  QuestionStat,
  StatisticsPopulation,
} from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { PageTitleStrategy } from '../../../core/page-title.strategy';
import { QUESTION_TYPE_LABELS } from '../editor/question-form';
import { ScoreChart } from '../results/score-chart';
import { ItemChart } from './item-chart';
import {
  FLAG_INFO,
  bucketsFromHistogram,
  choiceRows,
  coefficient,
  flagList,
  flaggedCount,
  percentOf,
  percentText,
  reliabilityLabel,
  reliabilityName,
} from './statistics-data';
import { ExamLoadProblem } from '../exam-load-problem';
import { formatDecimal } from '../author-format';

/**
 * Item statistics of an exam for its author: the exam's figures and reliability, the score
 * distribution, facility and discrimination per question (chart and table, with flags in
 * words) and how often each answer was chosen.
 */
@Component({
  selector: 'app-statistics-page',
  imports: [
    DecimalPipe,
    ExamLoadProblem,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatProgressBarModule,
    ItemChart,
    ScoreChart,
  ],
  templateUrl: './statistics.page.html',
  styleUrl: './statistics.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatisticsPage {
  private readonly api = inject(AuthorApi);
  private readonly titles = inject(PageTitleStrategy);

  /** Route parameter `:id`. */
  readonly id = input.required({ transform: numberAttribute });
  private readonly validId = computed(() =>
    Number.isInteger(this.id()) && this.id() > 0 ? this.id() : undefined,
  );

  protected readonly population = signal<StatisticsPopulation>('all');
  /** Question ids whose answer frequencies are shown. */
  protected readonly expanded = signal<ReadonlySet<number>>(new Set());

  protected readonly exam = rxResource({
    params: () => this.validId(),
    stream: ({ params: id }) => this.api.get(id),
  });
  protected readonly stats = rxResource({
    params: () => {
      const id = this.validId();
      return id === undefined ? undefined : { id, population: this.population() };
    },
    stream: ({ params }) => this.api.statistics(params.id, params.population),
  });

  /** The figures on screen: the last ones stay while the other population loads. */
  protected readonly shown = linkedSignal<ExamStatistics | undefined, ExamStatistics | undefined>({
    source: () => (this.stats.hasValue() ? this.stats.value() : undefined),
    computation: (value, previous) =>
      value ?? (this.stats.isLoading() ? previous?.value : undefined),
  });

  protected readonly notFound = computed(() => {
    const error = this.stats.error() ?? this.exam.error();
    return (
      this.validId() === undefined ||
      (error instanceof HttpErrorResponse && (error.status === 404 || error.status === 403))
    );
  });
  protected readonly loadError = computed(() => {
    const error = this.stats.error();
    return error && !this.notFound() ? apiErrorMessage(error) : null;
  });

  protected readonly buckets = computed(() => bucketsFromHistogram(this.shown()?.histogram ?? []));
  protected readonly flagged = computed(() => flaggedCount(this.shown()?.questions ?? []));

  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  protected readonly flagInfo = Object.values(FLAG_INFO);
  protected readonly percentOf = percentOf;
  protected readonly percentText = percentText;
  protected readonly coefficient = coefficient;
  protected readonly flagList = flagList;
  protected readonly choiceRows = choiceRows;
  protected readonly reliabilityLabel = reliabilityLabel;
  protected readonly reliabilityName = reliabilityName;

  constructor() {
    effect(() => {
      if (this.exam.hasValue()) {
        const title = this.exam.value().title;
        this.titles.setPageTitle($localize`:@@author.stats.pageTitle:Statistics: ${title}:title:`);
      }
    });
  }

  protected setPopulation(value: StatisticsPopulation): void {
    this.population.set(value);
  }

  protected toggle(q: QuestionStat): void {
    this.expanded.update((set) => {
      const next = new Set(set);
      if (next.has(q.question_id)) next.delete(q.question_id);
      else next.add(q.question_id);
      return next;
    });
  }

  protected points(value: number | null, max: number | null): string {
    if (value === null) return '';
    return max === null
      ? $localize`:@@author.stats.pts:${formatDecimal(value)}:value: pts`
      : $localize`:@@author.stats.ptsOf:${formatDecimal(value)}:value: / ${formatDecimal(max)}:max: pts`;
  }
}
