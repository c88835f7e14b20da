import { type Signal, computed, signal } from '@angular/core';
import { type MonoTypeOperatorFunction, defer, finalize } from 'rxjs';

/**
 * What is running, as a signal: `track()` marks a request busy from subscription until it ends
 * (success, error or unsubscribe), so no flag has to be reset by hand on every path. Keys tell
 * several things apart (e.g. the exam a list row acts on); overlapping runs are counted.
 */
export class Busy<K = true> {
  private readonly running = signal<ReadonlyMap<K, number>>(new Map());

  /** True while anything runs. */
  readonly any: Signal<boolean> = computed(() => this.running().size > 0);

  /** True while something runs for `key`. */
  is(key: K): boolean {
    return this.running().has(key);
  }

  track<T>(...[key]: K extends true ? [key?: K] : [key: K]): MonoTypeOperatorFunction<T> {
    const k = (key ?? true) as K;
    return (source) =>
      defer(() => {
        this.add(k, 1);
        return source.pipe(finalize(() => this.add(k, -1)));
      });
  }

  private add(key: K, delta: number): void {
    this.running.update((running) => {
      const next = new Map(running);
      const count = (next.get(key) ?? 0) + delta;
      if (count > 0) next.set(key, count);
      else next.delete(key);
      return next;
    });
  }
}
