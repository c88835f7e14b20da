import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';

import { apiErrorMessage } from '../../../core/api/api-error';
import { IMPORT_FORMATS, type ImportFormat } from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { countLabel } from '../../../shared/exam-format';
import { FocusMover } from '../../../shared/focus';
import { QUESTION_TYPE_LABELS } from '../editor/question-form';
import {
  IMPORT_FORMAT_LABELS,
  type ImportOutcome,
  MAX_IMPORT_BYTES,
  alternativeMark,
  formatFromFileName,
  issueWhere,
  lineRange,
  numericKey,
  outcomeFromError,
  outcomeFromReport,
  outcomeSummary,
  readTextFile,
} from './import-report';

export interface ImportDialogData {
  examId: number;
  examTitle: string;
}

/** Closes with the number of questions imported (nothing when cancelled). */
export type ImportDialogResult = number;

const PLACEHOLDERS: Record<ImportFormat, string> = {
  gift: '::Capital:: Which city is the capital of France? {=Paris ~Lyon ~Marseille}',
  aiken: 'Which city is the capital of France?\nA. Paris\nB. Lyon\nANSWER: A',
  json: '{"format": "online-exam", "version": 1, "questions": [ … ]}',
  moodle_xml: '<quiz>\n  <question type="multichoice"> … </question>\n</quiz>',
};

/**
 * Import questions from GIFT, Aiken, Moodle XML or JSON: paste or choose a file, preview (a dry run: the
 * parsed questions, warnings, skipped items, errors with their line), then import all of them
 * (nothing when any has an error) or only the valid ones.
 */
@Component({
  selector: 'app-import-dialog',
  imports: [
    FormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
  ],
  templateUrl: './import-dialog.html',
  styleUrl: './import-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportDialog {
  private readonly api = inject(AuthorApi);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly focus = inject(FocusMover);
  private readonly ref = inject<MatDialogRef<ImportDialog, ImportDialogResult>>(MatDialogRef);
  protected readonly data = inject<ImportDialogData>(MAT_DIALOG_DATA);

  protected readonly formats = IMPORT_FORMATS;
  protected readonly formatLabels = IMPORT_FORMAT_LABELS;
  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  protected readonly maxBytes = MAX_IMPORT_BYTES;
  protected readonly placeholders = PLACEHOLDERS;

  protected readonly format = signal<ImportFormat>('gift');
  protected readonly text = signal('');
  protected readonly fileName = signal<string | null>(null);
  protected readonly busy = signal<'preview' | 'import' | null>(null);
  protected readonly problem = signal<string | null>(null);
  /** The last preview, and what it was made of (a change makes it stale). */
  protected readonly outcome = signal<ImportOutcome | null>(null);
  private readonly previewed = signal<{ format: ImportFormat; text: string } | null>(null);

  protected readonly stale = computed(() => {
    const p = this.previewed();
    return !!p && (p.format !== this.format() || p.text !== this.text());
  });
  protected readonly summary = computed(() => {
    const o = this.outcome();
    return o ? outcomeSummary(o) : '';
  });
  protected readonly canImportAll = computed(() => {
    const o = this.outcome();
    return !!o && !this.stale() && o.errors.length === 0 && o.questions.length > 0;
  });
  protected readonly canImportValid = computed(() => {
    const o = this.outcome();
    return !!o && !this.stale() && o.errors.length > 0 && o.valid > 0;
  });

  private readonly textarea = viewChild<ElementRef<HTMLTextAreaElement>>('source');
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('file');
  private readonly previewHeading = viewChild<ElementRef<HTMLElement>>('previewHeading');

  protected readonly alternativeMark = alternativeMark;
  protected readonly issueWhere = issueWhere;
  protected readonly numericKey = numericKey;
  protected readonly countLabel = countLabel;

  protected chooseFile(): void {
    this.fileInput()?.nativeElement.click();
  }

  protected async fileChosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.problem.set(null);
    try {
      const text = await readTextFile(file, this.maxBytes);
      this.text.set(text);
      this.fileName.set(file.name);
      const guessed = formatFromFileName(file.name);
      if (guessed) this.format.set(guessed);
      this.announcer.announce(`${file.name} loaded. Preview it next.`);
    } catch (error) {
      this.problem.set(error instanceof Error ? error.message : 'The file could not be read.');
    }
  }

  protected preview(): void {
    const text = this.text();
    const format = this.format();
    if (!text.trim()) {
      this.problem.set('Paste the questions or choose a file first.');
      return;
    }
    this.problem.set(null);
    this.busy.set('preview');
    this.api.importQuestions(this.data.examId, format, text, { dryRun: true }).subscribe({
      next: (report) => {
        this.busy.set(null);
        const outcome = outcomeFromReport(report);
        this.outcome.set(outcome);
        this.previewed.set({ format, text });
        this.announcer.announce(`Preview: ${outcomeSummary(outcome)}.`);
        // The report is below the text: bring it into view and move the focus there.
        this.focus.afterRender(
          () => {
            const heading = this.previewHeading()?.nativeElement;
            heading?.scrollIntoView({ block: 'start' });
            return heading;
          },
          { preventScroll: true },
        );
      },
      error: (error: unknown) => {
        this.busy.set(null);
        this.problem.set(apiErrorMessage(error));
      },
    });
  }

  protected import(partial: boolean): void {
    const previewed = this.previewed();
    if (!previewed || this.stale()) return;
    this.problem.set(null);
    this.busy.set('import');
    this.api
      .importQuestions(this.data.examId, previewed.format, previewed.text, { partial })
      .subscribe({
        next: (report) => {
          this.busy.set(null);
          this.ref.close(report.imported);
        },
        error: (error: unknown) => {
          this.busy.set(null);
          // Refused (422): the server's report replaces the preview.
          const outcome = outcomeFromError(error);
          if (outcome) this.outcome.set(outcome);
          this.problem.set(apiErrorMessage(error));
        },
      });
  }

  /** Puts the cursor on (and selects) a line of the text: where an error is. */
  protected goToLine(line: number): void {
    const area = this.textarea()?.nativeElement;
    const range = lineRange(this.text(), line);
    if (!area || !range) return;
    area.focus();
    area.setSelectionRange(range[0], range[1]);
    // Scroll the line into view: an estimate from the line height.
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }
}
