import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';

import { AttemptsApi } from '../../core/api/attempts-api';
import { formatNumber } from '../../shared/exam-format';
import { formatPercent } from '../../shared/plural';
import { ListEmpty, ListItems, ListScaffold } from '../../shared/list-page/list-scaffold';
import { pagedList, pageParam, pageQuery, pageSizeParam } from '../../shared/list-page/list-state';
import { StatusChip } from '../../shared/status-chip';

export const PAGE_SIZES = [10, 25, 50];

/** The student's attempts, newest first; the page lives in the URL (`?page=…&pageSize=…`). */
@Component({
  selector: 'app-my-results-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatTableModule,
    ListEmpty,
    ListItems,
    ListScaffold,
    StatusChip,
  ],
  templateUrl: './my-results.page.html',
  styleUrl: './my-results.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyResultsPage {
  private readonly attempts = inject(AttemptsApi);
  private readonly router = inject(Router);

  readonly page = input(1, { transform: pageParam });
  readonly pageSize = input(PAGE_SIZES[0], { transform: pageSizeParam(PAGE_SIZES) });

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

  protected readonly list = pagedList(this.result, {
    what: 'your results',
    pageSizes: PAGE_SIZES,
    labels: {
      loading: $localize`:@@myResults.loading:Loading your results`,
      error: $localize`:@@myResults.loadError:Your results could not be loaded`,
      paginator: $localize`:@@myResults.paginator:Choose a page of your results`,
    },
  });

  protected num(value: number | null): string {
    return value === null ? '—' : formatNumber(value);
  }

  protected pct(value: number): string {
    return formatPercent(value);
  }

  protected resumeLabel(exam: string, attempt: number): string {
    const n = formatNumber(attempt);
    return $localize`:@@myResults.resumeLabel:Resume ${exam}:exam:, attempt ${n}:number:`;
  }

  protected viewLabel(exam: string, attempt: number): string {
    const n = formatNumber(attempt);
    return $localize`:@@myResults.viewLabel:View result of ${exam}:exam:, attempt ${n}:number:`;
  }

  protected onPage(event: PageEvent): void {
    void this.router.navigate([], {
      queryParams: pageQuery(event, PAGE_SIZES),
      queryParamsHandling: 'merge',
    });
  }
}
