/**
 * The live view's arithmetic, pure: the server clock's offset across polls (a cached copy
 * carries an old `server_now`), time left, "last save n s ago", the filters and when the
 * counts are worth announcing.
 */
import type { LiveCounts, LiveStudent } from '../../core/api/course-types';
import { measureOffset, remainingMs } from '../take-exam/exam-clock';

/** How often the page asks for the live view while it is visible. */
export const POLL_MS = 5_000;
/** An attempt in progress with no save for longer than this is "quiet". */
export const QUIET_MS = 2 * 60_000;
/** The counts are announced to screen readers at most this often. */
export const ANNOUNCE_EVERY_MS = 30_000;

export type LiveFilter = 'all' | 'not_started' | 'in_progress' | 'quiet' | 'submitted';

export const LIVE_FILTERS: readonly { value: LiveFilter; label: string }[] = [
  { value: 'all', label: $localize`:@@author.live.filter.all:All` },
  { value: 'not_started', label: $localize`:@@author.live.filter.notStarted:Not started` },
  { value: 'in_progress', label: $localize`:@@author.live.filter.inProgress:In progress` },
  { value: 'quiet', label: $localize`:@@author.live.filter.quiet:Quiet > 2 min` },
  { value: 'submitted', label: $localize`:@@author.live.filter.submitted:Submitted` },
];

export const STATE_LABELS: Record<LiveStudent['state'], string> = {
  not_started: $localize`:@@author.live.state.notStarted:Not started`,
  in_progress: $localize`:@@author.live.state.inProgress:In progress`,
  submitted: $localize`:@@author.live.state.submitted:Submitted`,
};

export interface ClockReading {
  /** The `server_now` the offset was measured from. */
  serverNow: string;
  /** Server time − client time, in ms. */
  offset: number;
}

/**
 * The clock after a poll. A body whose `server_now` was already seen is the browser's cached
 * copy (the server answered 304): its `server_now` is old, so the offset measured before stays.
 */
export function nextClock(
  previous: ClockReading | null,
  serverNow: string,
  sentAt: number,
  receivedAt: number,
): ClockReading {
  if (previous && previous.serverNow === serverNow) return previous;
  return { serverNow, offset: measureOffset(serverNow, sentAt, receivedAt) };
}

/** Milliseconds since the last save on the server's clock, or null without one. */
export function sinceLastSaveMs(
  student: LiveStudent,
  offset: number,
  clientNow: number,
): number | null {
  if (!student.last_saved_at) return null;
  const saved = Date.parse(student.last_saved_at);
  if (!Number.isFinite(saved)) return null;
  return Math.max(0, clientNow + offset - saved);
}

/** "just now", "45 s ago", "3 min ago", "2 h ago". */
export function formatAgo(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 5) return $localize`:@@author.live.ago.now:just now`;
  if (seconds < 60) return $localize`:@@author.live.ago.seconds:${seconds}:seconds: s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return $localize`:@@author.live.ago.minutes:${minutes}:minutes: min ago`;
  const hours = Math.floor(minutes / 60);
  return $localize`:@@author.live.ago.hours:${hours}:hours: h ago`;
}

/** Time left of an attempt in progress with a deadline, else null. */
export function timeLeftMs(student: LiveStudent, offset: number, clientNow: number): number | null {
  if (student.state !== 'in_progress' || !student.deadline) return null;
  return Math.max(0, remainingMs(student.deadline, offset, clientNow));
}

/**
 * In progress and nothing saved for over two minutes. An attempt with no save yet is not
 * called quiet: the view does not know when it started (the row says "nothing saved yet").
 */
export function isQuiet(student: LiveStudent, offset: number, clientNow: number): boolean {
  if (student.state !== 'in_progress') return false;
  const since = sinceLastSaveMs(student, offset, clientNow);
  return since !== null && since > QUIET_MS;
}

export function matchesFilter(
  student: LiveStudent,
  filter: LiveFilter,
  offset: number,
  clientNow: number,
): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'quiet':
      return isQuiet(student, offset, clientNow);
    default:
      return student.state === filter;
  }
}

/** How many students each filter shows. */
export function filterCounts(
  students: readonly LiveStudent[],
  offset: number,
  clientNow: number,
): Record<LiveFilter, number> {
  const counts: Record<LiveFilter, number> = {
    all: students.length,
    not_started: 0,
    in_progress: 0,
    quiet: 0,
    submitted: 0,
  };
  for (const s of students) {
    counts[s.state] += 1;
    if (isQuiet(s, offset, clientNow)) counts.quiet += 1;
  }
  return counts;
}

/** "3 not started, 20 in progress, 7 submitted." */
export function countsSentence(counts: LiveCounts): string {
  const { not_started: notStarted, in_progress: inProgress, submitted } = counts;
  return $localize`:@@author.live.countsSentence:${notStarted}:notStarted: not started, ${inProgress}:inProgress: in progress, ${submitted}:submitted: submitted.`;
}

export interface Announced {
  at: number;
  counts: LiveCounts;
}

/**
 * Whether the counts should be announced now: they differ from the last announced ones and
 * the last announcement is at least `ANNOUNCE_EVERY_MS` old (a polite summary, not one
 * announcement per poll while a class is starting). The first reading is not announced: the
 * page shows it.
 */
export function shouldAnnounce(last: Announced | null, counts: LiveCounts, now: number): boolean {
  if (!last) return false;
  const same =
    last.counts.not_started === counts.not_started &&
    last.counts.in_progress === counts.in_progress &&
    last.counts.submitted === counts.submitted;
  return !same && now - last.at >= ANNOUNCE_EVERY_MS;
}
