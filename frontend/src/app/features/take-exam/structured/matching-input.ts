import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

import type { AttemptQuestion } from '../../../core/api/api-types';
import type { Answer, Pair } from '../answers';

/**
 * A matching question: each item with a native select listing every answer (in this
 * attempt's shuffled order). Native selects: the keyboard and screen readers know them, and
 * each is labelled by its item.
 */
@Component({
  selector: 'app-matching-input',
  template: `
    <div class="structured-rows" role="group" [attr.aria-labelledby]="labelledBy()">
      @for (item of question().alternatives; track item.id; let i = $index) {
        <div class="structured-row">
          <label class="structured-label" [for]="idPrefix() + '-' + item.id">{{ item.text }}</label>
          <select
            class="structured-select"
            [id]="idPrefix() + '-' + item.id"
            [disabled]="disabled()"
            [value]="chosen().get(item.id) ?? ''"
            (change)="onChange(item.id, $event)"
          >
            <option value="" [selected]="!chosen().has(item.id)" i18n="@@question.chooseAnswer">
              Choose an answer…
            </option>
            @for (answer of question().answers; track answer.id) {
              <option [value]="answer.id" [selected]="chosen().get(item.id) === answer.id">
                {{ answer.text }}
              </option>
            }
          </select>
        </div>
      }
    </div>
  `,
  styleUrl: './structured.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MatchingInput {
  readonly question = input.required<AttemptQuestion>();
  readonly answer = input.required<Answer>();
  readonly disabled = input(false);
  readonly labelledBy = input('');
  readonly answerChange = output<Answer>();

  protected readonly idPrefix = computed(() => `q-${this.question().id}-match`);
  protected readonly chosen = computed(
    () => new Map((this.answer().pairs ?? []).map((p) => [p.item_id, p.answer_id])),
  );

  protected onChange(itemId: number, event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    const chosen = new Map(this.chosen());
    if (value === '') chosen.delete(itemId);
    else chosen.set(itemId, Number(value));
    // In the items' order, so the same choices always make the same answer.
    const pairs: Pair[] = this.question()
      .alternatives.filter((item) => chosen.has(item.id))
      .map((item) => ({ item_id: item.id, answer_id: chosen.get(item.id)! }));
    this.answerChange.emit({ selectedIds: [], text: null, number: null, pairs });
  }
}
