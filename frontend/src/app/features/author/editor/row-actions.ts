import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/**
 * Move up, move down and remove for one row of a list the author orders (alternatives,
 * ordering items), each button named with the row's noun and number for screen readers.
 */
@Component({
  selector: 'app-row-actions',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <button
      mat-icon-button
      type="button"
      class="move-up"
      [disabled]="first()"
      (click)="move.emit(-1)"
      [attr.aria-label]="upLabel()"
    >
      <mat-icon>arrow_upward</mat-icon>
    </button>
    <button
      mat-icon-button
      type="button"
      class="move-down"
      [disabled]="last()"
      (click)="move.emit(1)"
      [attr.aria-label]="downLabel()"
    >
      <mat-icon>arrow_downward</mat-icon>
    </button>
    <button mat-icon-button type="button" (click)="remove.emit()" [attr.aria-label]="removeLabel()">
      <mat-icon>close</mat-icon>
    </button>
  `,
  host: { class: 'alternative-actions' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RowActions {
  /** What a row is called: "alternative", "item". */
  readonly noun = input.required<string>();
  readonly index = input.required<number>();
  readonly first = input(false);
  readonly last = input(false);
  /** -1: up one place; 1: down one place. */
  readonly move = output<-1 | 1>();
  readonly remove = output<void>();

  protected upLabel(): string {
    const [noun, n] = [this.noun(), this.index() + 1];
    return $localize`:@@author.rowActions.up:Move ${noun}:noun: ${n}:number: up`;
  }

  protected downLabel(): string {
    const [noun, n] = [this.noun(), this.index() + 1];
    return $localize`:@@author.rowActions.down:Move ${noun}:noun: ${n}:number: down`;
  }

  protected removeLabel(): string {
    const [noun, n] = [this.noun(), this.index() + 1];
    return $localize`:@@author.rowActions.remove:Remove ${noun}:noun: ${n}:number:`;
  }
}
