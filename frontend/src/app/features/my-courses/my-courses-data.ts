/** The student's home, pure: which exams a course shows and what their rows say. */
import type { MyCourseExam } from '../../core/api/course-types';
import { plural } from '../../shared/plural';

/** Open exams first (soonest deadline first), then upcoming ones (soonest opening first). */
export function examsToShow(exams: readonly MyCourseExam[]): MyCourseExam[] {
  const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);
  const open = exams
    .filter((e) => e.state === 'open')
    .sort((a, b) => time(deadlineOf(a)) - time(deadlineOf(b)));
  const upcoming = exams
    .filter((e) => e.state === 'upcoming')
    .sort((a, b) => time(a.opens_at) - time(b.opens_at));
  return [...open, ...upcoming];
}

/** The student's own deadline (their accommodation applied), else the exam's closing time. */
export function deadlineOf(exam: MyCourseExam): string | null {
  return exam.my_deadline ?? exam.closes_at;
}

/** Attempts left, or null for unlimited. */
export function attemptsLeft(exam: MyCourseExam): number | null {
  if (exam.attempts_allowed === null) return null;
  return Math.max(0, exam.attempts_allowed - exam.attempts_used);
}

export function attemptsLeftLabel(exam: MyCourseExam): string {
  const left = attemptsLeft(exam);
  if (left === null) return $localize`:@@format.unlimitedAttempts:Unlimited attempts`;
  return plural(
    left,
    $localize`:@@myCourses.attemptsLeft:{count, plural, =1 {1 attempt left} other {# attempts left}}`,
  );
}

/**
 * The row's button (to the exam's page, which starts or resumes): none for an upcoming exam.
 * A used-up allowance still gets "Continue": the attempt counted may be the one in progress,
 * and the exam's page tells which.
 */
export function actionLabel(exam: MyCourseExam): string | null {
  if (exam.state !== 'open') return null;
  return exam.attempts_used === 0
    ? $localize`:@@myCourses.start:Start`
    : $localize`:@@myCourses.continue:Continue`;
}
