/** Answers on the client: their shape, when they count as answered, and resuming. */
import type {
  AttemptQuestion,
  FinalAnswer,
  QuestionType,
  SaveAnswerRequest,
  SavedAnswer,
} from '../../core/api/api-types';

/** Matching: an item paired with one of the answers (their ids). */
export interface Pair {
  item_id: number;
  answer_id: number;
}

/** Cloze: what was put in gap `gap` (1-based): a choice's id, or typed text. */
export interface GapAnswer {
  gap: number;
  selected_id: number | null;
  text: string | null;
}

/** One answer, whatever the question type; the fields of other types stay empty (or absent:
 * answers stored before matching, ordering and cloze existed have none). */
export interface Answer {
  selectedIds: number[];
  text: string | null;
  number: number | null;
  pairs?: Pair[];
  orderedIds?: number[];
  gaps?: GapAnswer[];
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
  if (type === 'matching') return (answer.pairs ?? []).length > 0;
  if (type === 'ordering') return (answer.orderedIds ?? []).length > 0;
  if (type === 'cloze') {
    return (answer.gaps ?? []).some((g) => g.selected_id !== null || (g.text ?? '').trim() !== '');
  }
  if (isText(type)) return (answer.text ?? '').trim() !== '';
  return answer.number !== null && Number.isFinite(answer.number);
}

export function sameAnswer(a: Answer, b: Answer): boolean {
  return (
    a.text === b.text &&
    a.number === b.number &&
    a.selectedIds.length === b.selectedIds.length &&
    a.selectedIds.every((id, i) => id === b.selectedIds[i]) &&
    JSON.stringify(structuredParts(a)) === JSON.stringify(structuredParts(b))
  );
}

function structuredParts(a: Answer): unknown[] {
  return [a.pairs ?? [], a.orderedIds ?? [], a.gaps ?? []];
}

export function fromSaved(
  saved: Pick<SavedAnswer, 'selected_ids' | 'text' | 'number'> &
    Partial<Pick<SavedAnswer, 'pairs' | 'ordered_ids' | 'gaps'>>,
): Answer {
  const answer: Answer = {
    selectedIds: [...(saved.selected_ids ?? [])],
    text: saved.text ?? null,
    number: saved.number ?? null,
  };
  if (saved.pairs) answer.pairs = saved.pairs.map((p) => ({ ...p }));
  if (saved.ordered_ids) answer.orderedIds = [...saved.ordered_ids];
  if (saved.gaps) answer.gaps = saved.gaps.map((g) => ({ ...g }));
  return answer;
}

/** The request body of an autosave: only the field of the question's type (empty clears). */
export function toRequest(type: QuestionType, answer: Answer, seq: number): SaveAnswerRequest {
  if (isChoice(type)) return { selected_ids: answer.selectedIds, seq };
  if (isText(type)) return { text: answer.text ?? '', seq };
  if (type === 'matching') return { pairs: answer.pairs ?? [], seq };
  if (type === 'ordering') return { ordered_ids: answer.orderedIds ?? [], seq };
  if (type === 'cloze') return { gaps: answer.gaps ?? [], seq };
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
  if (!isAnswered(question.type, answer) || !answer)
    return $localize`:@@take.navigator.notAnswered:Not answered`;
  if (isChoice(question.type)) {
    const texts = question.alternatives
      .filter((a) => answer.selectedIds.includes(a.id))
      .map((a) => a.text);
    return texts.join('; ');
  }
  if (question.type === 'matching') {
    const text = new Map(question.answers.map((a) => [a.id, a.text]));
    return question.alternatives
      .map((item) => {
        const pair = (answer.pairs ?? []).find((p) => p.item_id === item.id);
        return `${item.text} → ${pair ? (text.get(pair.answer_id) ?? '?') : '—'}`;
      })
      .join('; ');
  }
  if (question.type === 'ordering') {
    const text = new Map(question.alternatives.map((a) => [a.id, a.text]));
    return (answer.orderedIds ?? []).map((id) => text.get(id) ?? '?').join(' → ');
  }
  if (question.type === 'cloze') {
    return question.gaps
      .map((gap) => {
        const given = (answer.gaps ?? []).find((g) => g.gap === gap.gap);
        const choice = gap.choices.find((c) => c.id === given?.selected_id);
        const gapNumber = gap.gap;
        const text = choice?.text ?? given?.text ?? '—';
        return $localize`:@@question.gapAnswer:Gap ${gapNumber}:gap:: ${text}:answer:`;
      })
      .join('; ');
  }
  return isText(question.type) ? (answer.text ?? '') : String(answer.number);
}
