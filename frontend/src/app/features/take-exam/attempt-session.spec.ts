import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import type {
  Attempt,
  AttemptQuestion,
  SaveAnswerResponse,
  SavedAnswer,
} from '../../core/api/api-types';
import { AttemptsApi, FRESH_MS } from '../../core/api/attempts-api';
import { EMPTY_ANSWER } from './answers';
import { ATTEMPT_STORE, AUTOSAVE_DEBOUNCE_MS, AttemptSession } from './attempt-session';
import { MemoryStore, attemptKey } from './attempt-storage';
import { Outbox } from './outbox';
import { attemptAt } from '../../core/api/attempt.testing';

const NOW = Date.parse('2026-06-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const QUESTIONS: AttemptQuestion[] = [
  {
    id: 11,
    type: 'single',
    text: 'Pick',
    points: 1,
    word_limit: null,
    alternatives: [
      { id: 101, text: 'A' },
      { id: 102, text: 'B' },
    ],
    answers: [],
    gaps: [],
  },
  {
    id: 12,
    type: 'short_answer',
    text: 'Type',
    points: 1,
    word_limit: null,
    alternatives: [],
    answers: [],
    gaps: [],
  },
  {
    id: 13,
    type: 'numeric',
    text: 'Number',
    points: 1,
    word_limit: null,
    alternatives: [],
    answers: [],
    gaps: [],
  },
];

const attempt = (overrides: Partial<Attempt> = {}): Attempt => attemptAt(NOW, QUESTIONS, overrides);

function saveResponse(
  questionId: number,
  seq: number,
  fields: Partial<SaveAnswerResponse> = {},
): SaveAnswerResponse {
  return {
    attempt_id: 5,
    question_id: questionId,
    selected_ids: [],
    text: null,
    number: null,
    pairs: null,
    ordered_ids: null,
    gaps: null,
    seq,
    saved_at: iso(Date.now()),
    stale: false,
    state: 'in_progress',
    deadline: iso(NOW + 20 * 60_000),
    server_now: iso(Date.now()),
    grace_period_seconds: 30,
    ...fields,
  };
}

function saved(questionId: number, seq: number, fields: Partial<SavedAnswer> = {}): SavedAnswer {
  return {
    question_id: questionId,
    selected_ids: [],
    text: null,
    number: null,
    pairs: null,
    ordered_ids: null,
    gaps: null,
    seq,
    saved_at: iso(NOW - 60_000),
    ...fields,
  };
}

const choice = (id: number) => ({ ...EMPTY_ANSWER, selectedIds: [id] });
const text = (value: string) => ({ ...EMPTY_ANSWER, text: value });
const num = (value: number) => ({ ...EMPTY_ANSWER, number: value });

describe('AttemptSession', () => {
  let http: HttpTestingController;
  let store: MemoryStore;
  let session: AttemptSession;

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // backoff without jitter
    store = new MemoryStore();
    TestBed.configureTestingModule({
      providers: [
        AttemptSession,
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ATTEMPT_STORE, useValue: store },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    session = TestBed.inject(AttemptSession);
  });

  afterEach(() => {
    TestBed.resetTestingModule(); // destroys the session: its timers and listeners go
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function load(body: Attempt = attempt()): void {
    session.load(5);
    http.expectOne('/api/attempts/5').flush(body);
  }

  const expectSave = (questionId: number) =>
    http.expectOne(
      (r) => r.method === 'PUT' && r.url === `/api/attempts/5/responses/${questionId}`,
    );
  const outbox = () => new Outbox(store, 5);

  it('loads the attempt and counts answers', () => {
    load(
      attempt({
        responses: [saved(11, 3, { selected_ids: [102] })],
      }),
    );
    expect(session.phase()).toBe('answering');
    expect(session.answeredCount()).toBe(1);
    expect(session.answers().get(11)?.selectedIds).toEqual([102]);
    expect(session.unanswered().map((q) => q.index)).toEqual([1, 2]);
    expect(session.saveStatus()).toBe('saved');
    expect(session.remaining()).toBe(20 * 60_000);
  });

  it('takes the attempt from its start without loading it again, once', () => {
    const api = TestBed.inject(AttemptsApi);
    let started: Attempt | undefined;
    api.start(1).subscribe((a) => (started = a));
    http
      .expectOne((r) => r.method === 'POST' && r.url === '/api/exams/1/attempts')
      .flush(attempt({ responses: [saved(12, 1, { text: 'from start' })] }));
    expect(started?.id).toBe(5);

    session.load(5);
    http.expectNone('/api/attempts/5');
    expect(session.phase()).toBe('answering');
    expect(session.answers().get(12)?.text).toBe('from start');

    session.load(5); // a second load (e.g. "try again") asks the server
    http.expectOne('/api/attempts/5').flush(attempt());
    expect(session.answers().get(12)?.text ?? '').toBe('');
  });

  it('loads afresh when the start answered too long ago', () => {
    const api = TestBed.inject(AttemptsApi);
    api.start(1).subscribe();
    http.expectOne('/api/exams/1/attempts').flush(attempt());
    vi.advanceTimersByTime(FRESH_MS + 1);
    session.load(5);
    http.expectOne('/api/attempts/5').flush(attempt());
    expect(session.phase()).toBe('answering');
  });

  it('says not found for a 404', () => {
    session.load(5);
    http
      .expectOne('/api/attempts/5')
      .flush({ error: { message: 'No such attempt.' } }, { status: 404, statusText: 'Not Found' });
    expect(session.phase()).toBe('not-found');
  });

  it('saves a choice at once, with the next seq, and empties the outbox when acknowledged', () => {
    load();
    session.change(11, choice(101), true);
    expect(session.saveStatus()).toBe('saving');
    expect(outbox().get(11)?.seq).toBe(1);
    const req = expectSave(11);
    expect(req.request.body).toEqual({ selected_ids: [101], seq: 1 });
    req.flush(saveResponse(11, 1, { selected_ids: [101] }));
    expect(outbox().size).toBe(0);
    expect(session.saveStatus()).toBe('saved');

    session.change(11, choice(102), true);
    expect(expectSave(11).request.body).toEqual({ selected_ids: [102], seq: 2 });
  });

  it('saves typing once it stops (debounced), with the latest text', () => {
    load();
    session.change(12, text('d'), false);
    session.change(12, text('de'), false);
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS - 100);
    session.change(12, text('def'), false);
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS - 1);
    http.expectNone((r) => r.method === 'PUT');
    // Already in the outbox while waiting: a reload now would lose nothing.
    expect(outbox().get(12)).toEqual({ questionId: 12, answer: text('def'), seq: 3 });
    vi.advanceTimersByTime(1);
    expect(expectSave(12).request.body).toEqual({ text: 'def', seq: 3 });
  });

  it('sends a change made during a save after it, never two at once for a question', () => {
    load();
    session.change(13, num(1), true);
    const first = expectSave(13);
    session.change(13, num(10), true);
    http.expectNone((r) => r.method === 'PUT');
    first.flush(saveResponse(13, 1, { number: 1 }));
    expect(outbox().get(13)?.seq).toBe(2);
    const second = expectSave(13);
    expect(second.request.body).toEqual({ number: 10, seq: 2 });
    second.flush(saveResponse(13, 2, { number: 10 }));
    expect(outbox().size).toBe(0);
    expect(session.answers().get(13)?.number).toBe(10);
  });

  it('goes offline on a network error, keeps the answer and retries with backoff', () => {
    load();
    session.change(11, choice(101), true);
    expectSave(11).error(new ProgressEvent('error'), { status: 0, statusText: '' });
    expect(session.saveStatus()).toBe('offline');
    expect(outbox().get(11)?.answer.selectedIds).toEqual([101]);

    vi.advanceTimersByTime(999);
    http.expectNone((r) => r.method === 'PUT');
    vi.advanceTimersByTime(1);
    expectSave(11).error(new ProgressEvent('error'), { status: 0, statusText: '' });
    vi.advanceTimersByTime(1999);
    http.expectNone((r) => r.method === 'PUT');
    vi.advanceTimersByTime(1);
    expectSave(11).flush(saveResponse(11, 1, { selected_ids: [101] }));
    expect(session.saveStatus()).toBe('saved');
    expect(outbox().size).toBe(0);
  });

  it('sends the outbox at once when the browser is back online', () => {
    load();
    window.dispatchEvent(new Event('offline'));
    expect(session.saveStatus()).toBe('offline');
    session.change(12, text('kept'), true);
    expectSave(12).error(new ProgressEvent('error'), { status: 0, statusText: '' });
    window.dispatchEvent(new Event('online'));
    expectSave(12).flush(saveResponse(12, 1, { text: 'kept' }));
    expect(session.saveStatus()).toBe('saved');
  });

  it('retries server errors and shows the error status meanwhile', () => {
    load();
    session.change(11, choice(101), true);
    expectSave(11).flush(
      { error: { message: 'Oops' } },
      { status: 503, statusText: 'Service Unavailable' },
    );
    expect(session.saveStatus()).toBe('error');
    vi.advanceTimersByTime(1000);
    expectSave(11).flush(saveResponse(11, 1, { selected_ids: [101] }));
    expect(session.saveStatus()).toBe('saved');
  });

  it('adopts the server answer when it has a newer one (stale)', () => {
    load();
    session.change(12, text('mine'), true);
    expectSave(12).flush(saveResponse(12, 9, { text: 'from the other tab', stale: true }));
    expect(session.answers().get(12)?.text).toBe('from the other tab');
    expect(outbox().size).toBe(0);
    session.change(12, text('next'), true);
    expect(expectSave(12).request.body).toEqual({ text: 'next', seq: 10 });
  });

  it('stops and reports when the server says the attempt is closed (409)', () => {
    load();
    session.change(11, choice(101), true);
    expectSave(11).flush(
      { error: { status: 409, message: 'Time is up: the attempt was finalized.' } },
      { status: 409, statusText: 'Conflict' },
    );
    expect(session.phase()).toBe('finished');
    expect(session.closedMessage()).toBe('Time is up: the attempt was finalized.');
    session.change(11, choice(102), true);
    http.expectNone((r) => r.method === 'PUT');
  });

  it('resumes: server answers merged with newer outbox entries, which are sent', () => {
    const box = new Outbox(store, 5);
    box.put({ questionId: 12, answer: text('typed offline'), seq: 4 });
    box.put({ questionId: 13, answer: num(1), seq: 1 }); // older than the server's
    store.setItem(attemptKey(5, 'position'), '2');
    store.setItem(attemptKey(5, 'flags'), '[13]');
    load(
      attempt({
        responses: [saved(12, 3, { text: 'saved' }), saved(13, 2, { number: 1024 })],
      }),
    );
    expect(session.answers().get(12)?.text).toBe('typed offline');
    expect(session.answers().get(13)?.number).toBe(1024);
    expect(session.position()).toBe(2);
    expect([...session.flags()]).toEqual([13]);
    expect(
      outbox()
        .entries()
        .map((e) => e.questionId),
    ).toEqual([12]);
    expect(expectSave(12).request.body).toEqual({ text: 'typed offline', seq: 4 });
  });

  it('keeps flags and the position per attempt', () => {
    load();
    session.toggleFlag(12);
    session.goTo(2);
    expect(store.getItem(attemptKey(5, 'flags'))).toBe('[12]');
    expect(store.getItem(attemptKey(5, 'position'))).toBe('2');
    session.toggleFlag(12);
    expect(session.flags().size).toBe(0);
    session.goTo(99);
    expect(session.position()).toBe(2);
  });

  it('submits with the pending answers, once however often it is asked', () => {
    load();
    session.change(12, text('last second'), false); // still waiting for the debounce
    session.submit();
    session.submit();
    const req = http.expectOne('/api/attempts/5/submit');
    expect(req.request.body).toEqual({
      responses: [{ question_id: 12, text: 'last second', seq: 1 }],
    });
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS * 2);
    http.expectNone((r) => r.method === 'PUT'); // the debounced save was folded into the submit
    req.flush(attempt({ state: 'submitted', read_only: true }));
    expect(session.phase()).toBe('finished');
    expect(store.length).toBe(0); // nothing of the attempt is left on the device
  });

  it('corrects the countdown for clock skew, on every response', () => {
    // The server is 2 minutes ahead of this device.
    load(attempt({ server_now: iso(NOW + 120_000), deadline: iso(NOW + 120_000 + 600_000) }));
    expect(session.remaining()).toBe(600_000);
    session.change(11, choice(101), true);
    vi.advanceTimersByTime(1000);
    // The next response says the device is now 3 minutes behind.
    expectSave(11).flush(
      // Sent at NOW, received at NOW + 1 s: the server's stamp is compared with NOW + 0.5 s.
      saveResponse(11, 1, { selected_ids: [101], server_now: iso(NOW + 500 + 180_000) }),
    );
    session.tick();
    expect(session.remaining()).toBe(600_000 - 1000 - 60_000);
  });

  it('announces 10, 5 and 1 minute left', () => {
    load(attempt({ deadline: iso(NOW + 11 * 60_000) }));
    expect(session.announcement()).toBe('');
    vi.advanceTimersByTime(60_000);
    expect(session.announcement()).toBe('10 minutes left.');
    vi.advanceTimersByTime(5 * 60_000);
    expect(session.announcement()).toBe('5 minutes left.');
    vi.advanceTimersByTime(4 * 60_000);
    expect(session.announcement()).toBe('1 minute left.');
  });

  it('submits by itself at the deadline, with the outbox', () => {
    load(attempt({ deadline: iso(NOW + 30_000) }));
    session.change(13, num(42), false);
    vi.advanceTimersByTime(29_000);
    expect(session.timeUp()).toBe(false);
    const debounced = expectSave(13); // typing stopped long ago: saved, but no answer yet
    vi.advanceTimersByTime(1000);
    expect(session.timeUp()).toBe(true);
    expect(session.phase()).toBe('submitting');
    const req = http.expectOne('/api/attempts/5/submit');
    expect(req.request.body).toEqual({ responses: [{ question_id: 13, number: 42, seq: 1 }] });
    debounced.flush(saveResponse(13, 1, { number: 42 }));
    req.flush(attempt({ state: 'submitted', read_only: true }));
    expect(session.phase()).toBe('finished');
  });

  it('keeps trying to submit when offline at the deadline', () => {
    load(attempt({ deadline: iso(NOW + 5_000) }));
    window.dispatchEvent(new Event('offline'));
    session.change(11, choice(102), true);
    // Every save fails while offline (the first, and the retries after 1 s and 3 s).
    for (let second = 0; second < 5; second++) {
      for (const req of http.match((r) => r.method === 'PUT')) {
        req.error(new ProgressEvent('error'), { status: 0, statusText: '' });
      }
      vi.advanceTimersByTime(1000);
    }
    expect(session.timeUp()).toBe(true);
    const first = http.expectOne('/api/attempts/5/submit');
    first.error(new ProgressEvent('error'), { status: 0, statusText: '' });
    expect(session.phase()).toBe('submitting');
    expect(session.submitError()).toContain('offline');
    vi.advanceTimersByTime(1000);
    const second = http.expectOne('/api/attempts/5/submit');
    expect(second.request.body.responses).toEqual([
      { question_id: 11, selected_ids: [102], seq: 1 },
    ]);
    second.flush(attempt({ state: 'submitted', read_only: true }));
    expect(session.phase()).toBe('finished');
  });

  it('submits at once when opened after the deadline (within the grace period)', () => {
    load(attempt({ deadline: iso(NOW - 1000) }));
    expect(session.timeUp()).toBe(true);
    http.expectOne('/api/attempts/5/submit');
  });

  it('shows an attempt of someone else read-only, without saving or ticking', () => {
    load(
      attempt({
        read_only: true,
        responses: [saved(11, 1, { selected_ids: [101] })],
      }),
    );
    expect(session.phase()).toBe('read-only');
    expect(session.answers().get(11)?.selectedIds).toEqual([101]);
    session.change(11, choice(102), true);
    session.submit();
    http.expectNone(() => true);
  });

  it('goes straight to finished for a finished attempt', () => {
    load(attempt({ state: 'expired', read_only: true }));
    expect(session.phase()).toBe('finished');
    vi.advanceTimersByTime(60_000);
    http.expectNone(() => true);
  });
});
