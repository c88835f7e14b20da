import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  CdkDrag,
  type CdkDragDrop,
  CdkDragHandle,
  CdkDropList,
  moveItemInArray,
} from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import type { AttemptQuestion } from '../../../core/api/api-types';
import { formatCount } from '../../../shared/plural';
import type { Answer } from '../answers';

/**
 * An ordering question: a list the student reorders by dragging (CDK drag and drop) or with
 * "Move up" / "Move down" buttons; every move is announced ("Moved X to position 2 of 4").
 * Before the first move the list shows this attempt's shuffled order.
 */
@Component({
  selector: 'app-ordering-input',
  imports: [CdkDropList, CdkDrag, CdkDragHandle, MatButtonModule, MatIconModule],
  template: `
    <ol
      class="ordering-list"
      cdkDropList
      [cdkDropListDisabled]="disabled()"
      [attr.aria-labelledby]="labelledBy()"
      (cdkDropListDropped)="onDrop($event)"
    >
      @for (item of items(); track item.id; let i = $index, first = $first, last = $last) {
        <li class="ordering-item" cdkDrag [attr.data-item-id]="item.id">
          <mat-icon class="drag-handle" cdkDragHandle aria-hidden="true">drag_indicator</mat-icon>
          <span class="ordering-position" aria-hidden="true">{{ i + 1 }}.</span>
          <span class="ordering-text">{{ item.text }}</span>
          <span class="ordering-buttons">
            <button
              mat-icon-button
              type="button"
              [disabled]="disabled() || first"
              [attr.aria-label]="moveUpLabel(item.text)"
              (click)="move(i, i - 1)"
            >
              <mat-icon>arrow_upward</mat-icon>
            </button>
            <button
              mat-icon-button
              type="button"
              [disabled]="disabled() || last"
              [attr.aria-label]="moveDownLabel(item.text)"
              (click)="move(i, i + 1)"
            >
              <mat-icon>arrow_downward</mat-icon>
            </button>
          </span>
        </li>
      }
    </ol>
  `,
  styleUrl: './structured.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderingInput {
  readonly question = input.required<AttemptQuestion>();
  readonly answer = input.required<Answer>();
  readonly disabled = input(false);
  readonly labelledBy = input('');
  readonly answerChange = output<Answer>();

  private readonly announcer = inject(LiveAnnouncer);

  /** The student's order if saved, else the order shown at start (this attempt's). */
  protected readonly items = computed(() => {
    const shown = this.question().alternatives;
    const saved = this.answer().orderedIds ?? [];
    if (saved.length !== shown.length) return shown;
    const byId = new Map(shown.map((a) => [a.id, a]));
    return saved.map((id) => byId.get(id)).filter((a) => a !== undefined);
  });

  protected onDrop(event: CdkDragDrop<unknown>): void {
    if (event.previousIndex !== event.currentIndex) {
      this.move(event.previousIndex, event.currentIndex);
    }
  }

  protected move(from: number, to: number): void {
    const items = [...this.items()];
    if (to < 0 || to >= items.length) return;
    const moved = items[from];
    moveItemInArray(items, from, to);
    this.answerChange.emit({
      selectedIds: [],
      text: null,
      number: null,
      orderedIds: items.map((a) => a.id),
    });
    const item = moved.text;
    const position = formatCount(to + 1);
    const count = formatCount(items.length);
    void this.announcer.announce(
      $localize`:@@question.moved:Moved ${item}:item: to position ${position}:position: of ${count}:count:.`,
      'polite',
    );
  }

  protected moveUpLabel(item: string): string {
    return $localize`:@@question.moveUp:Move up: ${item}:item:`;
  }

  protected moveDownLabel(item: string): string {
    return $localize`:@@question.moveDown:Move down: ${item}:item:`;
  }
}
