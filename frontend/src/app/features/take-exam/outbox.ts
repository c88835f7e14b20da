/**
 * The outbox: answers given on this device that the server has not acknowledged yet, one per
 * question (the latest wins), persisted in localStorage so that going offline, a crash or a
 * reload loses nothing. Entries are removed only once the server has stored that answer (or a
 * newer one). Also: the retry schedule and the per-question sequence numbers.
 */
import type { Answer, PendingAnswer } from './answers';
import { type KeyValueStore, attemptKey, readJson, writeJson } from './attempt-storage';

export class Outbox {
  private readonly key: string;

  constructor(
    private readonly store: KeyValueStore | null,
    attemptId: number,
  ) {
    this.key = attemptKey(attemptId, 'outbox');
  }

  /** Every pending answer, oldest question first. Read from storage each time (other tabs). */
  entries(): PendingAnswer[] {
    return [...this.read().values()];
  }

  get(questionId: number): PendingAnswer | undefined {
    return this.read().get(questionId);
  }

  get size(): number {
    return this.read().size;
  }

  /** Keeps `entry` unless a newer one (higher seq) is there already: the latest answer wins. */
  put(entry: PendingAnswer): void {
    const all = this.read();
    const current = all.get(entry.questionId);
    if (current && current.seq > entry.seq) return;
    all.set(entry.questionId, entry);
    this.write(all);
  }

  /**
   * The server acknowledged `seq` (or has a newer answer): drop the entry if it is not newer than
   * that. A change made while the save was in flight has a higher seq and stays.
   */
  acknowledge(questionId: number, seq: number): void {
    const all = this.read();
    const current = all.get(questionId);
    if (current && current.seq <= seq) {
      all.delete(questionId);
      this.write(all);
    }
  }

  /** Drops whatever is pending for the question (an answer the server will never take). */
  discard(questionId: number): void {
    const all = this.read();
    if (all.delete(questionId)) this.write(all);
  }

  clear(): void {
    this.write(new Map());
  }

  private read(): Map<number, PendingAnswer> {
    const value = readJson(this.store, this.key);
    const map = new Map<number, PendingAnswer>();
    if (!Array.isArray(value)) return map;
    for (const item of value) {
      if (isPending(item)) map.set(item.questionId, item);
    }
    return map;
  }

  private write(entries: Map<number, PendingAnswer>): void {
    writeJson(this.store, this.key, [...entries.values()]);
  }
}

/**
 * Per-question sequence numbers for autosave: strictly increasing, whatever happens — reloads
 * (kept in localStorage), several tabs (read back from storage every time), another device
 * (raised to the seq the server reports). A plain counter: the server keeps seqs in a 32-bit
 * column, so no timestamps.
 */
export class SeqCounter {
  private readonly key: string;
  /** Memory copy, for when storage is unavailable. */
  private readonly memory = new Map<number, number>();

  constructor(
    private readonly store: KeyValueStore | null,
    attemptId: number,
  ) {
    this.key = attemptKey(attemptId, 'seq');
  }

  /** The next seq for the question (and remembers it). */
  next(questionId: number): number {
    const seq = this.last(questionId) + 1;
    this.set(questionId, seq);
    return seq;
  }

  /** A seq seen elsewhere (the server's, the outbox's): the next one will be above it. */
  observe(questionId: number, seq: number): void {
    if (seq > this.last(questionId)) this.set(questionId, seq);
  }

  last(questionId: number): number {
    const stored = this.read()[String(questionId)];
    return Math.max(typeof stored === 'number' ? stored : 0, this.memory.get(questionId) ?? 0);
  }

  private set(questionId: number, seq: number): void {
    this.memory.set(questionId, seq);
    const all = this.read();
    all[String(questionId)] = seq;
    writeJson(this.store, this.key, all);
  }

  private read(): Record<string, number> {
    const value = readJson(this.store, this.key);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, number>)
      : {};
  }
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** ± this fraction of randomness, so thousands of clients do not retry in step. */
  jitter?: number;
  random?: () => number;
}

/**
 * How long to wait before retry number `failures` (1 = after the first failure):
 * 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s, each ± 20 %.
 */
export function backoffDelay(failures: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = 30_000, jitter = 0.2, random = Math.random } = options;
  const exponent = Math.max(0, failures - 1);
  const delay = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
  const spread = delay * jitter * (random() * 2 - 1);
  return Math.round(Math.max(0, delay + spread));
}

function isPending(value: unknown): value is PendingAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PendingAnswer>;
  return (
    Number.isInteger(v.questionId) &&
    Number.isInteger(v.seq) &&
    typeof v.answer === 'object' &&
    v.answer !== null &&
    isAnswer(v.answer)
  );
}

function isAnswer(value: Answer): boolean {
  return (
    Array.isArray(value.selectedIds) &&
    (value.text === null || typeof value.text === 'string') &&
    (value.number === null || typeof value.number === 'number')
  );
}
