/**
 * `<input type="datetime-local">` speaks "YYYY-MM-DDTHH:mm" in the browser's time zone, without
 * an offset; the API speaks ISO 8601 with an offset. These convert between the two.
 */

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** "2026-05-01T12:00:00Z" → "2026-05-01T14:00" (in Europe/Paris); null/invalid → "". */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/**
 * "2026-05-01T14:00" (local) → "2026-05-01T14:00:00+02:00": the same wall-clock time with this
 * device's offset at that date (daylight saving time included). Empty/invalid → null.
 */
export function localInputToIso(value: string | null | undefined): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value ?? '');
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map((p) => Number(p ?? 0));
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  if (Number.isNaN(date.getTime()) || date.getMonth() !== month - 1) return null;
  return formatWithOffset(date, -date.getTimezoneOffset());
}

/** A date as local wall-clock time with the given offset east of UTC, in minutes. */
export function formatWithOffset(date: Date, offsetMinutes: number): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return (
    `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-` +
    `${pad(shifted.getUTCDate())}T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:` +
    `${pad(shifted.getUTCSeconds())}${sign}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`
  );
}

/** The browser's time zone name, for hints next to date-time inputs ("Europe/Paris"). */
export function localTimeZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || $localize`:@@time.local:local time`;
  } catch {
    return $localize`:@@time.local:local time`;
  }
}
