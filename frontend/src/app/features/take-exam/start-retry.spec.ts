import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { defer, of, throwError } from 'rxjs';

import { retryAfterMs, startRetryDelay, withStartRetry } from './start-retry';

const busy = (status: number, retryAfter?: string) =>
  new HttpErrorResponse({
    status,
    headers: retryAfter ? new HttpHeaders({ 'Retry-After': retryAfter }) : new HttpHeaders(),
  });

/** A request that answers `errors` one after the other, then 'attempt'. */
function flaky(errors: HttpErrorResponse[]) {
  let sent = 0;
  const request = defer(() => {
    sent += 1;
    return sent <= errors.length ? throwError(() => errors[sent - 1]) : of('attempt');
  });
  return { request, sent: () => sent };
}

describe('withStartRetry', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('waits out a busy server (503, 429, no answer) and never surfaces those errors', () => {
    const { request, sent } = flaky([busy(503), busy(0), busy(429), busy(502)]);
    const next = vi.fn();
    const error = vi.fn();
    withStartRetry(request, { random: () => 0.5, now: Date.now }).subscribe({ next, error });
    expect(sent()).toBe(1);
    vi.advanceTimersByTime(20_000);
    expect(sent()).toBe(5);
    expect(next).toHaveBeenCalledWith('attempt');
    expect(error).not.toHaveBeenCalled();
  });

  it('honours Retry-After: not sooner than the server asked', () => {
    const { request, sent } = flaky([busy(503, '5')]);
    withStartRetry(request, { random: () => 0.5, now: Date.now }).subscribe();
    vi.advanceTimersByTime(4900);
    expect(sent()).toBe(1);
    vi.advanceTimersByTime(200);
    expect(sent()).toBe(2);
  });

  it('fails at once on a refusal (409: not open, no attempts left)', () => {
    const { request, sent } = flaky([busy(409)]);
    const error = vi.fn();
    withStartRetry(request).subscribe({ error });
    expect(sent()).toBe(1);
    expect(error).toHaveBeenCalledOnce();
  });

  it('gives up, with the error, after the overall limit', () => {
    const { request, sent } = flaky(Array.from({ length: 100 }, () => busy(503)));
    const error = vi.fn();
    withStartRetry(request, { limitMs: 30_000, random: () => 0.5, now: Date.now }).subscribe({
      error,
    });
    // Tries at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 23.5 s; the next would pass 30 s: stop there.
    vi.advanceTimersByTime(23_000);
    expect(error).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(error).toHaveBeenCalledOnce();
    expect(sent()).toBeGreaterThan(4);
  });
});

describe('startRetryDelay', () => {
  it('backs off exponentially with jitter, capped', () => {
    const at = (failures: number, random: number) =>
      startRetryDelay(busy(503), failures, 0, { random: () => random });
    expect(at(1, 0.5)).toBe(500);
    expect(at(2, 0.5)).toBe(1000);
    expect(at(3, 0.5)).toBe(2000);
    expect(at(10, 0.5)).toBe(8000);
    expect(at(1, 0)).toBe(250); // -50 %
    expect(at(1, 1)).toBe(750); // +50 %
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs(busy(503, '3'))).toBe(3000);
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs(busy(503, 'Tue, 01 Dec 2026 10:00:07 GMT'), now)).toBe(7000);
    expect(retryAfterMs(busy(503, 'soon'))).toBe(0);
    expect(retryAfterMs(busy(503))).toBe(0);
  });
});
