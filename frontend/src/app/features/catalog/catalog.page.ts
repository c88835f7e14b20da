import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { PageEvent } from '@angular/material/paginator';
import { Router } from '@angular/router';

import { ExamsApi } from '../../core/api/exams-api';
import { ListEmpty, ListItems, ListScaffold } from '../../shared/list-page/list-scaffold';
import {
  pagedList,
  pageParam,
  pageQuery,
  pageSizeParam,
  searchTerms,
} from '../../shared/list-page/list-state';
import { SearchField } from '../../shared/list-page/search-field';
import { ExamCard } from './exam-card';

export const PAGE_SIZES = [12, 24, 48];

/**
 * The catalogue of published exams. The search text and the page live in the URL
 * (`/exams?q=…&page=…&pageSize=…`), so a search can be shared and Back works.
 */
@Component({
  selector: 'app-catalog-page',
  imports: [
    MatButtonModule,
    MatIconModule,
    ExamCard,
    ListEmpty,
    ListItems,
    ListScaffold,
    SearchField,
  ],
  templateUrl: './catalog.page.html',
  styleUrl: './catalog.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CatalogPage {
  private readonly exams = inject(ExamsApi);
  private readonly router = inject(Router);

  // Query parameters, bound by the router (withComponentInputBinding).
  readonly q = input('', { transform: (v: string | undefined) => (v ?? '').trim() });
  readonly page = input(1, { transform: pageParam });
  readonly pageSize = input(PAGE_SIZES[0], { transform: pageSizeParam(PAGE_SIZES) });

  protected readonly search = new FormControl('', { nonNullable: true });

  protected readonly result = rxResource({
    params: () => ({ q: this.q(), page: this.page(), per_page: this.pageSize() }),
    stream: ({ params }) => this.exams.list(params),
  });

  protected readonly list = pagedList(this.result, {
    what: 'the exams',
    pageSizes: PAGE_SIZES,
    labels: {
      loading: $localize`:@@catalog.loading:Loading the exams`,
      error: $localize`:@@catalog.loadError:The exams could not be loaded`,
      paginator: $localize`:@@catalog.paginator:Choose a page of exams`,
    },
    count: $localize`:@@catalog.found:{count, plural, =0 {No exams found} =1 {1 exam found} other {# exams found}}`,
  });

  constructor() {
    // The URL drives the search box (e.g. Back), the search box drives the URL (debounced).
    effect(() => {
      const q = this.q();
      if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
    });
    searchTerms(this.search).subscribe((q) => {
      if (q !== this.q()) this.navigate({ q: q || null, page: null });
    });
  }

  protected onPage(event: PageEvent): void {
    this.navigate(pageQuery(event, PAGE_SIZES));
  }

  protected firstPage(): void {
    this.navigate({ page: null });
  }

  protected clearSearch(): void {
    this.search.setValue('', { emitEvent: false });
    this.navigate({ q: null, page: null });
  }

  private navigate(queryParams: Record<string, string | number | null>): void {
    void this.router.navigate([], { queryParams, queryParamsHandling: 'merge' });
  }
}
