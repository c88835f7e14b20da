import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, tap } from 'rxjs';

import type {
  Attempt,
  FinalAnswer,
  MyAttempt,
  MyAttemptsQuery,
  Page,
  SaveAnswerRequest,
  SaveAnswerResponse,
} from './api-types';
import { handledByCaller } from './error-handling';

/** How long the attempt a start or submit answered with may stand in for loading it. */
export const FRESH_MS = 10_000;

/** An attempt as a request just answered with it, and when it was sent and received. */
export interface FreshAttempt {
  readonly attempt: Attempt;
  readonly sentAt: number;
  readonly receivedAt: number;
}

/**
 * Taking exams: start, load, autosave, submit, and the student's own attempts.
 * Loading, saving and submitting show their errors in place (the exam page has a save status
 * and retries), so they are `handledByCaller()`; a 401 still signs out via the interceptor.
 */
@Injectable({ providedIn: 'root' })
export class AttemptsApi {
  private readonly http = inject(HttpClient);

  /** Start and submit answer with the whole attempt; the next page takes it (takeFresh). */
  private readonly fresh = new Map<number, FreshAttempt>();

  /**
   * Start an attempt at an exam (201), or resume the one in progress (200). The caller shows
   * the error: a busy server's answers are retried first (withStartRetry), not shown.
   */
  start(examId: number): Observable<Attempt> {
    const sentAt = Date.now();
    return this.http
      .post<Attempt>(`/api/exams/${examId}/attempts`, {}, { context: handledByCaller() })
      .pipe(tap((attempt) => this.keepFresh(attempt, sentAt)));
  }

  /**
   * The attempt as its start or submit just answered with it, handed out once: the exam page
   * opened right after Start, and the result page right after Submit, need no second load
   * (on exam day that halves the requests of the start and the deadline bursts). Memory
   * only, and only for FRESH_MS: a reload, or a page opened later, loads the attempt afresh.
   */
  takeFresh(attemptId: number): FreshAttempt | null {
    const fresh = this.fresh.get(attemptId) ?? null;
    this.fresh.delete(attemptId);
    return fresh && Date.now() - fresh.receivedAt <= FRESH_MS ? fresh : null;
  }

  private keepFresh(attempt: Attempt, sentAt: number): void {
    this.fresh.clear(); // only the latest is worth keeping
    this.fresh.set(attempt.id, { attempt, sentAt, receivedAt: Date.now() });
  }

  /** The attempt with its questions (in its order), saved answers and, once finished, result. */
  get(attemptId: number): Observable<Attempt> {
    return this.http.get<Attempt>(`/api/attempts/${attemptId}`, { context: handledByCaller() });
  }

  /** Autosave one answer; ordered by the client's `seq` (idempotent). */
  saveAnswer(
    attemptId: number,
    questionId: number,
    body: SaveAnswerRequest,
  ): Observable<SaveAnswerResponse> {
    return this.http.put<SaveAnswerResponse>(
      `/api/attempts/${attemptId}/responses/${questionId}`,
      body,
      { context: handledByCaller() },
    );
  }

  /** Submit with the answers not yet saved; idempotent (a finished attempt returns its result). */
  submit(attemptId: number, responses: FinalAnswer[]): Observable<Attempt> {
    const sentAt = Date.now();
    return this.http
      .post<Attempt>(
        `/api/attempts/${attemptId}/submit`,
        { responses },
        { context: handledByCaller() },
      )
      .pipe(tap((attempt) => this.keepFresh(attempt, sentAt)));
  }

  /** My attempts, newest first. */
  mine(query: MyAttemptsQuery = {}): Observable<Page<MyAttempt>> {
    let params = new HttpParams();
    if (query.page) params = params.set('page', query.page);
    if (query.per_page) params = params.set('per_page', query.per_page);
    return this.http.get<Page<MyAttempt>>('/api/me/attempts', { params });
  }
}
