import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';

import type { ExamPage } from '../../core/api/api-types';
import { ExamsApi } from '../../core/api/exams-api';
import { ExamCard } from './exam-card';

export const PAGE_SIZES = [12, 24, 48];
const SEARCH_DEBOUNCE_MS = 300;

function positiveInt(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The catalogue of published exams. The search text and the page live in the URL
 * (`/exams?q=…&page=…&pageSize=…`), so a search can be shared and Back works.
 */
@Component({
  selector: 'app-catalog-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    ExamCard,
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
  readonly page = input(1, { transform: (v: string | undefined) => positiveInt(v, 1) });
  readonly pageSize = input(PAGE_SIZES[0], {
    transform: (v: string | undefined) =>
      PAGE_SIZES.includes(Number(v)) ? Number(v) : PAGE_SIZES[0],
  });

  protected readonly pageSizes = PAGE_SIZES;
  protected readonly search = new FormControl('', { nonNullable: true });

  protected readonly result = rxResource({
    params: () => ({ q: this.q(), page: this.page(), per_page: this.pageSize() }),
    stream: ({ params }) => this.exams.list(params),
  });

  /** The last page received: stays on screen while the next one loads. */
  protected readonly shown = linkedSignal<ExamPage | undefined, ExamPage | undefined>({
    source: () => (this.result.hasValue() ? this.result.value() : undefined),
    computation: (page, previous) =>
      page ?? (this.result.isLoading() ? previous?.value : undefined),
  });

  protected readonly empty = computed(() => this.shown()?.items.length === 0);

  constructor() {
    // The URL drives the search box (e.g. Back), the search box drives the URL (debounced).
    effect(() => {
      const q = this.q();
      if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
    });
    this.search.valueChanges
      .pipe(
        map((value) => value.trim()),
        debounceTime(SEARCH_DEBOUNCE_MS),
        distinctUntilChanged(),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((q) => {
        if (q !== this.q()) this.navigate({ q: q || null, page: null });
      });
  }

  protected onPage(event: PageEvent): void {
    this.navigate({
      page: event.pageIndex + 1 > 1 ? event.pageIndex + 1 : null,
      pageSize: event.pageSize === PAGE_SIZES[0] ? null : event.pageSize,
    });
  }

  protected firstPage(): void {
    this.navigate({ page: null });
  }

  protected clearSearch(): void {
    this.search.setValue('');
    this.navigate({ q: null, page: null });
  }

  private navigate(queryParams: Record<string, string | number | null>): void {
    void this.router.navigate([], { queryParams, queryParamsHandling: 'merge' });
  }
}
