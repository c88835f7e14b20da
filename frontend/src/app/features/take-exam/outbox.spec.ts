import { EMPTY_ANSWER } from './answers';
import { MemoryStore, attemptKey, clearAttempt, loadFlags, saveFlags } from './attempt-storage';
import { Outbox, SeqCounter, backoffDelay } from './outbox';

const text = (value: string) => ({ ...EMPTY_ANSWER, text: value });

describe('Outbox', () => {
  let store: MemoryStore;

  beforeEach(() => (store = new MemoryStore()));

  it('persists entries: a new instance (a reload) sees them', () => {
    new Outbox(store, 7).put({ questionId: 1, answer: text('a'), seq: 1 });
    const reloaded = new Outbox(store, 7);
    expect(reloaded.entries()).toEqual([{ questionId: 1, answer: text('a'), seq: 1 }]);
    expect(reloaded.size).toBe(1);
    expect(store.getItem(attemptKey(7, 'outbox'))).toContain('"questionId":1');
  });

  it('keeps one entry per question, the latest winning', () => {
    const outbox = new Outbox(store, 7);
    outbox.put({ questionId: 1, answer: text('a'), seq: 1 });
    outbox.put({ questionId: 1, answer: text('ab'), seq: 2 });
    outbox.put({ questionId: 2, answer: text('x'), seq: 1 });
    expect(outbox.entries()).toHaveLength(2);
    expect(outbox.get(1)?.answer.text).toBe('ab');
    // An older entry arriving late (another tab) does not replace a newer one.
    outbox.put({ questionId: 1, answer: text('old'), seq: 1 });
    expect(outbox.get(1)?.answer.text).toBe('ab');
  });

  it('removes an entry only when the server acknowledged its seq or a newer one', () => {
    const outbox = new Outbox(store, 7);
    outbox.put({ questionId: 1, answer: text('a'), seq: 1 });
    outbox.put({ questionId: 1, answer: text('ab'), seq: 2 }); // typed while seq 1 was in flight
    outbox.acknowledge(1, 1);
    expect(outbox.get(1)?.seq).toBe(2);
    outbox.acknowledge(1, 5);
    expect(outbox.get(1)).toBeUndefined();
  });

  it('is separate per attempt and can be discarded or cleared', () => {
    const a = new Outbox(store, 1);
    const b = new Outbox(store, 2);
    a.put({ questionId: 1, answer: text('a'), seq: 1 });
    a.put({ questionId: 2, answer: text('b'), seq: 1 });
    b.put({ questionId: 1, answer: text('z'), seq: 1 });
    a.discard(1);
    expect(a.entries().map((e) => e.questionId)).toEqual([2]);
    a.clear();
    expect(a.size).toBe(0);
    expect(b.size).toBe(1);
  });

  it('survives corrupt storage', () => {
    store.setItem(attemptKey(7, 'outbox'), '{not json');
    expect(new Outbox(store, 7).entries()).toEqual([]);
    store.setItem(attemptKey(7, 'outbox'), JSON.stringify([{ questionId: 'x' }, null, 3]));
    expect(new Outbox(store, 7).entries()).toEqual([]);
  });

  it('works without storage (memory-less: nothing kept, nothing thrown)', () => {
    const outbox = new Outbox(null, 7);
    expect(() => outbox.put({ questionId: 1, answer: text('a'), seq: 1 })).not.toThrow();
  });
});

describe('SeqCounter', () => {
  it('counts up per question and survives a reload', () => {
    const store = new MemoryStore();
    const seqs = new SeqCounter(store, 3);
    expect(seqs.next(1)).toBe(1);
    expect(seqs.next(1)).toBe(2);
    expect(seqs.next(2)).toBe(1);
    expect(new SeqCounter(store, 3).next(1)).toBe(3);
  });

  it('goes above a seq seen on the server (another device) and never backwards', () => {
    const seqs = new SeqCounter(new MemoryStore(), 3);
    seqs.observe(1, 41);
    expect(seqs.next(1)).toBe(42);
    seqs.observe(1, 10);
    expect(seqs.next(1)).toBe(43);
  });

  it('is shared by tabs of the same attempt (read back from storage)', () => {
    const store = new MemoryStore();
    const tab1 = new SeqCounter(store, 3);
    const tab2 = new SeqCounter(store, 3);
    expect(tab1.next(1)).toBe(1);
    expect(tab2.next(1)).toBe(2);
    expect(tab1.next(1)).toBe(3);
  });

  it('still counts up in memory without storage', () => {
    const seqs = new SeqCounter(null, 3);
    expect(seqs.next(1)).toBe(1);
    expect(seqs.next(1)).toBe(2);
  });
});

describe('backoffDelay', () => {
  const exact = { random: () => 0.5 }; // no jitter

  it('doubles from 1 s up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n, exact))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('spreads retries by ±20 %', () => {
    expect(backoffDelay(3, { random: () => 0 })).toBe(3200);
    expect(backoffDelay(3, { random: () => 1 })).toBe(4800);
  });

  it('takes other settings', () => {
    expect(backoffDelay(2, { baseMs: 500, maxMs: 800, jitter: 0 })).toBe(800);
  });
});

describe('attempt storage', () => {
  it('keeps flags and forgets everything of a finished attempt', () => {
    const store = new MemoryStore();
    saveFlags(store, 5, new Set([3, 4]));
    new Outbox(store, 5).put({ questionId: 1, answer: text('a'), seq: 1 });
    saveFlags(store, 6, new Set([1]));
    expect([...loadFlags(store, 5)]).toEqual([3, 4]);
    clearAttempt(store, 5);
    expect(loadFlags(store, 5).size).toBe(0);
    expect(new Outbox(store, 5).size).toBe(0);
    expect([...loadFlags(store, 6)]).toEqual([1]);
  });
});
