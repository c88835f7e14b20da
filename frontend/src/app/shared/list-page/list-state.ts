import {
  DestroyRef,
  type ResourceRef,
  type Signal,
  type WritableSignal,
  computed,
  inject,
  linkedSignal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { FormControl } from '@angular/forms';
import type { PageEvent } from '@angular/material/paginator';
import { type Observable, debounceTime, distinctUntilChanged, map } from 'rxjs';

import type { Page } from '../../core/api/api-types';
import { countLabel } from '../exam-format';
import { plural } from '../plural';

/** How long the search box waits for the typing to pause before it searches. */
export const SEARCH_DEBOUNCE_MS = 300;

/** The page a list shows: the last one received stays on screen while the next one loads. */
export function lastPage<T>(resource: ResourceRef<T | undefined>): WritableSignal<T | undefined> {
  return linkedSignal<T | undefined, T | undefined>({
    source: () => (resource.hasValue() ? resource.value() : undefined),
    computation: (page, previous) => page ?? (resource.isLoading() ? previous?.value : undefined),
  });
}

/** A paged list as `ListScaffold` shows it: its state and what it says. */
export interface PagedList<T> {
  /** The page shown (the last one received stays on screen while the next one loads). */
  readonly shown: WritableSignal<Page<T> | undefined>;
  readonly loading: Signal<boolean>;
  /** The last request failed. */
  readonly failed: Signal<boolean>;
  reload(): void;
  readonly pageSizes: readonly number[];
  /** Announces "N exams found" (for screen readers) when set. */
  readonly countText?: (total: number) => string;
  readonly labels: { loading: string; error: string; paginator: string };
}

/** What a list says while loading, on failure and on its paginator, in the page's language. */
export interface ListLabels {
  loading: string;
  error: string;
  paginator: string;
}

/**
 * A list page's list from its resource. Translated pages pass `labels` and `count` (an ICU plural
 * message, e.g. $localize`:@@catalog.found:{count, plural, =1 {1 exam found} other {# exams found}}`);
 * `what` and `countNoun` build English ones ("your exams": "Loading your exams", "Your exams could
 * not be loaded", "Choose a page of your exams"; "3 exams found").
 */
export function pagedList<T>(
  resource: ResourceRef<Page<T> | undefined>,
  options: {
    what: string;
    pageSizes: readonly number[];
    countNoun?: string;
    labels?: ListLabels;
    count?: string;
  },
): PagedList<T> {
  const { what, pageSizes, countNoun, count } = options;
  let countText: ((total: number) => string) | undefined;
  if (count) countText = (total) => plural(total, count);
  else if (countNoun) countText = (total) => `${countLabel(total, countNoun)} found`;
  return {
    shown: lastPage(resource),
    loading: computed(() => resource.isLoading()),
    failed: computed(() => !!resource.error()),
    reload: () => resource.reload(),
    pageSizes,
    countText,
    labels: options.labels ?? {
      loading: `Loading ${what}`,
      error: `${what[0].toUpperCase()}${what.slice(1)} could not be loaded`,
      paginator: `Choose a page of ${what}`,
    },
  };
}

/** The `page` query parameter: a positive whole number, else 1. */
export function pageParam(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** The `pageSize` query parameter: one of `sizes`, else the first. */
export function pageSizeParam(sizes: readonly number[]): (value: string | undefined) => number {
  return (value) => (sizes.includes(Number(value)) ? Number(value) : sizes[0]);
}

/** The query parameters of a paginator's choice (defaults left out of the URL). */
export function pageQuery(
  event: PageEvent,
  sizes: readonly number[],
): { page: number | null; pageSize: number | null } {
  return {
    page: event.pageIndex > 0 ? event.pageIndex + 1 : null,
    pageSize: event.pageSize === sizes[0] ? null : event.pageSize,
  };
}

/**
 * What the user searches for: the search box's text, trimmed, once the typing pauses, each
 * new term once; ends with the component (call it in an injection context).
 */
export function searchTerms(control: FormControl<string>): Observable<string> {
  return control.valueChanges.pipe(
    map((value) => value.trim()),
    debounceTime(SEARCH_DEBOUNCE_MS),
    distinctUntilChanged(),
    takeUntilDestroyed(inject(DestroyRef)),
  );
}
