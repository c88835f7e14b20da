/** Score distribution: percentages in ten 10 % buckets (0–10, …, 90–100; 100 % is in the last). */

import { formatDecimal } from '../author-format';

export interface Bucket {
  /** Lower bound, inclusive (0, 10, … 90). */
  from: number;
  /** Upper bound: exclusive, except 100 for the last bucket. */
  to: number;
  label: string;
  count: number;
}

export const BUCKET_COUNT = 10;

export function histogram(percentages: readonly (number | null | undefined)[]): Bucket[] {
  const buckets: Bucket[] = Array.from({ length: BUCKET_COUNT }, (_, i) => ({
    from: i * 10,
    to: i * 10 + 10,
    label: bucketLabel(i * 10, i * 10 + 10),
    count: 0,
  }));
  for (const value of percentages) {
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    const clamped = Math.min(Math.max(value, 0), 100);
    // Rounding guards against 69.99999999 (float noise) landing one bucket too low.
    const index = Math.min(Math.floor(Math.round(clamped * 1e6) / 1e7), BUCKET_COUNT - 1);
    buckets[index].count++;
  }
  return buckets;
}

/** One sentence for screen readers: "5 attempts: 2 in 40–50 %, 3 in 90–100 %." */
export function histogramSummary(buckets: readonly Bucket[]): string {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) {
    return $localize`:@@author.histogram.empty:Score distribution: no finished attempts yet.`;
  }
  const parts = buckets
    .filter((b) => b.count > 0)
    .map((b) => $localize`:@@author.histogram.part:${b.count}:count: in ${b.label}:range:`)
    .join(', ');
  return total === 1
    ? $localize`:@@author.histogram.summary1:Score distribution of 1 finished attempt: ${parts}:parts:.`
    : $localize`:@@author.histogram.summary:Score distribution of ${total}:count: finished attempts: ${parts}:parts:.`;
}

/** "40–50 %", in the active locale's digits and percent style. */
function bucketLabel(from: number, to: number): string {
  const [low, high] = [formatDecimal(from), formatDecimal(to)];
  return $localize`:@@author.histogram.range:${low}:from:–${high}:to: %`;
}
