import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

import type { ReviewItem } from '../../core/api/api-types';
import { textDirection } from '../../core/i18n/locale';
import { describeAnswer, fromSaved } from '../take-exam/answers';
import { POINTS, formatNumber } from '../../shared/exam-format';
import { plural } from '../../shared/plural';
import { MarkdownInlinePipe, MarkdownPipe } from '../../shared/markdown.pipe';

export type Outcome = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'awaiting';

const OUTCOMES: Record<Outcome, { icon: string; label: string }> = {
  correct: { icon: 'check_circle', label: $localize`:@@review.correct:Correct` },
  partial: { icon: 'contrast', label: $localize`:@@review.partial:Partly correct` },
  incorrect: { icon: 'cancel', label: $localize`:@@review.incorrect:Incorrect` },
  unanswered: {
    icon: 'remove_circle_outline',
    label: $localize`:@@take.navigator.notAnswered:Not answered`,
  },
  awaiting: { icon: 'hourglass_top', label: $localize`:@@result.awaiting:Awaiting grading` },
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
      answer.number === null &&
      (answer.pairs ?? []).length === 0 &&
      (answer.ordered_ids ?? []).length === 0 &&
      (answer.gaps ?? []).length === 0);
  if (empty) return 'unanswered';
  if (item.awaiting_grading) return 'awaiting';
  if (item.is_correct) return 'correct';
  return item.credit > 0 ? 'partial' : 'incorrect';
}

const STRUCTURED = ['matching', 'ordering', 'cloze'];

/** The key of a matching, ordering or cloze question in words, e.g. "France → Paris; …". */
export function structuredKey(item: ReviewItem): string {
  const key = item.correct;
  if (item.type === 'cloze') {
    return item.gaps
      .map((gap) => {
        const own = key.gaps.find((g) => g.gap === gap.gap);
        const texts =
          gap.kind === 'choice'
            ? gap.choices.filter((c) => own?.alternative_ids.includes(c.id)).map((c) => c.text)
            : (own?.accepted_answers ?? []);
        const gapNumber = gap.gap;
        const text = texts.join(' / ');
        return $localize`:@@question.gapAnswer:Gap ${gapNumber}:gap:: ${text}:answer:`;
      })
      .join('; ');
  }
  const answer = fromSaved({
    selected_ids: [],
    text: null,
    number: null,
    pairs: key.pairs,
    ordered_ids: key.ordered_ids,
  });
  return describeAnswer(item, answer);
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
  /** The exam's language for the author's text (`dir=auto` while unknown). */
  readonly contentLang = input<string | null>(null);
  protected readonly contentDir = computed(() => {
    const lang = this.contentLang();
    return lang ? textDirection(lang) : 'auto';
  });

  protected readonly outcome = computed(() => outcomeOf(this.item()));
  protected readonly badge = computed(() => OUTCOMES[this.outcome()]);
  protected readonly headingId = computed(() => `review-${this.item().id}`);
  protected readonly choicesLabel = computed(() => {
    const n = formatNumber(this.index() + 1);
    return $localize`:@@review.choicesOf:Choices of question ${n}:number:`;
  });
  protected readonly points = computed(() => {
    const item = this.item();
    const max = item.points;
    if (item.awaiting_grading) return plural(max, POINTS);
    const score = formatNumber(item.score);
    return plural(
      max,
      $localize`:@@review.pointsOf:{max, plural, =1 {${score}:score: of 1 point} other {${score}:score: of # points}}`,
    );
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
    if (STRUCTURED.includes(item.type) && item.answer) {
      return describeAnswer(item, fromSaved(item.answer));
    }
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
    if (STRUCTURED.includes(item.type)) return structuredKey(item);
    return item.correct.accepted_answers.join(' · ');
  });
}
