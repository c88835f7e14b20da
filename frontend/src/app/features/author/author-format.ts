import { formatNumber } from '@angular/common';

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

/** The locale the app runs in ($localize.locale, set by the catalogue loader), else 'en'. */
export function activeLocale(): string {
  return (typeof $localize !== 'undefined' && $localize.locale) || 'en';
}

/** 2 → "2", 1.3333 → "1.33" ("1,33" in Spanish): at most `maxFraction` decimals, locale digits. */
export function formatDecimal(value: number, maxFraction = 2, minFraction = 0): string {
  try {
    return formatNumber(value, activeLocale(), `1.${minFraction}-${maxFraction}`);
  } catch {
    // The locale's data is not registered (a unit test, say): the browser's formatting.
    return new Intl.NumberFormat(activeLocale(), {
      minimumFractionDigits: minFraction,
      maximumFractionDigits: maxFraction,
    }).format(value);
  }
}

/** 72.456 → "72.5 %" ("72,5 %", "72.5٪"): a percentage already ×100, in the active locale. */
export function formatPercentValue(value: number, maxFraction = 1): string {
  const number = formatDecimal(value, maxFraction);
  return $localize`:@@author.format.percent:${number}:value: %`;
}
