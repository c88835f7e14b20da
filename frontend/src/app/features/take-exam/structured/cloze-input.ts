import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

import type { AttemptQuestion } from '../../../core/api/api-types';
import { formatCount } from '../../../shared/plural';
import type { Answer, GapAnswer } from '../answers';

/** A piece of a cloze text: plain text, or gap n (`{#n}`). */
export type ClozePiece = { text: string } | { gap: number };

const MARKER = /\{#(\d{1,3})\}/g;

/** The text split at its gap markers (the server's syntax, `{#n}`). */
export function clozePieces(text: string): ClozePiece[] {
  const pieces: ClozePiece[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    pieces.push({ gap: Number(match[1]) });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/**
 * A cloze question: its text with a select (choice gap) or a text field (typed gap) in
 * place of each marker, each labelled "Gap n of m". Typing is saved when it pauses.
 */
@Component({
  selector: 'app-cloze-input',
  template: `
    <p class="cloze-text" [id]="textId()">
      @for (piece of pieces(); track $index) {
        @if ('gap' in piece) {
          @let gap = gapOf(piece.gap);
          @if (gap?.kind === 'choice') {
            <select
              class="cloze-gap"
              [attr.aria-label]="gapLabel(piece.gap)"
              [disabled]="disabled()"
              (change)="onChoice(piece.gap, $event)"
            >
              <option value="" [selected]="(given(piece.gap)?.selected_id ?? null) === null">
                …
              </option>
              @for (choice of gap.choices; track choice.id) {
                <option
                  [value]="choice.id"
                  [selected]="given(piece.gap)?.selected_id === choice.id"
                >
                  {{ choice.text }}
                </option>
              }
            </select>
          } @else {
            <input
              class="cloze-gap"
              type="text"
              autocomplete="off"
              autocapitalize="off"
              spellcheck="false"
              maxlength="10000"
              [attr.aria-label]="gapLabel(piece.gap)"
              [disabled]="disabled()"
              [value]="given(piece.gap)?.text ?? ''"
              (input)="onText(piece.gap, $event)"
            />
          }
        } @else {
          <span>{{ piece.text }}</span>
        }
      }
    </p>
  `,
  styleUrl: './structured.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClozeInput {
  readonly question = input.required<AttemptQuestion>();
  readonly answer = input.required<Answer>();
  readonly disabled = input(false);
  readonly textId = input('');
  /** Emitted with `immediate`: choices are saved at once, typing when it pauses. */
  readonly answerChange = output<{ answer: Answer; immediate: boolean }>();

  protected readonly pieces = computed(() => clozePieces(this.question().text));
  private readonly byGap = computed(
    () => new Map((this.answer().gaps ?? []).map((g) => [g.gap, g])),
  );

  protected gapOf(n: number) {
    return this.question().gaps.find((g) => g.gap === n);
  }

  protected given(n: number): GapAnswer | undefined {
    return this.byGap().get(n);
  }

  protected onChoice(gap: number, event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.emit({ gap, selected_id: value === '' ? null : Number(value), text: null }, true);
  }

  protected onText(gap: number, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.emit({ gap, selected_id: null, text: value === '' ? null : value }, false);
  }

  private emit(changed: GapAnswer, immediate: boolean): void {
    const gaps = new Map(this.byGap());
    if (changed.selected_id === null && changed.text === null) gaps.delete(changed.gap);
    else gaps.set(changed.gap, changed);
    const ordered = [...gaps.values()].sort((a, b) => a.gap - b.gap);
    this.answerChange.emit({
      answer: { selectedIds: [], text: null, number: null, gaps: ordered },
      immediate,
    });
  }

  protected gapLabel(gap: number): string {
    const n = formatCount(gap);
    const count = formatCount(this.question().gaps.length);
    return $localize`:@@question.gapLabel:Gap ${n}:gap: of ${count}:count:`;
  }
}
