import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';

import type { MyAttempt, Page } from '../../core/api/api-types';
import { AttemptsApi } from '../../core/api/attempts-api';
import { formatNumber } from '../../shared/exam-format';
import { StatusChip } from '../../shared/status-chip';

export const PAGE_SIZES = [10, 25, 50];

function positiveInt(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The student's attempts, newest first; the page lives in the URL (`?page=…&pageSize=…`). */
@Component({
  selector: 'app-my-results-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTableModule,
    StatusChip,
  ],
  templateUrl: './my-results.page.html',
  styleUrl: './my-results.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyResultsPage {
  private readonly attempts = inject(AttemptsApi);
  private readonly router = inject(Router);

  readonly page = input(1, { transform: (v: string | undefined) => positiveInt(v, 1) });
  readonly pageSize = input(PAGE_SIZES[0], {
    transform: (v: string | undefined) =>
      PAGE_SIZES.includes(Number(v)) ? Number(v) : PAGE_SIZES[0],
  });

  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = [
    'exam',
    'number',
    'state',
    'score',
    'percentage',
    'passed',
    'started',
    'submitted',
    'action',
  ];

  protected readonly result = rxResource({
    params: () => ({ page: this.page(), per_page: this.pageSize() }),
    stream: ({ params }) => this.attempts.mine(params),
  });

  /** The last page received: stays on screen while the next one loads. */
  protected readonly shown = linkedSignal<Page<MyAttempt> | undefined, Page<MyAttempt> | undefined>(
    {
      source: () => (this.result.hasValue() ? this.result.value() : undefined),
      computation: (page, previous) =>
        page ?? (this.result.isLoading() ? previous?.value : undefined),
    },
  );
  protected readonly empty = computed(() => this.shown()?.total === 0);

  protected num(value: number | null): string {
    return value === null ? '—' : formatNumber(value);
  }

  protected onPage(event: PageEvent): void {
    void this.router.navigate([], {
      queryParams: {
        page: event.pageIndex + 1 > 1 ? event.pageIndex + 1 : null,
        pageSize: event.pageSize === PAGE_SIZES[0] ? null : event.pageSize,
      },
      queryParamsHandling: 'merge',
    });
  }
}
