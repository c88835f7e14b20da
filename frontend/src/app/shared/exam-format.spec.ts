import {
  attemptsLabel,
  countLabel,
  formatNumber,
  timeLimitLabel,
  windowState,
} from './exam-format';

describe('exam wording', () => {
  it.each([
    [null, 'No time limit'],
    [45, '45 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
  ])('time limit %s → %s', (minutes, label) => {
    expect(timeLimitLabel(minutes)).toBe(label);
  });

  it.each([
    [null, 'Unlimited attempts'],
    [1, '1 attempt'],
    [3, '3 attempts'],
  ])('attempts %s → %s', (max, label) => {
    expect(attemptsLabel(max)).toBe(label);
  });

  it('counts', () => {
    expect(countLabel(1, 'question')).toBe('1 question');
    expect(countLabel(12, 'question')).toBe('12 questions');
    expect(countLabel(2.5, 'point')).toBe('2.5 points');
    expect(formatNumber(1 / 3)).toBe('0.33');
  });

  it('knows whether the window is open', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    const at = (iso: string | null) => iso;
    expect(windowState({ opens_at: null, closes_at: null }, now)).toBe('open');
    expect(windowState({ opens_at: at('2026-05-02T00:00:00Z'), closes_at: null }, now)).toBe(
      'upcoming',
    );
    expect(windowState({ opens_at: null, closes_at: at('2026-05-01T11:59:00Z') }, now)).toBe(
      'closed',
    );
    expect(
      windowState(
        { opens_at: at('2026-04-01T00:00:00Z'), closes_at: at('2026-06-01T00:00:00Z') },
        now,
      ),
    ).toBe('open');
  });
});
