import { HttpErrorResponse } from '@angular/common/http';
import { type Observable, retry, throwError, timer } from 'rxjs';

import { backoffDelay } from './outbox';

/**
 * Starting an exam when the server is busy (the start burst of an exam day, or a proxy that
 * answers 503 while an instance restarts): the student must never see an error for a start
 * that only has to wait. Busy answers are retried, with exponential backoff and jitter (so
 * thousands of students do not retry in step) and never sooner than the server's Retry-After,
 * until a generous overall limit; anything else (409: not open, no attempts left…) fails at
 * once. Starting is idempotent: a retry resumes the attempt a lost answer already created.
 */
export interface StartRetryOptions {
  /** Give up (and show the error) after this long since the first try. */
  limitMs?: number;
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
  now?: () => number;
}

/** Statuses that mean "busy or briefly unreachable", not "no". 0: no answer (network). */
const BUSY = new Set([0, 429, 502, 503, 504]);

export function isBusy(error: unknown): error is HttpErrorResponse {
  return error instanceof HttpErrorResponse && BUSY.has(error.status);
}

/** Retry-After in ms (seconds or an HTTP date), or 0 when absent or unreadable. */
export function retryAfterMs(error: HttpErrorResponse, now: number = Date.now()): number {
  const value = error.headers?.get('Retry-After')?.trim();
  if (!value) return 0;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

/** The delay before retry number `failures`, or null when the overall limit is reached. */
export function startRetryDelay(
  error: unknown,
  failures: number,
  elapsedMs: number,
  options: StartRetryOptions = {},
): number | null {
  const { limitMs = 180_000, baseMs = 500, maxMs = 8000, random = Math.random } = options;
  if (!isBusy(error)) return null;
  const delay = Math.max(
    retryAfterMs(error, (options.now ?? Date.now)()),
    backoffDelay(failures, { baseMs, maxMs, jitter: 0.5, random }),
  );
  return elapsedMs + delay > limitMs ? null : delay;
}

/** `request` (a cold observable: each subscription sends it again) with the retries above. */
export function withStartRetry<T>(
  request: Observable<T>,
  options: StartRetryOptions = {},
): Observable<T> {
  const now = options.now ?? Date.now;
  const began = now();
  return request.pipe(
    retry({
      delay: (error: unknown, failures: number) => {
        const delay = startRetryDelay(error, failures, now() - began, options);
        return delay === null ? throwError(() => error) : timer(delay);
      },
    }),
  );
}
