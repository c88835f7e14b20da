/** Plain wording for an exam's settings, shared by the catalogue and the detail page. */

export type ExamWindowState = 'upcoming' | 'open' | 'closed';

export function timeLimitLabel(minutes: number | null): string {
  if (minutes === null) return 'No time limit';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function attemptsLabel(maxAttempts: number | null): string {
  if (maxAttempts === null) return 'Unlimited attempts';
  return maxAttempts === 1 ? '1 attempt' : `${maxAttempts} attempts`;
}

export function countLabel(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : plural}`;
}

/** 2 → "2", 2.5 → "2.5", 1.3333 → "1.33". */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/**
 * Whether the exam can be started now, judged by this device's clock: only a hint for the
 * page — the server decides (and answers 409 when the window is shut).
 */
export function windowState(
  exam: { opens_at: string | null; closes_at: string | null },
  now: Date = new Date(),
): ExamWindowState {
  if (exam.opens_at && new Date(exam.opens_at) > now) return 'upcoming';
  if (exam.closes_at && new Date(exam.closes_at) <= now) return 'closed';
  return 'open';
}
