import { histogram, histogramSummary } from './histogram';

describe('score histogram', () => {
  it('has ten buckets of 10 %', () => {
    const buckets = histogram([]);
    expect(buckets.map((b) => b.label)).toEqual([
      '0–10 %',
      '10–20 %',
      '20–30 %',
      '30–40 %',
      '40–50 %',
      '50–60 %',
      '60–70 %',
      '70–80 %',
      '80–90 %',
      '90–100 %',
    ]);
    expect(buckets.every((b) => b.count === 0)).toBe(true);
  });

  it.each([
    [0, 0],
    [9.99, 0],
    [10, 1],
    [55.5, 5],
    [70, 7],
    [0.7 * 100, 7], // 70.00000000000001
    [69.99999999999999, 7], // float noise: meant as 70
    [89.9, 8],
    [90, 9],
    [100, 9], // full marks belong to the last bucket
  ])('%s %% → bucket %s', (value, index) => {
    const counts = histogram([value]).map((b) => b.count);
    expect(counts[index]).toBe(1);
    expect(counts.reduce((a, b) => a + b)).toBe(1);
  });

  it('skips attempts without a score and clamps out-of-range values', () => {
    const counts = histogram([null, undefined, Number.NaN, -5, 120, 50]).map((b) => b.count);
    expect(counts).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('describes itself in words', () => {
    expect(histogramSummary(histogram([]))).toBe('Score distribution: no finished attempts yet.');
    expect(histogramSummary(histogram([45, 41, 100]))).toBe(
      'Score distribution of 3 finished attempts: 2 in 40–50 %, 1 in 90–100 %.',
    );
  });
});
