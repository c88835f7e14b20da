import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { apiErrorMessage } from '../../core/api/api-error';
import type { ClassListReport } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { FocusMover } from '../../shared/focus';
import {
  CLASS_LIST_ACTION_LABELS,
  errorWhere,
  fileProblem,
  hiddenRows,
  reportFromError,
  reportSummary,
} from './class-list';

export interface ClassListDialogData {
  courseId: number;
  courseName: string;
}

/**
 * Upload a class list (CSV: email, name and optionally external_id): the preview first (a dry
 * run: what each row will do, the errors with their line), then enrol all (nothing when any
 * row has an error) or only the valid rows. Closes with the applied report.
 */
@Component({
  selector: 'app-class-list-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatProgressBarModule],
  templateUrl: './class-list-dialog.html',
  styleUrl: './class-list-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClassListDialog {
  private readonly api = inject(CoursesApi);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly focus = inject(FocusMover);
  private readonly ref = inject<MatDialogRef<ClassListDialog, ClassListReport>>(MatDialogRef);
  protected readonly data = inject<ClassListDialogData>(MAT_DIALOG_DATA);

  protected readonly file = signal<File | null>(null);
  protected readonly report = signal<ClassListReport | null>(null);
  protected readonly busy = signal<'preview' | 'apply' | null>(null);
  protected readonly problem = signal<string | null>(null);

  protected readonly actionLabels = CLASS_LIST_ACTION_LABELS;
  protected readonly errorWhere = errorWhere;
  protected readonly reportSummary = reportSummary;
  protected readonly hiddenRows = hiddenRows;

  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');
  private readonly previewHeading = viewChild<ElementRef<HTMLElement>>('previewHeading');

  protected busyLabel(busy: 'preview' | 'apply' | null): string {
    return busy === 'preview'
      ? $localize`:@@author.classList.checking:Checking the class list`
      : $localize`:@@author.classList.enrolling:Enrolling`;
  }

  protected chooseFile(): void {
    this.fileInput()?.nativeElement.click();
  }

  protected fileChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.report.set(null);
    const problem = fileProblem(file);
    this.problem.set(problem);
    this.file.set(problem ? null : file);
    if (!problem) this.preview(file);
  }

  private preview(file: File): void {
    this.busy.set('preview');
    this.api.uploadClassList(this.data.courseId, file, { dryRun: true }).subscribe({
      next: (report) => {
        this.busy.set(null);
        this.showReport(report);
      },
      error: (error: unknown) => {
        this.busy.set(null);
        this.file.set(null);
        this.problem.set(apiErrorMessage(error));
      },
    });
  }

  private showReport(report: ClassListReport): void {
    this.report.set(report);
    const summary = reportSummary(report);
    this.announcer.announce(
      $localize`:@@author.classList.previewAnnounce:Preview: ${summary}:summary:`,
    );
    this.focus.afterRender(() => this.previewHeading()?.nativeElement);
  }

  protected apply(partial: boolean): void {
    const file = this.file();
    if (!file) return;
    this.problem.set(null);
    this.busy.set('apply');
    this.api.uploadClassList(this.data.courseId, file, { dryRun: false, partial }).subscribe({
      next: (report) => this.ref.close(report),
      error: (error: unknown) => {
        this.busy.set(null);
        // Refused (422): the server's report replaces the preview.
        const report = reportFromError(error);
        if (report) this.report.set(report);
        this.problem.set(apiErrorMessage(error));
      },
    });
  }
}
