import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { type ErrorStateMatcher } from '@angular/material/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';

import type { AttemptQuestion } from '../../core/api/api-types';
import { activeLocale, textDirection } from '../../core/i18n/locale';
import { POINTS } from '../../shared/exam-format';
import { plural } from '../../shared/plural';
import { MarkdownInlinePipe, MarkdownPipe } from '../../shared/markdown.pipe';
import { type Answer, EMPTY_ANSWER, describeAnswer, isChoice } from './answers';
import { ClozeInput } from './structured/cloze-input';
import { MatchingInput } from './structured/matching-input';
import { OrderingInput } from './structured/ordering-input';
import { overLimit, wordCount, wordCountLabel } from './word-count';

export interface AnswerChange {
  questionId: number;
  answer: Answer;
  /** Choices are saved at once; typing waits until it stops. */
  immediate: boolean;
}

const TYPE_HINTS: Record<string, string> = {
  single: $localize`:@@question.hint.single:Choose one answer.`,
  true_false: $localize`:@@question.hint.trueFalse:True or false?`,
  multiple: $localize`:@@question.hint.multiple:Select all that apply.`,
  short_answer: $localize`:@@question.hint.shortAnswer:Type your answer.`,
  numeric: $localize`:@@question.hint.numeric:Enter a number.`,
  essay: $localize`:@@question.hint.essay:Write your answer; your teacher grades it.`,
  matching: $localize`:@@question.hint.matching:Choose the answer that goes with each item.`,
  ordering: $localize`:@@question.hint.ordering:Put the items in the right order: drag them, or use the move up and down buttons.`,
  cloze: $localize`:@@question.hint.cloze:Fill in each gap.`,
};

/**
 * One question with the control of its type: radio buttons (single choice, true/false),
 * checkboxes (multiple response), a text field (short answer), a text area with a live word
 * count (essay), a number field (numeric), or the controls of matching, ordering and cloze
 * questions (structured/).
 * Every control is labelled by the question; the heading takes the focus on navigation.
 * Read-only: the answer as text, no controls.
 */
@Component({
  selector: 'app-question-card',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatRadioModule,
    MarkdownPipe,
    MarkdownInlinePipe,
    MatchingInput,
    OrderingInput,
    ClozeInput,
  ],
  templateUrl: './question-card.html',
  styleUrl: './question-card.scss',
  // Unscoped (every selector starts with app-question-card): the choices restyle Material's
  // radio/checkbox internals into full-width tiles.
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuestionCard {
  readonly question = input.required<AttemptQuestion>();
  readonly index = input.required<number>();
  readonly total = input.required<number>();
  readonly answer = input<Answer | undefined>(undefined);
  readonly flagged = input(false);
  readonly readOnly = input(false);
  readonly disabled = input(false);
  /** The exam's language (BCP 47): the author's text is marked with it, whatever the UI's. */
  readonly contentLang = input<string | null>(null);

  /** Unknown language: the browser takes the direction from the text itself (`dir=auto`). */
  protected readonly contentDir = computed(() => {
    const lang = this.contentLang();
    return lang ? textDirection(lang) : 'auto';
  });
  /** For our own words inside the author's text. */
  protected readonly uiLang = activeLocale();
  protected readonly uiDir = textDirection(activeLocale());

  readonly answerChange = output<AnswerChange>();
  readonly flagToggle = output<void>();

  protected readonly ids = computed(() => {
    const id = this.question().id;
    return { heading: `q-${id}-heading`, text: `q-${id}-text`, input: `q-${id}-input` };
  });
  protected readonly hint = computed(() => TYPE_HINTS[this.question().type] ?? '');
  protected readonly points = computed(() => plural(this.question().points, POINTS));
  protected readonly choice = computed(() => isChoice(this.question().type));
  protected readonly current = computed(() => this.answer() ?? EMPTY_ANSWER);
  protected readonly selectedOne = computed(() => this.current().selectedIds[0] ?? null);
  /** The essay's live word count against its limit (advice: an answer over it is saved). */
  protected readonly essay = computed(() => {
    const count = wordCount(this.current().text);
    const limit = this.question().word_limit;
    return { label: wordCountLabel(count, limit), over: overLimit(count, limit) };
  });
  protected readonly described = computed(() => describeAnswer(this.question(), this.answer()));

  /** The number field holds something that is not a number (shown once the field is left). */
  protected readonly numberInvalid = signal(false);
  protected readonly numberTouched = signal(false);
  protected readonly numberMatcher: ErrorStateMatcher = {
    isErrorState: () => this.numberInvalid() && this.numberTouched(),
  };

  protected isSelected(id: number): boolean {
    return this.current().selectedIds.includes(id);
  }

  protected onRadio(id: number): void {
    this.emit({ ...EMPTY_ANSWER, selectedIds: [id] }, true);
  }

  protected onCheckbox(id: number, checked: boolean): void {
    // Keep the question's order of alternatives, whatever the order of clicks.
    const selected = new Set(this.current().selectedIds);
    if (checked) selected.add(id);
    else selected.delete(id);
    const ordered = this.question()
      .alternatives.map((a) => a.id)
      .filter((a) => selected.has(a));
    this.emit({ ...EMPTY_ANSWER, selectedIds: ordered }, true);
  }

  protected onText(event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    this.emit({ ...EMPTY_ANSWER, text: value === '' ? null : value }, false);
  }

  protected onNumber(event: Event): void {
    const field = event.target as HTMLInputElement;
    if (field.validity.badInput) {
      this.numberInvalid.set(true); // e.g. "3." while typing "3.5": keep the last number
      return;
    }
    if (field.value.trim() === '') {
      this.numberInvalid.set(false);
      this.emit({ ...EMPTY_ANSWER }, false);
      return;
    }
    const value = field.valueAsNumber;
    if (!Number.isFinite(value)) {
      this.numberInvalid.set(true);
      return;
    }
    this.numberInvalid.set(false);
    this.emit({ ...EMPTY_ANSWER, number: value }, false);
  }

  protected emit(answer: Answer, immediate: boolean): void {
    this.answerChange.emit({ questionId: this.question().id, answer, immediate });
  }
}
