/**
 * Countdown maths, pure. The server's clock is the truth: the client measures how far its own
 * clock is off (`offset = server time − client time`) on every response carrying `server_now`,
 * and counts down to the deadline on the corrected clock.
 */

import { activeLocale } from '../../core/i18n/locale';
import { plural } from '../../shared/plural';

/** The minutes-left marks announced to screen readers. */
export const ANNOUNCE_AT_MINUTES: readonly number[] = [10, 5, 1];
/** Under this much time the timer turns warning-coloured. */
export const WARNING_MS = 5 * 60_000;
/** Under this much time the timer turns urgent. */
export const CRITICAL_MS = 60_000;

export type TimerLevel = 'normal' | 'warning' | 'critical';

/**
 * The client clock's offset from the server's, in ms. `server_now` was read while the request
 * was in flight: compare it with the middle of [sentAt, receivedAt] (client clock), so the
 * network's round trip does not count as skew.
 */
export function measureOffset(serverNow: string, sentAt: number, receivedAt: number): number {
  const server = Date.parse(serverNow);
  if (!Number.isFinite(server)) return 0;
  return server - (sentAt + receivedAt) / 2;
}

/** The server's "now", by the client's clock corrected with `offset`. */
export function serverNow(clientNow: number, offset: number): number {
  return clientNow + offset;
}

/** Milliseconds until the deadline (negative once past), on the corrected clock. */
export function remainingMs(deadline: string | number, offset: number, clientNow: number): number {
  const end = typeof deadline === 'number' ? deadline : Date.parse(deadline);
  return end - serverNow(clientNow, offset);
}

/**
 * "1:05:09", "19:59", "0:07" — whole seconds, rounded up (0 only once time is up), in the
 * locale's digits (e.g. "١٩:٥٩" for a locale written with Arabic-Indic digits).
 */
export function formatRemaining(ms: number, locale: string = activeLocale()): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const one = new Intl.NumberFormat(locale, { useGrouping: false });
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const ss = two.format(seconds);
  return hours > 0
    ? `${one.format(hours)}:${two.format(minutes)}:${ss}`
    : `${one.format(minutes)}:${ss}`;
}

/** The same in words, for screen readers: "1 hour 5 minutes", "3 minutes 20 seconds". */
export function spokenRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (hours)
    parts.push(plural(hours, $localize`:@@clock.hours:{n, plural, =1 {1 hour} other {# hours}}`));
  if (minutes)
    parts.push(
      plural(minutes, $localize`:@@clock.minutes:{n, plural, =1 {1 minute} other {# minutes}}`),
    );
  if (seconds && !hours)
    parts.push(
      plural(seconds, $localize`:@@clock.seconds:{n, plural, =1 {1 second} other {# seconds}}`),
    );
  return parts.length
    ? parts.join(' ')
    : plural(0, $localize`:@@clock.seconds:{n, plural, =1 {1 second} other {# seconds}}`);
}

export function timerLevel(ms: number): TimerLevel {
  if (ms < CRITICAL_MS) return 'critical';
  if (ms < WARNING_MS) return 'warning';
  return 'normal';
}

/**
 * The announcement mark (in minutes) crossed between two readings of the remaining time, if any:
 * from 10:00.4 to 9:59.4 crosses 10. Only the smallest mark crossed counts (a long sleep of the
 * device from 12 to 4 minutes announces 5). No previous reading (first tick): nothing crossed.
 */
export function crossedMark(
  previousMs: number | null,
  currentMs: number,
  marks: readonly number[] = ANNOUNCE_AT_MINUTES,
): number | null {
  if (previousMs === null || currentMs <= 0) return null;
  let crossed: number | null = null;
  for (const minutes of marks) {
    const at = minutes * 60_000;
    if (previousMs > at && currentMs <= at && (crossed === null || minutes < crossed)) {
      crossed = minutes;
    }
  }
  return crossed;
}

/** What the live region says at a mark. */
export function markAnnouncement(minutes: number): string {
  return plural(
    minutes,
    $localize`:@@clock.minutesLeft:{n, plural, =1 {1 minute left.} other {# minutes left.}}`,
  );
}
