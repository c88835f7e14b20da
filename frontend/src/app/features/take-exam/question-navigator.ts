import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import type { AttemptQuestion } from '../../core/api/api-types';
import { formatCount } from '../../shared/plural';

/**
 * The numbered buttons of an attempt's questions: answered (filled), not answered (outlined),
 * flagged (a flag), the current one (a ring and aria-current). Each button's name says all of
 * it in words. Ends with the Submit button.
 */
@Component({
  selector: 'app-question-navigator',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <h2 id="navigator-heading" class="navigator-heading" i18n="@@take.navigator.title">
      Questions
    </h2>
    <ol class="nav-grid" aria-labelledby="navigator-heading">
      @for (q of questions(); track q.id; let i = $index) {
        @let answered = answeredIds().has(q.id);
        @let flagged = flags().has(q.id);
        <li>
          <button
            type="button"
            class="nav-button"
            [class.answered]="answered"
            [class.current]="i === current()"
            [attr.aria-current]="i === current() ? 'step' : null"
            [attr.aria-label]="label(i, answered, flagged)"
            (click)="selected.emit(i)"
          >
            {{ i + 1 }}
            @if (flagged) {
              <mat-icon class="nav-flag" aria-hidden="true">flag</mat-icon>
            }
          </button>
        </li>
      }
    </ol>
    <ul class="legend" aria-label="Legend" i18n-aria-label="@@take.navigator.legend">
      <li>
        <span class="swatch answered" aria-hidden="true"></span
        ><span i18n="@@take.navigator.answered">Answered</span>
      </li>
      <li>
        <span class="swatch" aria-hidden="true"></span
        ><span i18n="@@take.navigator.notAnswered">Not answered</span>
      </li>
      <li>
        <mat-icon class="legend-flag" aria-hidden="true">flag</mat-icon
        ><span i18n="@@take.navigator.flagged">Flagged</span>
      </li>
    </ul>
    <button
      mat-flat-button
      type="button"
      class="submit-button"
      [disabled]="!canSubmit()"
      (click)="submitRequested.emit()"
    >
      <mat-icon class="oe-dir-icon">send</mat-icon>
      <span i18n="@@take.navigator.submit">Submit exam…</span>
    </button>
  `,
  styleUrl: './question-navigator.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuestionNavigator {
  readonly questions = input.required<readonly AttemptQuestion[]>();
  readonly answeredIds = input.required<ReadonlySet<number>>();
  readonly flags = input.required<ReadonlySet<number>>();
  /** Index of the question on screen; -1 when every question is on the page. */
  readonly current = input(-1);
  readonly canSubmit = input(true);

  readonly selected = output<number>();
  readonly submitRequested = output<void>();

  protected label(index: number, answered: boolean, flagged: boolean): string {
    const n = formatCount(index + 1);
    if (flagged) {
      return answered
        ? $localize`:@@take.navigator.label.answeredFlagged:Question ${n}:number:, answered, flagged`
        : $localize`:@@take.navigator.label.notAnsweredFlagged:Question ${n}:number:, not answered, flagged`;
    }
    return answered
      ? $localize`:@@take.navigator.label.answered:Question ${n}:number:, answered`
      : $localize`:@@take.navigator.label.notAnswered:Question ${n}:number:, not answered`;
  }
}
