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

/** How long a start's answer may stand in for loading the attempt. */
export const STARTED_FRESH_MS = 10_000;

/** A start's answer with the times it was sent and received (for the clock offset). */
export interface StartedAttempt {
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

  /** Start answers with the whole attempt; the exam page takes it from here (takeStarted). */
  private readonly started = new Map<number, StartedAttempt>();

  /** Start an attempt at an exam (201), or resume the one in progress (200). */
  start(examId: number): Observable<Attempt> {
    const sentAt = Date.now();
    return this.http.post<Attempt>(`/api/exams/${examId}/attempts`, {}).pipe(
      tap((attempt) => {
        this.started.clear(); // only the latest start is worth keeping
        this.started.set(attempt.id, { attempt, sentAt, receivedAt: Date.now() });
      }),
    );
  }

  /**
   * The attempt as its start just answered it, handed out once: the exam page opened right
   * after Start needs no second load (on exam day that halves the requests of the start
   * burst). Memory only, and only for STARTED_FRESH_MS: a reload, or a page opened later,
   * loads the attempt afresh with every answer saved since.
   */
  takeStarted(attemptId: number): StartedAttempt | null {
    const started = this.started.get(attemptId) ?? null;
    this.started.delete(attemptId);
    return started && Date.now() - started.receivedAt <= STARTED_FRESH_MS ? started : null;
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
    return this.http.post<Attempt>(
      `/api/attempts/${attemptId}/submit`,
      { responses },
      { context: handledByCaller() },
    );
  }

  /** My attempts, newest first. */
  mine(query: MyAttemptsQuery = {}): Observable<Page<MyAttempt>> {
    let params = new HttpParams();
    if (query.page) params = params.set('page', query.page);
    if (query.per_page) params = params.set('per_page', query.per_page);
    return this.http.get<Page<MyAttempt>>('/api/me/attempts', { params });
  }
}
