/**
 * Wording shared by the author screens, translated (`author.*` IDs). The student side has its
 * own (shared/exam-format); this one keeps the author area's catalogue self-contained.
 */

/** 90 → "1 h 30 min", 45 → "45 min", null → "No time limit". */
export function authorTimeLimit(minutes: number | null): string {
  if (minutes === null) return $localize`:@@author.format.noTimeLimit:No time limit`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return $localize`:@@author.format.minutes:${rest}:minutes: min`;
  return rest === 0
    ? $localize`:@@author.format.hours:${hours}:hours: h`
    : $localize`:@@author.format.hoursMinutes:${hours}:hours: h ${rest}:minutes: min`;
}
