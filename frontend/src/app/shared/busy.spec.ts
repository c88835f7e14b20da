import { Subject, of, throwError } from 'rxjs';

import { Busy } from './busy';

describe('Busy', () => {
  it('is busy from subscription until the request completes', () => {
    const busy = new Busy();
    const response = new Subject<number>();
    const seen: number[] = [];
    const request = response.pipe(busy.track());
    expect(busy.any()).toBe(false);
    request.subscribe((n) => seen.push(n));
    expect(busy.any()).toBe(true);
    response.next(1);
    expect(busy.any()).toBe(true);
    response.complete();
    expect(busy.any()).toBe(false);
    expect(seen).toEqual([1]);
  });

  it('ends on an error and on unsubscribe', () => {
    const busy = new Busy();
    throwError(() => new Error('no'))
      .pipe(busy.track())
      .subscribe({ error: () => undefined });
    expect(busy.any()).toBe(false);

    const subscription = new Subject<void>().pipe(busy.track()).subscribe();
    expect(busy.any()).toBe(true);
    subscription.unsubscribe();
    expect(busy.any()).toBe(false);
  });

  it('tells keys apart and counts overlapping runs', () => {
    const busy = new Busy<number>();
    const first = new Subject<void>();
    const second = new Subject<void>();
    first.pipe(busy.track(1)).subscribe();
    second.pipe(busy.track(1)).subscribe();
    of(0).pipe(busy.track(2)).subscribe();
    expect(busy.is(1)).toBe(true);
    expect(busy.is(2)).toBe(false);
    first.complete();
    expect(busy.is(1)).toBe(true);
    second.complete();
    expect(busy.is(1)).toBe(false);
    expect(busy.any()).toBe(false);
  });
});
