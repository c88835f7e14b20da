/**
 * The accommodation form (mirroring the server's AccommodationIn): extra time in minutes and/or
 * percent, extra attempts and an own window, with the mapping to and from the API.
 */
import { FormControl, FormGroup, Validators } from '@angular/forms';

import type { AccommodationFields, AccommodationIn } from '../../core/api/course-types';
import { closesAfterOpens, integer } from '../author/editor/exam-form';
import { isoToLocalInput, localInputToIso } from '../../shared/local-time';

export const ACCOMMODATION_LIMITS = {
  extraMinutes: [0, 10_000],
  extraPercent: [0, 500],
  extraAttempts: [0, 100],
} as const;

const range = ([min, max]: readonly [number, number]) => [Validators.min(min), Validators.max(max)];

export function buildAccommodationForm() {
  return new FormGroup({
    extra_minutes: new FormControl<number | null>(null, [
      integer,
      ...range(ACCOMMODATION_LIMITS.extraMinutes),
    ]),
    extra_time_percent: new FormControl<number | null>(null, [
      integer,
      ...range(ACCOMMODATION_LIMITS.extraPercent),
    ]),
    extra_attempts: new FormControl<number | null>(0, [
      Validators.required,
      integer,
      ...range(ACCOMMODATION_LIMITS.extraAttempts),
    ]),
    opens_at: new FormControl('', { nonNullable: true }),
    closes_at: new FormControl('', { nonNullable: true, validators: [closesAfterOpens] }),
  });
}

export type AccommodationForm = ReturnType<typeof buildAccommodationForm>;
export type AccommodationFormValue = ReturnType<AccommodationForm['getRawValue']>;

export function accommodationToFormValue(
  a: AccommodationFields | null | undefined,
): AccommodationFormValue {
  return {
    extra_minutes: a?.extra_minutes ?? null,
    extra_time_percent: a?.extra_time_percent ?? null,
    extra_attempts: a?.extra_attempts ?? 0,
    opens_at: isoToLocalInput(a?.opens_at),
    closes_at: isoToLocalInput(a?.closes_at),
  };
}

/** An empty number box means "not set" (null), never 0: the exam's own value then applies. */
function optionalNumber(value: number | null | string): number | null {
  return value === null || value === '' ? null : Number(value);
}

export function formValueToAccommodation(value: AccommodationFormValue): AccommodationIn {
  return {
    extra_minutes: optionalNumber(value.extra_minutes),
    extra_time_percent: optionalNumber(value.extra_time_percent),
    extra_attempts: optionalNumber(value.extra_attempts) ?? 0,
    opens_at: localInputToIso(value.opens_at),
    closes_at: localInputToIso(value.closes_at),
  };
}

/** "+50 %, +10 min, 1 extra attempt, own window" — what a roster row shows; "" for none. */
export function accommodationSummary(a: AccommodationFields | null | undefined): string {
  if (!a) return '';
  const parts: string[] = [];
  const { extra_time_percent: percent, extra_minutes: minutes, extra_attempts: attempts } = a;
  if (percent)
    parts.push($localize`:@@author.accommodation.summary.percent:+${percent}:percent: % time`);
  if (minutes)
    parts.push($localize`:@@author.accommodation.summary.minutes:+${minutes}:minutes: min`);
  if (attempts) {
    parts.push(
      attempts === 1
        ? $localize`:@@author.accommodation.summary.attempt:1 extra attempt`
        : $localize`:@@author.accommodation.summary.attempts:${attempts}:count: extra attempts`,
    );
  }
  if (a.opens_at || a.closes_at)
    parts.push($localize`:@@author.accommodation.summary.window:own window`);
  return parts.join(', ');
}
