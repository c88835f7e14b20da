import { formatCount, plural } from './plural';

/** Plain wording for an exam's settings, shared by the catalogue and the detail page. */

/** ICU plural messages for `plural()`: "3 questions", "1 point". */
export const QUESTIONS = $localize`:@@format.questions:{count, plural, =1 {1 question} other {# questions}}`;
export const POINTS = $localize`:@@format.points:{count, plural, =1 {1 point} other {# points}}`;

export type ExamWindowState = 'upcoming' | 'open' | 'closed';

export function timeLimitLabel(minutes: number | null): string {
  if (minutes === null) return $localize`:@@format.noTimeLimit:No time limit`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = formatNumber(hours);
  const min = formatNumber(rest);
  if (hours === 0) return $localize`:@@format.minutes:${min}:minutes: min`;
  return rest === 0
    ? $localize`:@@format.hours:${h}:hours: h`
    : $localize`:@@format.hoursMinutes:${h}:hours: h ${min}:minutes: min`;
}

export function attemptsLabel(maxAttempts: number | null): string {
  if (maxAttempts === null) return $localize`:@@format.unlimitedAttempts:Unlimited attempts`;
  return plural(
    maxAttempts,
    $localize`:@@format.attempts:{count, plural, =1 {1 attempt} other {# attempts}}`,
  );
}

/** English-only "3 questions"; translated screens use `plural()` with their own message. */
export function countLabel(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/** 2 → "2", 2.5 → "2.5" ("2,5" in Spanish), 1.3333 → "1.33": the locale's digits and separators. */
export function formatNumber(value: number): string {
  return formatCount(value);
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
