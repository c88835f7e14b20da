import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

import type { ReviewItem } from '../../core/api/api-types';
import { formatNumber } from '../../shared/exam-format';
import { MarkdownInlinePipe, MarkdownPipe } from '../../shared/markdown.pipe';

export type Outcome = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'awaiting';

const OUTCOMES: Record<Outcome, { icon: string; label: string }> = {
  correct: { icon: 'check_circle', label: 'Correct' },
  partial: { icon: 'contrast', label: 'Partly correct' },
  incorrect: { icon: 'cancel', label: 'Incorrect' },
  unanswered: { icon: 'remove_circle_outline', label: 'Not answered' },
  awaiting: { icon: 'hourglass_top', label: 'Awaiting grading' },
};

/** 1024 → "1024", 3.14159 → "3.14159", 0.005 → "0.005" (no rounding to 2 decimals here). */
export function exactNumber(value: number): string {
  return String(Number.parseFloat(value.toPrecision(12)));
}

export function outcomeOf(item: ReviewItem): Outcome {
  const answer = item.answer;
  const empty =
    !answer ||
    ((answer.selected_ids ?? []).length === 0 &&
      (answer.text ?? '').trim() === '' &&
      answer.number === null);
  if (empty) return 'unanswered';
  if (item.awaiting_grading) return 'awaiting';
  if (item.is_correct) return 'correct';
  return item.credit > 0 ? 'partial' : 'incorrect';
}

/** One question of the review: the answer given, right or wrong (icon and words), the key. */
@Component({
  selector: 'app-review-item',
  imports: [MatIconModule, MarkdownPipe, MarkdownInlinePipe],
  templateUrl: './review-item.html',
  styleUrl: './review-item.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewItemCard {
  readonly item = input.required<ReviewItem>();
  readonly index = input.required<number>();

  protected readonly outcome = computed(() => outcomeOf(this.item()));
  protected readonly badge = computed(() => OUTCOMES[this.outcome()]);
  protected readonly headingId = computed(() => `review-${this.item().id}`);
  protected readonly points = computed(() => {
    const item = this.item();
    const max = item.points;
    if (item.awaiting_grading) return `${formatNumber(max)} ${max === 1 ? 'point' : 'points'}`;
    return `${formatNumber(item.score)} of ${formatNumber(max)} ${max === 1 ? 'point' : 'points'}`;
  });
  protected readonly choices = computed(() => {
    const item = this.item();
    const chosen = new Set(item.answer?.selected_ids ?? []);
    const key = new Set(item.correct.alternative_ids);
    return item.alternatives.map((alt) => ({
      ...alt,
      chosen: chosen.has(alt.id),
      key: key.has(alt.id),
    }));
  });
  protected readonly isChoice = computed(() =>
    ['single', 'multiple', 'true_false'].includes(this.item().type),
  );
  protected readonly yourAnswer = computed(() => {
    const item = this.item();
    if (this.outcome() === 'unanswered') return null;
    if (item.type === 'numeric') return exactNumber(item.answer?.number ?? 0);
    return item.answer?.text ?? '';
  });
  protected readonly correctAnswer = computed(() => {
    const item = this.item();
    if (item.type === 'numeric') {
      const value = item.correct.numeric_answer;
      if (value === null) return '';
      const tolerance = item.correct.numeric_tolerance;
      return tolerance ? `${exactNumber(value)} (± ${exactNumber(tolerance)})` : exactNumber(value);
    }
    return item.correct.accepted_answers.join(' · ');
  });
}
