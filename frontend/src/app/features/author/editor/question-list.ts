import {
  CdkDrag,
  type CdkDragDrop,
  CdkDragHandle,
  CdkDragPlaceholder,
  CdkDropList,
} from '@angular/cdk/drag-drop';
import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

import type { Question } from '../../../core/api/api-types';
import { QUESTION_TYPE_ICONS, QUESTION_TYPE_LABELS, excerpt } from './question-form';

export interface MoveRequest {
  from: number;
  to: number;
}

/**
 * The exam's questions in order: drag a row by its handle, or use the move buttons (keyboard);
 * each question shows the server's publish problems for it. Presentational: the page saves.
 */
@Component({
  selector: 'app-question-list',
  imports: [
    CdkDropList,
    CdkDrag,
    CdkDragHandle,
    CdkDragPlaceholder,
    DecimalPipe,
    MatButtonModule,
    MatIconModule,
    MatTooltipModule,
  ],
  templateUrl: './question-list.html',
  styleUrl: './question-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuestionList {
  readonly questions = input.required<Question[]>();
  readonly problems = input<Map<number, string[]>>(new Map());
  /** Reordering, editing and deleting are off (the exam has attempts or is archived). */
  readonly locked = input(false);
  readonly busy = input(false);

  readonly move = output<MoveRequest>();
  readonly edit = output<Question>();
  readonly remove = output<Question>();

  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  protected readonly typeIcons = QUESTION_TYPE_ICONS;
  protected readonly excerpt = excerpt;
  protected readonly viewTip = $localize`:@@author.questionList.viewTip:View`;
  protected readonly editTip = $localize`:@@author.questionList.editTip:Edit`;

  protected upLabel(n: number): string {
    return $localize`:@@author.questionList.up:Move question ${n}:number: up`;
  }

  protected downLabel(n: number): string {
    return $localize`:@@author.questionList.down:Move question ${n}:number: down`;
  }

  protected editLabel(n: number): string {
    return this.locked()
      ? $localize`:@@author.questionList.view:View question ${n}:number:`
      : $localize`:@@author.questionList.edit:Edit question ${n}:number:`;
  }

  protected deleteLabel(n: number): string {
    return $localize`:@@author.questionList.delete:Delete question ${n}:number:`;
  }

  protected problemsLabel(n: number): string {
    return $localize`:@@author.questionList.problems:Problems of question ${n}:number:`;
  }

  protected dropped(event: CdkDragDrop<Question[]>): void {
    if (event.previousIndex !== event.currentIndex) {
      this.move.emit({ from: event.previousIndex, to: event.currentIndex });
    }
  }
}
