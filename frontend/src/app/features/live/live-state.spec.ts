import type { LiveStudent } from '../../core/api/course-types';
import {
  ANNOUNCE_EVERY_MS,
  countsSentence,
  filterCounts,
  formatAgo,
  isQuiet,
  matchesFilter,
  nextClock,
  QUIET_MS,
  shouldAnnounce,
  sinceLastSaveMs,
  timeLeftMs,
} from './live-state';

const T0 = Date.parse('2026-06-01T10:00:00Z');

function student(overrides: Partial<LiveStudent> = {}): LiveStudent {
  return {
    user_id: 1,
    display_name: 'Ada',
    email: 'ada@example.org',
    state: 'in_progress',
    attempt_id: 10,
    answered: 2,
    last_saved_at: null,
    deadline: null,
    score: null,
    max_score: null,
    percentage: null,
    attempts_used: 1,
    attempts_allowed: 1,
    accommodated: false,
    ...overrides,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('live view clock', () => {
  it('measures the offset from a fresh body, against the middle of the round trip', () => {
    // The server says 10:00:10 while the client's clock read 10:00:00 .. 10:00:02.
    const clock = nextClock(null, iso(T0 + 10_000), T0, T0 + 2_000);
    expect(clock.offset).toBe(9_000);
  });

  it('keeps the offset when the body is the cached copy of the last one (a 304)', () => {
    const first = nextClock(null, iso(T0 + 10_000), T0, T0 + 2_000);
    // 5 s later the browser hands back the same body: its server_now is 5 s old.
    const again = nextClock(first, iso(T0 + 10_000), T0 + 5_000, T0 + 5_100);
    expect(again).toBe(first);
    const fresh = nextClock(first, iso(T0 + 20_000), T0 + 10_000, T0 + 10_000);
    expect(fresh.offset).toBe(10_000);
  });

  it('counts time left on the server clock, only for attempts in progress with a deadline', () => {
    const deadline = iso(T0 + 10 * 60_000);
    // The client's clock is 1 minute behind the server's.
    expect(timeLeftMs(student({ deadline }), 60_000, T0)).toBe(9 * 60_000);
    expect(timeLeftMs(student({ deadline }), 0, T0 + 11 * 60_000)).toBe(0);
    expect(timeLeftMs(student({ deadline: null }), 0, T0)).toBeNull();
    expect(timeLeftMs(student({ deadline, state: 'submitted' }), 0, T0)).toBeNull();
  });

  it('says how long ago the last save was', () => {
    const s = student({ last_saved_at: iso(T0) });
    expect(sinceLastSaveMs(s, 0, T0 + 45_000)).toBe(45_000);
    expect(sinceLastSaveMs(s, -60_000, T0)).toBe(0); // never negative
    expect(sinceLastSaveMs(student(), 0, T0)).toBeNull();
    expect(formatAgo(2_000)).toBe('just now');
    expect(formatAgo(45_000)).toBe('45 s ago');
    expect(formatAgo(3 * 60_000 + 5_000)).toBe('3 min ago');
    expect(formatAgo(2 * 3_600_000)).toBe('2 h ago');
  });
});

describe('live view filters', () => {
  const now = T0 + 10 * 60_000;
  const students = [
    student({ user_id: 1, state: 'not_started', attempt_id: null }),
    student({ user_id: 2, last_saved_at: iso(now - 30_000) }),
    student({ user_id: 3, last_saved_at: iso(now - QUIET_MS - 1_000) }),
    student({ user_id: 4, last_saved_at: null }),
    student({ user_id: 5, state: 'submitted', last_saved_at: iso(T0) }),
  ];
  const ids = (filter: Parameters<typeof matchesFilter>[1]) =>
    students.filter((s) => matchesFilter(s, filter, 0, now)).map((s) => s.user_id);

  it('shows each state, and "quiet" for attempts in progress with no save for over 2 minutes', () => {
    expect(ids('all')).toEqual([1, 2, 3, 4, 5]);
    expect(ids('not_started')).toEqual([1]);
    expect(ids('in_progress')).toEqual([2, 3, 4]);
    expect(ids('quiet')).toEqual([3]);
    expect(ids('submitted')).toEqual([5]);
    // A submitted attempt's old save does not make it quiet; nor does no save yet.
    expect(isQuiet(students[4], 0, now)).toBe(false);
    expect(isQuiet(students[3], 0, now)).toBe(false);
  });

  it('counts every filter, on the server clock', () => {
    expect(filterCounts(students, 0, now)).toEqual({
      all: 5,
      not_started: 1,
      in_progress: 3,
      quiet: 1,
      submitted: 1,
    });
    // 2 minutes later on the server's clock, student 2 is quiet too.
    expect(filterCounts(students, QUIET_MS, now).quiet).toBe(2);
  });
});

describe('live view announcements', () => {
  const counts = { not_started: 3, in_progress: 20, submitted: 7 };

  it('reads as a sentence', () => {
    expect(countsSentence(counts)).toBe('3 not started, 20 in progress, 7 submitted.');
  });

  it('announces changed counts at most every 30 s, never the first reading or unchanged ones', () => {
    const changed = { ...counts, submitted: 8 };
    expect(shouldAnnounce(null, counts, T0)).toBe(false);
    const last = { at: T0, counts };
    expect(shouldAnnounce(last, changed, T0 + 5_000)).toBe(false);
    expect(shouldAnnounce(last, changed, T0 + ANNOUNCE_EVERY_MS)).toBe(true);
    expect(shouldAnnounce(last, counts, T0 + 10 * ANNOUNCE_EVERY_MS)).toBe(false);
  });
});
