/** Answers on the client: their shape, when they count as answered, and resuming. */
import type {
  AttemptQuestion,
  FinalAnswer,
  QuestionType,
  SaveAnswerRequest,
  SavedAnswer,
} from '../../core/api/api-types';

/** One answer, whatever the question type; the fields of other types stay empty. */
export interface Answer {
  selectedIds: number[];
  text: string | null;
  number: number | null;
}

/** An answer not yet acknowledged by the server: kept in the outbox until it is. */
export interface PendingAnswer {
  questionId: number;
  answer: Answer;
  seq: number;
}

/** What the page shows for a question: the answer, its seq, and whether it still has to go. */
export interface AnswerState {
  answer: Answer;
  seq: number;
  pending: boolean;
}

export const EMPTY_ANSWER: Answer = Object.freeze({
  selectedIds: [],
  text: null,
  number: null,
}) as Answer;

const CHOICE_TYPES: readonly QuestionType[] = ['single', 'multiple', 'true_false'];

export function isChoice(type: QuestionType): boolean {
  return CHOICE_TYPES.includes(type);
}

/** Answered by typing text: a short answer or an essay. */
export function isText(type: QuestionType): boolean {
  return type === 'short_answer' || type === 'essay';
}

/** Whether an answer counts as given (an emptied text field or number is unanswered again). */
export function isAnswered(type: QuestionType, answer: Answer | undefined): boolean {
  if (!answer) return false;
  if (isChoice(type)) return answer.selectedIds.length > 0;
  if (isText(type)) return (answer.text ?? '').trim() !== '';
  return answer.number !== null && Number.isFinite(answer.number);
}

export function sameAnswer(a: Answer, b: Answer): boolean {
  return (
    a.text === b.text &&
    a.number === b.number &&
    a.selectedIds.length === b.selectedIds.length &&
    a.selectedIds.every((id, i) => id === b.selectedIds[i])
  );
}

export function fromSaved(saved: Pick<SavedAnswer, 'selected_ids' | 'text' | 'number'>): Answer {
  return {
    selectedIds: [...(saved.selected_ids ?? [])],
    text: saved.text ?? null,
    number: saved.number ?? null,
  };
}

/** The request body of an autosave: only the field of the question's type (empty clears). */
export function toRequest(type: QuestionType, answer: Answer, seq: number): SaveAnswerRequest {
  if (isChoice(type)) return { selected_ids: answer.selectedIds, seq };
  if (isText(type)) return { text: answer.text ?? '', seq };
  return { number: answer.number, seq };
}

export function toFinal(type: QuestionType, pending: PendingAnswer): FinalAnswer {
  return { question_id: pending.questionId, ...toRequest(type, pending.answer, pending.seq) };
}

/**
 * Resume: the server's saved answers, overridden by outbox entries with a higher seq (typed on
 * this device but not acknowledged yet — e.g. while offline, or in the last second before a
 * reload). An outbox entry with a seq the server already has (or passed) is obsolete.
 */
export function mergeOnResume(
  saved: readonly SavedAnswer[],
  outbox: readonly PendingAnswer[],
): Map<number, AnswerState> {
  const merged = new Map<number, AnswerState>();
  for (const s of saved) {
    merged.set(s.question_id, { answer: fromSaved(s), seq: s.seq, pending: false });
  }
  for (const entry of outbox) {
    const server = merged.get(entry.questionId);
    if (!server || entry.seq > server.seq) {
      merged.set(entry.questionId, { answer: entry.answer, seq: entry.seq, pending: true });
    }
  }
  return merged;
}

/** Short description of an answer, for the read-only view ("Not answered" when empty). */
export function describeAnswer(question: AttemptQuestion, answer: Answer | undefined): string {
  if (!isAnswered(question.type, answer) || !answer) return 'Not answered';
  if (isChoice(question.type)) {
    const texts = question.alternatives
      .filter((a) => answer.selectedIds.includes(a.id))
      .map((a) => a.text);
    return texts.join('; ');
  }
  return isText(question.type) ? (answer.text ?? '') : String(answer.number);
}
