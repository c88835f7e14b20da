import { EMPTY, type Observable, expand, reduce } from 'rxjs';

import type { ExamResult, ExamResultPage, ResultsSummary } from '../../../core/api/api-types';

export const RESULTS_PAGE_SIZE = 100;
/** At most this many pages are fetched (10 000 attempts); `truncated` says when there are more. */
export const RESULTS_MAX_PAGES = 100;

export interface AllResults {
  items: ExamResult[];
  summary: ResultsSummary | null;
  total: number;
  truncated: boolean;
}

/**
 * Every attempt at an exam, fetched page after page (the API pages by 100 at most): the chart
 * needs every score, and the table sorts and pages them in the browser.
 */
export function fetchAllResults(
  fetchPage: (page: number, perPage: number) => Observable<ExamResultPage>,
  maxPages = RESULTS_MAX_PAGES,
): Observable<AllResults> {
  return fetchPage(1, RESULTS_PAGE_SIZE).pipe(
    expand((page) =>
      page.page * page.per_page < page.total && page.page < maxPages && page.items.length > 0
        ? fetchPage(page.page + 1, RESULTS_PAGE_SIZE)
        : EMPTY,
    ),
    reduce<ExamResultPage, AllResults>(
      (all, page) => ({
        items: [...all.items, ...page.items],
        summary: all.summary ?? page.summary,
        total: page.total,
        truncated: page.page >= maxPages && page.page * page.per_page < page.total,
      }),
      { items: [], summary: null, total: 0, truncated: false },
    ),
  );
}

/** 754 → "12 min 34 s"; 3720 → "1 h 2 min"; null → "—". */
export function durationLabel(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) {
    return m
      ? $localize`:@@author.format.hoursMinutes:${h}:hours: h ${m}:minutes: min`
      : $localize`:@@author.format.hours:${h}:hours: h`;
  }
  if (m > 0) {
    return s
      ? $localize`:@@author.duration.minutesSeconds:${m}:minutes: min ${s}:seconds: s`
      : $localize`:@@author.format.minutes:${m}:minutes: min`;
  }
  return $localize`:@@author.duration.seconds:${s}:seconds: s`;
}
