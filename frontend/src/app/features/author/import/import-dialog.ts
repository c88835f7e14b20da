import { DecimalPipe } from '@angular/common';
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

import { type Observable } from 'rxjs';

import { apiErrorMessage } from '../../../core/api/api-error';
import { IMPORT_FORMATS, type ImportReport } from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { FocusMover } from '../../../shared/focus';
import { QUESTION_TYPE_LABELS } from '../editor/question-form';
import {
  type DialogFormat,
  IMPORT_FORMAT_LABELS,
  IMPORT_FORMAT_TYPES,
  type ImportOutcome,
  MAX_IMPORT_BYTES,
  MAX_PACKAGE_BYTES,
  PACKAGE_FORMAT,
  alternativeMark,
  formatFromFileName,
  issueWhere,
  lineRange,
  numericKey,
  outcomeFromError,
  outcomeFromReport,
  outcomeSummary,
  readTextFile,
  tooLarge,
} from './import-report';

export interface ImportDialogData {
  examId: number;
  examTitle: string;
}

/** Closes with the number of questions imported (nothing when cancelled). */
export type ImportDialogResult = number;

const PLACEHOLDERS: Record<DialogFormat, string> = {
  gift: '::Capital:: Which city is the capital of France? {=Paris ~Lyon ~Marseille}',
  aiken: 'Which city is the capital of France?\nA. Paris\nB. Lyon\nANSWER: A',
  json: '{"format": "online-exam", "version": 1, "questions": [ … ]}',
  moodle_xml: '<quiz>\n  <question type="multichoice"> … </question>\n</quiz>',
  qti: '',
};

/** What a preview was made of: the format and the text, or the package file. */
interface Source {
  format: DialogFormat;
  text: string;
  file: File | null;
}

/**
 * Import questions from GIFT, Aiken, Moodle XML or JSON (paste or choose a file) or from a QTI
 * package (choose a .zip): preview (a dry run: the parsed questions, warnings, skipped items,
 * errors with their line or item number), then import all of them (nothing when any has an
 * error) or only the valid ones.
 */
@Component({
  selector: 'app-import-dialog',
  imports: [
    DecimalPipe,
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

  protected readonly formats: readonly DialogFormat[] = [...IMPORT_FORMATS, PACKAGE_FORMAT];
  protected readonly formatLabels = IMPORT_FORMAT_LABELS;
  protected readonly formatTypes = IMPORT_FORMAT_TYPES;
  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  protected readonly maxBytes = MAX_IMPORT_BYTES;
  protected readonly placeholders = PLACEHOLDERS;

  protected readonly format = signal<DialogFormat>('gift');
  protected readonly text = signal('');
  protected readonly fileName = signal<string | null>(null);
  /** The chosen package (QTI): sent as it is, never read here. */
  protected readonly packageFile = signal<File | null>(null);
  protected readonly isPackage = computed(() => this.format() === PACKAGE_FORMAT);
  protected readonly hasInput = computed(() =>
    this.isPackage() ? this.packageFile() !== null : this.text().trim() !== '',
  );
  protected readonly busy = signal<'preview' | 'import' | null>(null);
  protected readonly problem = signal<string | null>(null);
  /** The last preview, and what it was made of (a change makes it stale). */
  protected readonly outcome = signal<ImportOutcome | null>(null);
  private readonly previewed = signal<Source | null>(null);

  protected readonly stale = computed(() => {
    const p = this.previewed();
    if (!p) return false;
    if (p.format !== this.format()) return true;
    return this.isPackage() ? p.file !== this.packageFile() : p.text !== this.text();
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
  protected busyLabel(busy: string | null): string {
    return busy === 'preview'
      ? $localize`:@@author.import.reading:Reading the questions`
      : $localize`:@@author.import.importing:Importing`;
  }

  protected goToLineLabel(where: string): string {
    return $localize`:@@author.import.goToLine:${where}:where:: go to the line`;
  }

  protected chooseFile(): void {
    this.fileInput()?.nativeElement.click();
  }

  protected async fileChosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.problem.set(null);
    const guessed = formatFromFileName(file.name);
    if (guessed === PACKAGE_FORMAT || (guessed === null && this.isPackage())) {
      const problem = tooLarge(file, MAX_PACKAGE_BYTES);
      if (problem) {
        this.problem.set(problem);
        return;
      }
      this.packageFile.set(file);
      this.fileName.set(file.name);
      this.format.set(PACKAGE_FORMAT);
      this.announcer.announce(
        $localize`:@@author.import.chosen:${file.name}:name: chosen. Preview it next.`,
      );
      return;
    }
    try {
      const text = await readTextFile(file, this.maxBytes);
      this.text.set(text);
      this.fileName.set(file.name);
      const guessed = formatFromFileName(file.name);
      if (guessed) this.format.set(guessed);
      this.announcer.announce(
        $localize`:@@author.import.loadedAnnounce:${file.name}:name: loaded. Preview it next.`,
      );
    } catch (error) {
      this.problem.set(
        error instanceof Error
          ? error.message
          : $localize`:@@author.import.unreadable:The file could not be read.`,
      );
    }
  }

  /** The import request for `source` (a text format, or a package sent as it is). */
  private send(
    source: Source,
    options: { dryRun?: boolean; partial?: boolean },
  ): Observable<ImportReport> {
    const { format, text, file } = source;
    return format === PACKAGE_FORMAT
      ? this.api.importPackage(this.data.examId, file as File, options)
      : this.api.importQuestions(this.data.examId, format, text, options);
  }

  protected preview(): void {
    const source: Source = {
      format: this.format(),
      text: this.text(),
      file: this.packageFile(),
    };
    if (!this.hasInput()) {
      this.problem.set(
        this.isPackage()
          ? $localize`:@@author.import.needPackage:Choose a package (.zip) first.`
          : $localize`:@@author.import.needInput:Paste the questions or choose a file first.`,
      );
      return;
    }
    this.problem.set(null);
    this.busy.set('preview');
    this.send(source, { dryRun: true }).subscribe({
      next: (report) => {
        this.busy.set(null);
        const outcome = outcomeFromReport(report);
        this.outcome.set(outcome);
        this.previewed.set(source);
        const summary = outcomeSummary(outcome);
        this.announcer.announce(
          $localize`:@@author.import.previewAnnounce:Preview: ${summary}:summary:.`,
        );
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
        // A package that cannot be read at all is refused (422) with its reason as the error.
        const outcome = outcomeFromError(error);
        if (outcome) {
          this.outcome.set(outcome);
          this.previewed.set(source);
        }
        this.problem.set(apiErrorMessage(error));
      },
    });
  }

  protected import(partial: boolean): void {
    const previewed = this.previewed();
    if (!previewed || this.stale()) return;
    this.problem.set(null);
    this.busy.set('import');
    this.send(previewed, { partial }).subscribe({
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
