import { DatePipe, DecimalPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  numberAttribute,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginator, MatPaginatorModule } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSort, MatSortModule } from '@angular/material/sort';
import { MatTableDataSource, MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';

import { apiErrorMessage } from '../../../core/api/api-error';
import type { ExamResult, ResultsExportFormat } from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { ExamsApi } from '../../../core/api/exams-api';
import { PageTitleStrategy } from '../../../core/page-title.strategy';
import { Downloader } from '../../../shared/download';
import { formatPercentValue } from '../author-format';
import { StatusChip } from '../../../shared/status-chip';
import { histogram } from './histogram';
import { durationLabel, fetchAllResults } from './results-data';
import { ScoreChart } from './score-chart';
import { ExamLoadProblem } from '../exam-load-problem';

const COLUMNS = [
  'student_name',
  'number',
  'state',
  'score',
  'percentage',
  'passed',
  'duration_seconds',
  'submitted_at',
] as const;

/** An exam's results for its author: summary figures, the score distribution, every attempt. */
@Component({
  selector: 'app-exam-results-page',
  imports: [
    ExamLoadProblem,
    DatePipe,
    DecimalPipe,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSortModule,
    MatTableModule,
    ScoreChart,
    StatusChip,
  ],
  templateUrl: './exam-results.page.html',
  styleUrl: './exam-results.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamResultsPage {
  private readonly api = inject(AuthorApi);
  private readonly exams = inject(ExamsApi);
  private readonly titles = inject(PageTitleStrategy);
  private readonly downloader = inject(Downloader);
  protected readonly downloading = signal(false);

  /** Route parameter `:id`. */
  readonly id = input.required({ transform: numberAttribute });
  private readonly validId = computed(() =>
    Number.isInteger(this.id()) && this.id() > 0 ? this.id() : undefined,
  );

  protected readonly exam = rxResource({
    params: () => this.validId(),
    stream: ({ params: id }) => this.exams.get(id),
  });
  protected readonly results = rxResource({
    params: () => this.validId(),
    stream: ({ params: id }) =>
      fetchAllResults((page, perPage) => this.api.results(id, page, perPage)),
  });

  protected readonly notFound = computed(() => {
    const error = this.results.error() ?? this.exam.error();
    return (
      this.validId() === undefined ||
      (error instanceof HttpErrorResponse && (error.status === 404 || error.status === 403))
    );
  });
  protected readonly loadError = computed(() => {
    const error = this.results.error();
    return error && !this.notFound() ? apiErrorMessage(error) : null;
  });

  protected readonly summary = computed(() =>
    this.results.hasValue() ? this.results.value().summary : null,
  );
  protected readonly buckets = computed(() =>
    histogram(this.results.hasValue() ? this.results.value().items.map((r) => r.percentage) : []),
  );
  protected readonly inProgress = computed(() =>
    this.results.hasValue()
      ? this.results.value().items.filter((r) => r.state === 'in_progress').length
      : 0,
  );

  protected readonly columns = COLUMNS;
  protected readonly table = new MatTableDataSource<ExamResult>([]);
  private readonly sort = viewChild(MatSort);
  private readonly paginator = viewChild(MatPaginator);

  protected readonly durationLabel = durationLabel;

  constructor() {
    this.table.sortingDataAccessor = (row, column) => {
      switch (column) {
        case 'student_name':
          return row.student_name.toLocaleLowerCase();
        case 'submitted_at':
          return row.submitted_at ? Date.parse(row.submitted_at) : 0;
        case 'passed':
          return row.passed === null ? -1 : Number(row.passed);
        default: {
          const value = row[column as keyof ExamResult];
          return typeof value === 'number' || typeof value === 'string' ? value : -1;
        }
      }
    };
    effect(() => {
      this.table.data = this.results.hasValue() ? this.results.value().items : [];
    });
    effect(() => {
      const sort = this.sort();
      const paginator = this.paginator();
      if (sort) this.table.sort = sort;
      if (paginator) this.table.paginator = paginator;
    });
    effect(() => {
      if (this.exam.hasValue()) {
        const title = this.exam.value().title;
        this.titles.setPageTitle($localize`:@@author.results.pageTitle:Results: ${title}:title:`);
      }
    });
  }

  protected percent(value: number | null): string {
    return value === null ? '—' : formatPercentValue(value, 2);
  }

  /** Every attempt with its answers, as a file (fetched with the token, saved from a Blob). */
  protected download(format: ResultsExportFormat): void {
    const id = this.validId();
    if (id === undefined || this.downloading()) return;
    this.downloading.set(true);
    this.downloader.download(
      this.api.exportResults(id, format),
      `exam-${id}-results.${format}`,
      () => this.downloading.set(false),
    );
  }
}
