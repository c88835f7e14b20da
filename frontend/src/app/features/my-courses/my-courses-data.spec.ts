import type { MyCourseExam } from '../../core/api/course-types';
import { actionLabel, attemptsLeftLabel, deadlineOf, examsToShow } from './my-courses-data';

function exam(id: number, overrides: Partial<MyCourseExam> = {}): MyCourseExam {
  return {
    id,
    title: `Exam ${id}`,
    opens_at: null,
    closes_at: null,
    time_limit_minutes: 60,
    attempts_used: 0,
    attempts_allowed: 1,
    state: 'open',
    my_deadline: null,
    ...overrides,
  };
}

describe('my courses', () => {
  it('shows open exams by deadline, then upcoming ones by opening, never closed ones', () => {
    const shown = examsToShow([
      exam(1, { state: 'closed' }),
      exam(2, { state: 'upcoming', opens_at: '2026-06-03T08:00:00Z' }),
      exam(3, { closes_at: '2026-06-02T08:00:00Z' }),
      exam(4, { state: 'upcoming', opens_at: '2026-06-02T08:00:00Z' }),
      exam(5, { closes_at: null }),
      exam(6, { closes_at: '2026-06-05T08:00:00Z', my_deadline: '2026-06-01T08:00:00Z' }),
    ]);
    expect(shown.map((e) => e.id)).toEqual([6, 3, 5, 4, 2]);
  });

  it('uses the student’s own deadline when an accommodation gives one', () => {
    expect(deadlineOf(exam(1, { closes_at: 'a', my_deadline: 'b' }))).toBe('b');
    expect(deadlineOf(exam(1, { closes_at: 'a' }))).toBe('a');
  });

  it('says how many attempts are left and what the button does', () => {
    expect(attemptsLeftLabel(exam(1, { attempts_allowed: 2, attempts_used: 1 }))).toBe(
      '1 attempt left',
    );
    expect(attemptsLeftLabel(exam(1, { attempts_allowed: null }))).toBe('Unlimited attempts');
    expect(attemptsLeftLabel(exam(1, { attempts_allowed: 1, attempts_used: 3 }))).toBe(
      '0 attempts left',
    );
    expect(actionLabel(exam(1))).toBe('Start');
    expect(actionLabel(exam(1, { attempts_used: 1, attempts_allowed: 2 }))).toBe('Continue');
    expect(actionLabel(exam(1, { attempts_used: 1, attempts_allowed: 1 }))).toBe('Continue');
    expect(actionLabel(exam(1, { attempts_used: 4, attempts_allowed: null }))).toBe('Continue');
    expect(actionLabel(exam(1, { state: 'upcoming' }))).toBeNull();
  });
});
