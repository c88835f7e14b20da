import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';

import { apiErrorDetail, apiErrorMessage } from '../../core/api/api-error';
import type { Attempt, AttemptQuestion, SaveAnswerResponse } from '../../core/api/api-types';
import { AttemptsApi } from '../../core/api/attempts-api';
import {
  type Answer,
  type AnswerState,
  type PendingAnswer,
  fromSaved,
  isAnswered,
  mergeOnResume,
  sameAnswer,
  toFinal,
  toRequest,
} from './answers';
import {
  type KeyValueStore,
  browserStorage,
  clearAttempt,
  loadFlags,
  loadPosition,
  saveFlags,
  savePosition,
} from './attempt-storage';
import { crossedMark, markAnnouncement, measureOffset, remainingMs } from './exam-clock';
import { Outbox, SeqCounter, backoffDelay } from './outbox';

/** Where the page keeps its per-attempt data (localStorage; tests may provide another). */
export const ATTEMPT_STORE = new InjectionToken<KeyValueStore | null>('ATTEMPT_STORE', {
  providedIn: 'root',
  factory: browserStorage,
});

/** Typing is saved this long after the last keystroke; choices are saved at once. */
export const AUTOSAVE_DEBOUNCE_MS = 600;

export type SaveStatus = 'saved' | 'saving' | 'offline' | 'error';
export type Phase =
  'loading' | 'not-found' | 'load-error' | 'answering' | 'read-only' | 'submitting' | 'finished';

export interface NumberedQuestion {
  index: number;
  question: AttemptQuestion;
}

/**
 * One attempt being taken, for the exam page (provided by the page, one per attempt):
 * loading and resuming, the answers, autosave through the outbox with retries, the clock
 * (corrected for skew) and its announcements, submitting — by the student or at the deadline.
 *
 * Rules: every change gets the next seq of its question and goes to the outbox (localStorage)
 * before anything is sent; an entry leaves the outbox only when the server acknowledged that
 * seq or a newer one. Failed sends are retried with exponential backoff and at once when the
 * browser comes back online. Submit carries the whole outbox, so nothing typed is lost.
 */
@Injectable()
export class AttemptSession {
  private readonly api = inject(AttemptsApi);
  private readonly store = inject(ATTEMPT_STORE);

  readonly attempt = signal<Attempt | null>(null);
  readonly phase = signal<Phase>('loading');
  readonly loadError = signal<string | null>(null);
  /** Why the attempt was closed by the server while answering (409), for a message. */
  readonly closedMessage = signal<string | null>(null);
  /** The last submit failure, while it is retried (or why it stopped). */
  readonly submitError = signal<string | null>(null);
  /** The deadline came: the page submits by itself. */
  readonly timeUp = signal(false);
  /** The latest timer announcement for screen readers (10, 5 and 1 minute left). */
  readonly announcement = signal('');

  private readonly states = signal<ReadonlyMap<number, AnswerState>>(new Map());
  private readonly flagSet = signal<ReadonlySet<number>>(new Set());
  readonly position = signal(0);

  private readonly offset = signal(0);
  private readonly clientNow = signal(Date.now());
  private readonly online = signal(globalThis.navigator?.onLine ?? true);
  private readonly networkDown = signal(false);
  private readonly inFlight = signal(0);
  private readonly saveError = signal<string | null>(null);

  readonly questions = computed(() => this.attempt()?.questions ?? []);
  readonly total = computed(() => this.questions().length);
  readonly answers = computed(() => {
    const map = new Map<number, Answer>();
    for (const [id, state] of this.states()) map.set(id, state.answer);
    return map as ReadonlyMap<number, Answer>;
  });
  readonly flags = this.flagSet.asReadonly();
  readonly answeredIds = computed(() => {
    const answers = this.answers();
    return new Set(
      this.questions()
        .filter((q) => isAnswered(q.type, answers.get(q.id)))
        .map((q) => q.id),
    ) as ReadonlySet<number>;
  });
  readonly answeredCount = computed(() => this.answeredIds().size);
  readonly unanswered = computed<NumberedQuestion[]>(() =>
    this.numbered().filter(({ question }) => !this.answeredIds().has(question.id)),
  );
  readonly flagged = computed<NumberedQuestion[]>(() =>
    this.numbered().filter(({ question }) => this.flagSet().has(question.id)),
  );
  readonly pendingCount = computed(
    () => [...this.states().values()].filter((state) => state.pending).length,
  );

  readonly deadline = computed(() => this.attempt()?.deadline ?? null);
  /** Milliseconds left on the server's clock; null for untimed attempts. */
  readonly remaining = computed(() => {
    const deadline = this.deadline();
    return deadline === null ? null : remainingMs(deadline, this.offset(), this.clientNow());
  });

  readonly isOffline = computed(() => !this.online() || this.networkDown());
  readonly saveStatus = computed<SaveStatus>(() => {
    if (this.isOffline()) return 'offline';
    if (this.saveError()) return 'error';
    if (this.pendingCount() > 0 || this.inFlight() > 0) return 'saving';
    return 'saved';
  });
  readonly saveErrorMessage = this.saveError.asReadonly();

  private attemptId = 0;
  private outbox: Outbox | null = null;
  private seqs: SeqCounter | null = null;
  private readonly debounce = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly sending = new Set<number>();
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private lastRemaining: number | null = null;
  private submitInFlight = false;
  private destroyed = false;

  constructor() {
    const onOnline = () => this.backOnline();
    const onOffline = () => this.online.set(false);
    // Browsers slow down timers in background tabs: catch up as soon as the tab is shown.
    const onVisible = () => {
      if (this.tickTimer !== undefined && globalThis.document?.visibilityState === 'visible') {
        this.tick();
      }
    };
    globalThis.addEventListener?.('online', onOnline);
    globalThis.addEventListener?.('offline', onOffline);
    globalThis.document?.addEventListener('visibilitychange', onVisible);
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      globalThis.removeEventListener?.('online', onOnline);
      globalThis.removeEventListener?.('offline', onOffline);
      globalThis.document?.removeEventListener('visibilitychange', onVisible);
      this.stopTimers();
    });
  }

  // ------------------------------------------------------------------------------ loading

  load(attemptId: number): void {
    this.stopTimers();
    this.attemptId = attemptId;
    this.outbox = new Outbox(this.store, attemptId);
    this.seqs = new SeqCounter(this.store, attemptId);
    this.phase.set('loading');
    this.loadError.set(null);
    const fresh = this.api.takeFresh(attemptId); // just started: no second load
    if (fresh) {
      this.loaded(fresh.attempt, fresh.sentAt, fresh.receivedAt);
      return;
    }
    const sentAt = Date.now();
    this.api.get(attemptId).subscribe({
      next: (attempt) => this.loaded(attempt, sentAt, Date.now()),
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 404) {
          this.phase.set('not-found');
        } else {
          this.loadError.set(apiErrorMessage(error));
          this.phase.set('load-error');
        }
      },
    });
  }

  private loaded(attempt: Attempt, sentAt: number, receivedAt: number): void {
    this.offset.set(measureOffset(attempt.server_now, sentAt, receivedAt));
    this.clientNow.set(receivedAt);
    this.attempt.set(attempt);
    if (attempt.state !== 'in_progress') {
      clearAttempt(this.store, attempt.id);
      this.phase.set('finished');
      return;
    }
    if (attempt.read_only) {
      this.states.set(mergeOnResume(attempt.responses, []));
      this.phase.set('read-only');
      return;
    }
    const outbox = this.outbox!;
    const seqs = this.seqs!;
    const ids = new Set(attempt.questions.map((q) => q.id));
    for (const saved of attempt.responses) {
      seqs.observe(saved.question_id, saved.seq);
      outbox.acknowledge(saved.question_id, saved.seq);
    }
    for (const entry of outbox.entries()) {
      if (ids.has(entry.questionId)) seqs.observe(entry.questionId, entry.seq);
      else outbox.discard(entry.questionId);
    }
    this.states.set(mergeOnResume(attempt.responses, outbox.entries()));
    this.flagSet.set(loadFlags(this.store, attempt.id));
    const last = Math.max(0, attempt.questions.length - 1);
    this.position.set(Math.min(loadPosition(this.store, attempt.id), last));
    this.phase.set('answering');
    this.startClock();
    this.flush();
  }

  // ------------------------------------------------------------------------------ navigation, flags

  goTo(index: number): void {
    const clamped = Math.max(0, Math.min(index, this.total() - 1));
    this.position.set(clamped);
    if (this.phase() === 'answering') savePosition(this.store, this.attemptId, clamped);
  }

  toggleFlag(questionId: number): void {
    const next = new Set(this.flagSet());
    if (!next.delete(questionId)) next.add(questionId);
    this.flagSet.set(next);
    saveFlags(this.store, this.attemptId, next);
  }

  // ------------------------------------------------------------------------------ answering

  /** A new answer from the page: kept, queued, and sent (at once, or after typing stops). */
  change(questionId: number, answer: Answer, immediate: boolean): void {
    if (this.phase() !== 'answering' || !this.outbox || !this.seqs) return;
    if (!this.question(questionId)) return;
    const current = this.states().get(questionId);
    if (current && sameAnswer(current.answer, answer)) return;
    const seq = this.seqs.next(questionId);
    this.outbox.put({ questionId, answer, seq });
    this.setState(questionId, { answer, seq, pending: true });
    clearTimeout(this.debounce.get(questionId));
    this.debounce.delete(questionId);
    if (immediate) {
      this.send(questionId);
    } else {
      this.debounce.set(
        questionId,
        setTimeout(() => {
          this.debounce.delete(questionId);
          this.send(questionId);
        }, AUTOSAVE_DEBOUNCE_MS),
      );
    }
  }

  /** Sends every outbox entry that is not waiting for typing to stop. */
  flush(): void {
    if (this.phase() !== 'answering' || !this.outbox) return;
    for (const entry of this.outbox.entries()) {
      if (!this.debounce.has(entry.questionId)) this.send(entry.questionId);
    }
  }

  private send(questionId: number): void {
    if (this.phase() !== 'answering' || this.sending.has(questionId) || this.destroyed) return;
    const entry = this.outbox?.get(questionId);
    const question = this.question(questionId);
    if (!entry || !question) return;
    this.sending.add(questionId);
    this.inFlight.update((n) => n + 1);
    const sentAt = Date.now();
    this.api
      .saveAnswer(this.attemptId, questionId, toRequest(question.type, entry.answer, entry.seq))
      .subscribe({
        next: (saved) => {
          this.sending.delete(questionId);
          this.inFlight.update((n) => n - 1);
          this.saved(entry, saved, sentAt, Date.now());
        },
        error: (error: unknown) => {
          this.sending.delete(questionId);
          this.inFlight.update((n) => n - 1);
          this.saveFailed(entry, error);
        },
      });
  }

  private saved(
    entry: PendingAnswer,
    saved: SaveAnswerResponse,
    sentAt: number,
    receivedAt: number,
  ): void {
    const outbox = this.outbox!;
    const questionId = entry.questionId;
    this.offset.set(measureOffset(saved.server_now, sentAt, receivedAt));
    this.networkDown.set(false);
    this.saveError.set(null);
    this.failures = 0;
    this.seqs?.observe(questionId, saved.seq);
    outbox.acknowledge(questionId, entry.seq);
    const newer = outbox.get(questionId);
    if (saved.stale && (!newer || newer.seq <= saved.seq)) {
      // The server has a newer answer (another tab or device): adopt it.
      outbox.acknowledge(questionId, saved.seq);
      this.setState(questionId, { answer: fromSaved(saved), seq: saved.seq, pending: false });
    } else if (!newer) {
      const state = this.states().get(questionId);
      if (state && state.seq <= Math.max(entry.seq, saved.seq)) {
        this.setState(questionId, { ...state, pending: false });
      }
    }
    if (this.outbox?.get(questionId) && !this.debounce.has(questionId)) this.send(questionId);
  }

  private saveFailed(entry: PendingAnswer, error: unknown): void {
    if (this.phase() !== 'answering') return; // submitting: the submit carries the outbox
    const status = error instanceof HttpErrorResponse ? error.status : -1;
    if (status === 409) {
      this.closedByServer(apiErrorMessage(error));
    } else if (status === 0) {
      this.networkDown.set(true);
      this.scheduleRetry();
    } else if (status === 401) {
      // The error interceptor ends the session and asks to sign in; the outbox keeps the answer.
      this.saveError.set(
        $localize`:@@take.sessionEnded.save:Your session has ended: sign in again to keep saving.`,
      );
    } else if (status === 403 || status === 404 || status === 422) {
      // The server will never take this answer: retrying cannot help.
      this.outbox?.discard(entry.questionId);
      const state = this.states().get(entry.questionId);
      if (state && state.seq === entry.seq) {
        this.setState(entry.questionId, { ...state, pending: false });
      }
      const message = apiErrorMessage(error);
      this.saveError.set(
        $localize`:@@take.saveFailed:An answer could not be saved: ${message}:message:`,
      );
    } else {
      this.saveError.set(
        $localize`:@@take.saveRetrying:The server could not save your answers. Retrying…`,
      );
      this.scheduleRetry();
    }
  }

  /** The attempt was closed on the server (submitted elsewhere, or time is up). */
  private closedByServer(message: string): void {
    this.stopTimers();
    this.outbox?.clear();
    clearAttempt(this.store, this.attemptId);
    this.closedMessage.set(message);
    this.phase.set('finished');
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined || this.destroyed) return;
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retry();
    }, backoffDelay(this.failures));
  }

  private retry(): void {
    if (this.phase() === 'submitting') this.sendSubmit();
    else this.flush();
  }

  private backOnline(): void {
    this.online.set(true);
    this.networkDown.set(false);
    this.failures = 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retry();
  }

  // ------------------------------------------------------------------------------ submitting

  /** Submit (the student confirmed, or time is up). Safe to call twice. */
  submit(): void {
    const phase = this.phase();
    if (phase !== 'answering' && phase !== 'submitting') return;
    this.phase.set('submitting');
    this.submitError.set(null);
    for (const timer of this.debounce.values()) clearTimeout(timer);
    this.debounce.clear();
    // Retries from now on are the submit's, starting again at the shortest delay.
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.failures = 0;
    this.sendSubmit();
  }

  private sendSubmit(): void {
    if (this.submitInFlight || this.destroyed || this.phase() !== 'submitting') return;
    const pending = (this.outbox?.entries() ?? []).filter((e) => this.question(e.questionId));
    const responses = pending.map((e) => toFinal(this.question(e.questionId)!.type, e));
    this.submitInFlight = true;
    const sentAt = Date.now();
    this.api.submit(this.attemptId, responses).subscribe({
      next: (attempt) => {
        this.submitInFlight = false;
        this.offset.set(measureOffset(attempt.server_now, sentAt, Date.now()));
        this.stopTimers();
        clearAttempt(this.store, this.attemptId);
        this.attempt.set(attempt);
        this.networkDown.set(false);
        this.phase.set('finished');
      },
      error: (error: unknown) => {
        this.submitInFlight = false;
        this.submitFailed(error, pending);
      },
    });
  }

  private submitFailed(error: unknown, sent: PendingAnswer[]): void {
    const status = error instanceof HttpErrorResponse ? error.status : -1;
    if (status === 0) {
      this.networkDown.set(true);
      this.submitError.set(
        $localize`:@@take.submitOffline:You are offline. Your answers are kept on this device and are sent as soon as the connection is back.`,
      );
      this.scheduleRetry();
    } else if (status === 422) {
      // Answers the server refuses (should not happen): drop them, submit the rest.
      const bad = apiErrorDetail(error)?.details?.['json'] as
        { responses?: Record<string, unknown> } | undefined;
      const indexes = Object.keys(bad?.responses ?? {}).map(Number);
      const dropped = indexes.length ? indexes.map((i) => sent[i]).filter(Boolean) : sent;
      for (const entry of dropped) this.outbox?.discard(entry.questionId);
      this.sendSubmit();
    } else if (status === 401) {
      this.submitError.set(
        $localize`:@@take.sessionEnded.submit:Your session has ended: sign in again, then submit.`,
      );
      this.phase.set('answering');
    } else if (status === 403 || status === 404) {
      this.submitError.set(apiErrorMessage(error));
      this.phase.set('answering');
    } else {
      const message = apiErrorMessage(error);
      this.submitError.set($localize`:@@take.submitRetrying:${message}:message: Retrying…`);
      this.scheduleRetry();
    }
  }

  // ------------------------------------------------------------------------------ the clock

  private startClock(): void {
    if (this.deadline() === null) return;
    this.lastRemaining = null;
    this.tick();
    this.tickTimer = setInterval(() => this.tick(), 1000);
  }

  /** Once a second: the countdown, its announcements, and submitting at the deadline. */
  tick(): void {
    this.clientNow.set(Date.now());
    const remaining = this.remaining();
    if (remaining === null) return;
    const mark = crossedMark(this.lastRemaining, remaining);
    if (mark !== null) this.announcement.set(markAnnouncement(mark));
    this.lastRemaining = remaining;
    if (remaining <= 0 && this.phase() === 'answering') {
      this.timeUp.set(true);
      this.announcement.set(
        $localize`:@@take.timeUpSubmitting:Time is up. Your answers are being submitted.`,
      );
      this.submit();
    }
  }

  private stopTimers(): void {
    clearInterval(this.tickTimer);
    this.tickTimer = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const timer of this.debounce.values()) clearTimeout(timer);
    this.debounce.clear();
  }

  // ------------------------------------------------------------------------------ helpers

  private numbered(): NumberedQuestion[] {
    return this.questions().map((question, index) => ({ index, question }));
  }

  private question(questionId: number): AttemptQuestion | undefined {
    return this.questions().find((q) => q.id === questionId);
  }

  private setState(questionId: number, state: AnswerState): void {
    const next = new Map(this.states());
    next.set(questionId, state);
    this.states.set(next);
  }
}
