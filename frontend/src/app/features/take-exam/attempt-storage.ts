/**
 * What the exam page keeps on this device, per attempt, in localStorage:
 *   online-exam.attempt.<id>.outbox    answers not yet acknowledged by the server
 *   online-exam.attempt.<id>.seq       the last sequence number per question
 *   online-exam.attempt.<id>.flags     questions flagged for review
 *   online-exam.attempt.<id>.position  the question on screen
 * Everything is dropped once the attempt is finished. Storage may be missing or full (private
 * mode, quota): then the page works from memory, it only cannot survive a reload.
 */

/** The subset of the Web Storage API used here (tests pass a Map-backed fake). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'online-exam.attempt.';

export function attemptKey(attemptId: number, what: string): string {
  return `${PREFIX}${attemptId}.${what}`;
}

/** localStorage, or null where it is unavailable (disabled, sandboxed). */
export function browserStorage(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readJson(store: KeyValueStore | null, key: string): unknown {
  if (!store) return null;
  try {
    const raw = store.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

export function writeJson(store: KeyValueStore | null, key: string, value: unknown): void {
  try {
    store?.setItem(key, JSON.stringify(value));
  } catch {
    // full or disabled: memory only
  }
}

export function removeKey(store: KeyValueStore | null, key: string): void {
  try {
    store?.removeItem(key);
  } catch {
    // nothing to remove
  }
}

/** Forgets everything kept for an attempt (after it is finished). */
export function clearAttempt(store: KeyValueStore | null, attemptId: number): void {
  if (!store) return;
  const prefix = `${PREFIX}${attemptId}.`;
  const keys: string[] = [];
  try {
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
  } catch {
    return;
  }
  for (const key of keys) removeKey(store, key);
}

export function loadFlags(store: KeyValueStore | null, attemptId: number): Set<number> {
  const value = readJson(store, attemptKey(attemptId, 'flags'));
  return new Set(Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v)) : []);
}

export function saveFlags(
  store: KeyValueStore | null,
  attemptId: number,
  flags: Set<number>,
): void {
  writeJson(store, attemptKey(attemptId, 'flags'), [...flags]);
}

export function loadPosition(store: KeyValueStore | null, attemptId: number): number {
  const value = readJson(store, attemptKey(attemptId, 'position'));
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

export function savePosition(store: KeyValueStore | null, attemptId: number, index: number): void {
  writeJson(store, attemptKey(attemptId, 'position'), index);
}

/** A Map-backed store for tests (and a stand-in when storage is unavailable). */
export class MemoryStore implements KeyValueStore {
  private readonly data = new Map<string, string>();

  get length(): number {
    return this.data.size;
  }

  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }

  removeItem(key: string): void {
    this.data.delete(key);
  }
}
