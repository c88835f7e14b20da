import {
  crossedMark,
  formatRemaining,
  markAnnouncement,
  measureOffset,
  remainingMs,
  spokenRemaining,
  timerLevel,
} from './exam-clock';

const T0 = Date.parse('2026-06-01T10:00:00Z');

describe('exam clock', () => {
  describe('measureOffset', () => {
    it('is zero when both clocks agree', () => {
      expect(measureOffset('2026-06-01T10:00:00Z', T0, T0)).toBe(0);
    });

    it('is positive when the client is behind the server', () => {
      // The client thinks it is 09:58; the server says 10:00.
      expect(measureOffset('2026-06-01T10:00:00Z', T0 - 120_000, T0 - 120_000)).toBe(120_000);
    });

    it('is negative when the client is ahead', () => {
      expect(measureOffset('2026-06-01T10:00:00Z', T0 + 30_000, T0 + 30_000)).toBe(-30_000);
    });

    it('compares with the middle of the round trip, so latency is not skew', () => {
      // Request sent at T0 - 400 ms, answer received at T0 + 400 ms, server stamped T0.
      expect(measureOffset('2026-06-01T10:00:00Z', T0 - 400, T0 + 400)).toBe(0);
    });

    it('ignores an unreadable server time', () => {
      expect(measureOffset('not a date', T0, T0)).toBe(0);
    });
  });

  describe('remainingMs', () => {
    const deadline = '2026-06-01T10:20:00Z';

    it('counts down on the corrected clock', () => {
      expect(remainingMs(deadline, 0, T0)).toBe(20 * 60_000);
      // A client 2 minutes behind would show 22 minutes without the correction.
      expect(remainingMs(deadline, 120_000, T0 - 120_000)).toBe(20 * 60_000);
      // A client 5 minutes ahead would show 15.
      expect(remainingMs(deadline, -300_000, T0 + 300_000)).toBe(20 * 60_000);
    });

    it('goes negative after the deadline', () => {
      expect(remainingMs(deadline, 0, T0 + 21 * 60_000)).toBe(-60_000);
    });

    it('takes epoch milliseconds too', () => {
      expect(remainingMs(T0 + 1000, 0, T0)).toBe(1000);
    });
  });

  it('formats the remaining time, rounding seconds up', () => {
    expect(formatRemaining(20 * 60_000)).toBe('20:00');
    expect(formatRemaining(19 * 60_000 + 59_001)).toBe('20:00');
    expect(formatRemaining(19 * 60_000 + 59_000)).toBe('19:59');
    expect(formatRemaining(7_000)).toBe('0:07');
    expect(formatRemaining(1)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(-5000)).toBe('0:00');
    expect(formatRemaining(3_909_000)).toBe('1:05:09');
  });

  it('says the remaining time in words', () => {
    expect(spokenRemaining(3_909_000)).toBe('1 hour 5 minutes');
    expect(spokenRemaining(200_000)).toBe('3 minutes 20 seconds');
    expect(spokenRemaining(60_000)).toBe('1 minute');
    expect(spokenRemaining(1_000)).toBe('1 second');
    expect(spokenRemaining(0)).toBe('0 seconds');
  });

  it('turns warning under 5 minutes and critical under 1', () => {
    expect(timerLevel(5 * 60_000)).toBe('normal');
    expect(timerLevel(5 * 60_000 - 1)).toBe('warning');
    expect(timerLevel(60_000)).toBe('warning');
    expect(timerLevel(59_999)).toBe('critical');
  });

  describe('crossedMark', () => {
    it('finds the 10, 5 and 1 minute marks once each', () => {
      expect(crossedMark(600_400, 599_400)).toBe(10);
      expect(crossedMark(599_400, 598_400)).toBeNull();
      expect(crossedMark(300_200, 299_200)).toBe(5);
      expect(crossedMark(60_500, 59_500)).toBe(1);
    });

    it('crosses a mark reached exactly', () => {
      expect(crossedMark(601_000, 600_000)).toBe(10);
    });

    it('says nothing on the first reading (a page opened with 4 minutes left)', () => {
      expect(crossedMark(null, 240_000)).toBeNull();
    });

    it('announces the smallest mark after a long pause (device asleep)', () => {
      expect(crossedMark(720_000, 240_000)).toBe(5);
    });

    it('announces nothing once the time is up', () => {
      expect(crossedMark(30_000, -1000)).toBeNull();
    });

    it('has the words for each mark', () => {
      expect(markAnnouncement(10)).toBe('10 minutes left.');
      expect(markAnnouncement(1)).toBe('1 minute left.');
    });
  });
});
