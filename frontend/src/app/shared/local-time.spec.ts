import { formatWithOffset, isoToLocalInput, localInputToIso } from './local-time';

describe('local time ↔ ISO', () => {
  it('formats a moment with any offset', () => {
    const moment = new Date('2026-05-01T12:00:00Z');
    expect(formatWithOffset(moment, 120)).toBe('2026-05-01T14:00:00+02:00');
    expect(formatWithOffset(moment, 0)).toBe('2026-05-01T12:00:00+00:00');
    expect(formatWithOffset(moment, -330)).toBe('2026-05-01T06:30:00-05:30');
    expect(formatWithOffset(moment, 345)).toBe('2026-05-01T17:45:00+05:45');
  });

  it('turns a local input into the same instant, with an offset', () => {
    const iso = localInputToIso('2026-05-01T14:30');
    expect(iso).toMatch(/^2026-05-01T14:30:00[+-]\d{2}:\d{2}$/);
    // Date parses "YYYY-MM-DDTHH:mm" as local time: both name the same instant.
    expect(new Date(iso!).getTime()).toBe(new Date('2026-05-01T14:30').getTime());
  });

  it('shows an ISO instant as local wall-clock time', () => {
    const local = new Date(2026, 0, 15, 9, 5);
    expect(isoToLocalInput(local.toISOString())).toBe('2026-01-15T09:05');
  });

  it('round-trips in both directions, winter and summer', () => {
    for (const input of ['2026-01-15T09:05', '2026-07-15T23:59', '2026-12-31T00:00']) {
      expect(isoToLocalInput(localInputToIso(input))).toBe(input);
    }
  });

  it('treats empty and invalid values as no date', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso(null)).toBeNull();
    expect(localInputToIso('2026-02-30T10:00')).toBeNull();
    expect(localInputToIso('tomorrow')).toBeNull();
    expect(isoToLocalInput(null)).toBe('');
    expect(isoToLocalInput('not a date')).toBe('');
  });
});
