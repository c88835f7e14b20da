/**
 * The server's publish problems — `{"exam": [...], "questions": {"<id>": {position, problems}}}`,
 * from the author view's `publish_problems` or a 422 answer to publish — for the page: exam-level
 * ones for the top, the others by question id (to show next to each question).
 */
import type { PublishProblems, PublishWarning, Question } from '../../../core/api/api-types';
import { apiErrorDetail } from '../../../core/api/api-error';

export interface ProblemLine {
  questionId: number | null;
  /** "Exam" or "Question 3". */
  label: string;
  problems: string[];
}

/** The problems of a failed publish (422), or null if the error is something else. */
export function problemsFromError(error: unknown): PublishProblems | null {
  const detail = apiErrorDetail(error);
  if (!detail || detail.status !== 422) return null;
  const details = (detail.details ?? {}) as Record<string, unknown>;
  const result: PublishProblems = {};
  if (Array.isArray(details['exam'])) {
    result.exam = details['exam'].filter((p): p is string => typeof p === 'string');
  }
  const questions = details['questions'];
  if (questions && typeof questions === 'object' && !Array.isArray(questions)) {
    result.questions = {};
    for (const [id, entry] of Object.entries(questions as Record<string, unknown>)) {
      if (!entry || typeof entry !== 'object') continue;
      const { position, problems } = entry as { position?: unknown; problems?: unknown };
      result.questions[id] = {
        position: typeof position === 'number' ? position : 0,
        problems: Array.isArray(problems)
          ? problems.filter((p): p is string => typeof p === 'string')
          : [],
      };
    }
  }
  return result.exam || result.questions ? result : null;
}

/** Question id → its problems. */
export function problemsByQuestion(problems: PublishProblems | null): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const [id, entry] of Object.entries(problems?.questions ?? {})) {
    if (entry.problems.length) map.set(Number(id), entry.problems);
  }
  return map;
}

export function problemCount(problems: PublishProblems | null): number {
  let count = problems?.exam?.length ?? 0;
  for (const entry of Object.values(problems?.questions ?? {})) count += entry.problems.length;
  return count;
}

/**
 * A checklist in page order: the exam's problems first, then each question's, numbered as the
 * author sees them now (the current list, else the position the server reported).
 */
export function problemChecklist(
  problems: PublishProblems | null,
  questions: readonly Pick<Question, 'id'>[],
): ProblemLine[] {
  const lines: ProblemLine[] = [];
  if (problems?.exam?.length) {
    lines.push({
      questionId: null,
      label: $localize`:@@author.checklist.exam:Exam`,
      problems: problems.exam,
    });
  }
  const numbered = Object.entries(problems?.questions ?? {})
    .map(([id, entry]) => {
      const index = questions.findIndex((q) => q.id === Number(id));
      return {
        id: Number(id),
        order: index >= 0 ? index : entry.position,
        problems: entry.problems,
      };
    })
    .filter((entry) => entry.problems.length)
    .sort((a, b) => a.order - b.order);
  for (const entry of numbered) {
    lines.push({
      questionId: entry.id,
      label: $localize`:@@author.checklist.question:Question ${entry.order + 1}:number:`,
      problems: entry.problems,
    });
  }
  return lines;
}

/** What to tell the author once an exam is published: a warning when the server gave advice. */
export function publishedNotice(
  title: string,
  warnings: readonly PublishWarning[] | undefined,
): { message: string; warn: boolean } {
  const done = $localize`:@@author.published:“${title}:title:” is published and in the catalogue.`;
  const advice = (warnings ?? [])
    .map((w) => w.message)
    .filter(Boolean)
    .join(' ');
  return advice
    ? {
        message: $localize`:@@author.publishedBut:${done}:done: But: ${advice}:advice:`,
        warn: true,
      }
    : { message: done, warn: false };
}
