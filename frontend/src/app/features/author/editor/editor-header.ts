import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { RouterLink } from '@angular/router';

import type { AuthorExam, QuestionExportFormat } from '../../../core/api/api-types';
import { StatusChip } from '../../../shared/status-chip';
import type { SaveState } from './exam-settings';

/**
 * The editor's head: the exam's title, status and save state, its pages (catalogue, results,
 * statistics) and its actions (publish, and in the menu: unpublish, export, copy, archive,
 * delete). Presentational: the page runs the actions.
 */
@Component({
  selector: 'app-editor-header',
  imports: [
    DatePipe,
    DecimalPipe,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    StatusChip,
  ],
  templateUrl: './editor-header.html',
  styleUrl: './editor-header.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EditorHeader {
  /** Null while a new exam is not created yet. */
  readonly exam = input.required<AuthorExam | null>();
  readonly saveState = input<SaveState>('idle');
  readonly pendingChanges = input(0);
  readonly savedAt = input<Date | null>(null);
  /** A life-cycle action runs: the actions are off meanwhile. */
  readonly busy = input(false);
  readonly exporting = input(false);

  readonly publish = output();
  readonly unpublish = output();
  readonly archive = output();
  readonly copyExam = output();
  readonly remove = output();
  readonly exportAs = output<QuestionExportFormat>();
}
