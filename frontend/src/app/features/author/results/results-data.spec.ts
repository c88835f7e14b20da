import { type Observable, firstValueFrom, of } from 'rxjs';

import type { ExamResult, ExamResultPage } from '../../../core/api/api-types';
import { durationLabel, fetchAllResults } from './results-data';

const summary = { count: 5, mean: 50, median: 50, min: 0, max: 100, pass_rate: 40 };

function server(total: number) {
  const calls: number[] = [];
  const fetchPage = (page: number, perPage: number): Observable<ExamResultPage> => {
    calls.push(page);
    const start = (page - 1) * perPage;
    const items = Array.from(
      { length: Math.max(0, Math.min(perPage, total - start)) },
      (_, i) => ({ id: start + i + 1 }) as ExamResult,
    );
    return of({ items, page, per_page: perPage, total, summary });
  };
  return { calls, fetchPage };
}

describe('fetching every result', () => {
  it('walks the pages until it has them all', async () => {
    const { calls, fetchPage } = server(250);
    const all = await firstValueFrom(fetchAllResults(fetchPage));
    expect(calls).toEqual([1, 2, 3]);
    expect(all.items.map((r) => r.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(all).toMatchObject({ total: 250, summary, truncated: false });
  });

  it('asks once when there is nothing', async () => {
    const { calls, fetchPage } = server(0);
    const all = await firstValueFrom(fetchAllResults(fetchPage));
    expect(calls).toEqual([1]);
    expect(all.items).toEqual([]);
  });

  it('stops at the page limit and says so', async () => {
    const { calls, fetchPage } = server(450);
    const all = await firstValueFrom(fetchAllResults(fetchPage, 2));
    expect(calls).toEqual([1, 2]);
    expect(all.items).toHaveLength(200);
    expect(all.truncated).toBe(true);
  });

  it.each([
    [null, '—'],
    [42, '42 s'],
    [600, '10 min'],
    [754, '12 min 34 s'],
    [3600, '1 h'],
    [3720, '1 h 2 min'],
  ])('duration %s → %s', (seconds, label) => {
    expect(durationLabel(seconds)).toBe(label);
  });
});
