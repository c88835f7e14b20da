import { LiveAnnouncer } from '@angular/cdk/a11y';
import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  untracked,
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import {
  EMPTY,
  type Observable,
  catchError,
  defer,
  filter,
  finalize,
  of,
  switchMap,
  tap,
} from 'rxjs';

import { apiErrorMessage } from '../../../core/api/api-error';
import type {
  AuthorExam,
  ExamPatch,
  QuestionExportFormat,
  PublishProblems,
  Question,
  QuestionType,
  ReviewPolicy,
} from '../../../core/api/api-types';
import { QUESTION_TYPES } from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { Notifier } from '../../../core/notifier';
import { PageTitleStrategy } from '../../../core/page-title.strategy';
import { Confirmer, type ConfirmOptions } from '../../../shared/confirm-dialog';
import { Downloader } from '../../../shared/download';
import { countLabel } from '../../../shared/exam-format';
import { localTimeZoneName } from '../../../shared/local-time';
import { MarkdownPipe } from '../../../shared/markdown.pipe';
import { applyServerErrors } from '../../../shared/server-errors';
import { StatusChip } from '../../../shared/status-chip';
import {
  EXAM_LIMITS,
  REVIEW_POLICY_LABELS,
  buildExamForm,
  changedSettings,
  examToFormValue,
  formValueToPayload,
  newExamFormValue,
  syncExamFormState,
} from './exam-form';
import {
  ImportDialog,
  type ImportDialogData,
  type ImportDialogResult,
} from '../import/import-dialog';
import { QuestionDialog, type QuestionDialogData } from './question-dialog';
import { QUESTION_TYPE_ICONS, QUESTION_TYPE_LABELS, moved } from './question-form';
import { type MoveRequest, QuestionList } from './question-list';
import {
  problemChecklist,
  problemCount,
  problemsByQuestion,
  problemsFromError,
  publishedNotice,
} from './publish-problems';
import { ExamLoadProblem } from '../exam-load-problem';

type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/**
 * The exam editor: settings (saved with PATCH, only what changed), the questions (dialog per
 * question, drag-and-drop or buttons to reorder), publishing with the server's problems next
 * to each question. `/author/exams/new` creates the exam on the first save.
 */
@Component({
  selector: 'app-exam-editor-page',
  imports: [
    ExamLoadProblem,
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTooltipModule,
    MarkdownPipe,
    QuestionList,
    StatusChip,
  ],
  templateUrl: './exam-editor.page.html',
  styleUrl: './exam-editor.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamEditorPage {
  private readonly api = inject(AuthorApi);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly titles = inject(PageTitleStrategy);
  private readonly downloader = inject(Downloader);

  /** Route parameter `:id`: a number, or "new". */
  readonly id = input<string | undefined>();

  protected readonly examId = computed(() => {
    const n = Number(this.id());
    return Number.isInteger(n) && n > 0 ? n : null;
  });
  protected readonly isNew = computed(() => this.id() === 'new');

  protected readonly loaded = rxResource({
    params: () => this.examId() ?? undefined,
    stream: ({ params: id }) => this.api.get(id),
  });
  /** The exam as last received from the server (load, save, question changes). */
  protected readonly exam = linkedSignal<AuthorExam | undefined, AuthorExam | null>({
    source: () => (this.loaded.hasValue() ? this.loaded.value() : undefined),
    // While the next exam loads (e.g. right after creating one), the last one stays on screen.
    computation: (exam, previous) =>
      exam ?? (this.loaded.isLoading() ? (previous?.value ?? null) : null),
  });
  protected readonly notFound = computed(() => {
    if (this.isNew()) return false;
    const error = this.loaded.error();
    return this.examId() === null || (error instanceof HttpErrorResponse && error.status === 404);
  });
  protected readonly loadError = computed(() => {
    const error = this.loaded.error();
    return error && !this.notFound() ? apiErrorMessage(error) : null;
  });

  // --- settings form -------------------------------------------------------------------------
  protected readonly form = buildExamForm();
  protected readonly c = this.form.controls;
  protected readonly limits = EXAM_LIMITS;
  protected readonly reviewPolicies = Object.entries(REVIEW_POLICY_LABELS) as [
    ReviewPolicy,
    string,
  ][];
  protected readonly timeZone = localTimeZoneName();
  protected readonly descriptionView = signal<'write' | 'preview'>('write');
  /** The settings as the server has them (what "unsaved changes" compares with). */
  private readonly baseline = signal<ExamPatch>(formValueToPayload(newExamFormValue()));
  private readonly formValue = signal(this.form.getRawValue());
  protected readonly pendingChanges = computed(() => {
    const changes = changedSettings(this.baseline(), formValueToPayload(this.formValue()));
    return this.isNew() ? 1 : Object.keys(changes).length;
  });
  protected readonly saveState = signal<SaveState>('idle');
  protected readonly savedAt = signal<Date | null>(null);
  protected readonly formError = signal<string | null>(null);

  // --- state of the exam ---------------------------------------------------------------------
  protected readonly readOnly = computed(() => this.exam()?.status === 'archived');
  protected readonly gradingLocked = computed(() => (this.exam()?.attempt_count ?? 0) > 0);
  protected readonly questionsLocked = computed(() => this.readOnly() || this.gradingLocked());
  /** Why importing is off (shown next to the disabled button), or null. */
  protected readonly importBlocked = computed(() => {
    if (this.readOnly()) return 'Importing is off: the exam is archived (read-only).';
    if (this.gradingLocked()) {
      return 'Importing is off: students have attempts, so the questions are locked. Copy the exam to change them.';
    }
    return null;
  });
  protected readonly exporting = signal(false);
  protected readonly busy = signal(false);
  protected readonly questionsBusy = signal(false);

  /** The server's publish problems: from the author view, or from a refused publish (422). */
  protected readonly problems = linkedSignal<PublishProblems | null>(
    () => this.exam()?.publish_problems ?? null,
  );
  protected readonly problemsByQuestion = computed(() => problemsByQuestion(this.problems()));
  protected readonly checklist = computed(() =>
    problemChecklist(this.problems(), this.exam()?.questions ?? []),
  );
  protected readonly problemTotal = computed(() => problemCount(this.problems()));
  /** Set when a publish was refused: the checklist is then an alert. */
  protected readonly publishRefused = signal(false);

  protected readonly questionTypes = QUESTION_TYPES;
  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  protected readonly typeIcons = QUESTION_TYPE_ICONS;
  protected readonly countLabel = countLabel;

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.form.valueChanges
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => this.formValue.set(this.form.getRawValue()));
    // Toggles switch their field on and off (a switched-off field is not validated).
    for (const toggle of [this.c.timed, this.c.unlimited_attempts, this.c.has_pass_mark]) {
      toggle.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => this.syncState());
    }
    this.c.opens_at.valueChanges
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => this.c.closes_at.updateValueAndValidity({ emitEvent: false }));

    // A freshly loaded exam fills the form (saves and question edits do not reload it).
    effect(() => {
      if (!this.loaded.hasValue()) return;
      const exam = this.loaded.value();
      untracked(() => this.fillForm(exam));
    });
    effect(() => {
      const exam = this.exam();
      if (exam) this.titles.setPageTitle(`Edit: ${exam.title}`);
      else if (this.isNew()) this.titles.setPageTitle('New exam');
    });
    effect(() => {
      this.readOnly();
      this.gradingLocked();
      untracked(() => this.syncState());
    });
  }

  // --- settings ------------------------------------------------------------------------------

  protected save(): void {
    this.saveSettings().subscribe();
  }

  /** Saves the settings if anything changed; emits the exam, or completes empty on failure. */
  private saveSettings(): Observable<AuthorExam> {
    return defer(() => {
      const current = this.exam();
      if (this.saveState() === 'saving') return EMPTY;
      this.formError.set(null);
      if (this.form.invalid) {
        this.form.markAllAsTouched();
        this.formError.set('Some settings need your attention (marked in red).');
        this.focusFirstInvalid();
        return EMPTY;
      }
      if (current && this.pendingChanges() === 0) return of(current);
      const payload = formValueToPayload(this.form.getRawValue());
      const request = current
        ? this.api.update(current.id, changedSettings(this.baseline(), payload))
        : this.api.create(payload);
      this.saveState.set('saving');
      return request.pipe(
        tap((exam) => {
          this.saveState.set('saved');
          this.savedAt.set(new Date());
          this.exam.set(exam);
          this.baseline.set(formValueToPayload(examToFormValue(exam)));
          this.announcer.announce('Settings saved.');
          if (!current) {
            this.notifier.info('Exam created. Now add its questions.');
            void this.router.navigate(['/author/exams', exam.id], { replaceUrl: true });
          }
        }),
        catchError((error: unknown) => {
          this.saveState.set('error');
          this.formError.set(applyServerErrors(this.form, error));
          return EMPTY;
        }),
      );
    });
  }

  private fillForm(exam: AuthorExam): void {
    const value = examToFormValue(exam);
    this.form.reset(value, { emitEvent: false });
    this.formValue.set(this.form.getRawValue());
    this.baseline.set(formValueToPayload(value));
    this.syncState();
  }

  private syncState(): void {
    syncExamFormState(this.form, {
      readOnly: this.readOnly(),
      gradingLocked: this.gradingLocked(),
    });
  }

  private focusFirstInvalid(): void {
    setTimeout(() =>
      document
        .querySelector<HTMLElement>('.settings .ng-invalid input, .settings .ng-invalid textarea')
        ?.focus(),
    );
  }

  // --- life cycle ----------------------------------------------------------------------------

  protected publish(): void {
    const exam = this.exam();
    if (!exam || this.busy()) return;
    this.busy.set(true);
    this.publishRefused.set(false);
    this.saveFirst()
      .pipe(
        switchMap((saved) => this.api.publish(saved.id)),
        finalize(() => this.busy.set(false)),
      )
      .subscribe({
        next: (published) => {
          this.busy.set(false);
          this.exam.set(published);
          const notice = publishedNotice(published.title, published.warnings);
          if (notice.warn) this.notifier.warn(notice.message);
          else this.notifier.info(notice.message);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          const problems = problemsFromError(error);
          if (!problems) {
            this.notifier.error(apiErrorMessage(error));
            return;
          }
          this.problems.set(problems);
          this.publishRefused.set(true);
          this.announcer.announce(
            `Not published: ${countLabel(problemCount(problems), 'problem')} to fix.`,
            'assertive',
          );
          setTimeout(() => document.getElementById('publish-checklist')?.focus());
        },
      });
  }

  protected unpublish(): void {
    this.lifeCycle(
      {
        title: 'Take the exam back to draft?',
        message: 'It leaves the catalogue until you publish it again.',
        confirm: 'Unpublish',
      },
      (id) => this.api.unpublish(id),
      'The exam is a draft again.',
    );
  }

  protected archive(): void {
    this.lifeCycle(
      {
        title: 'Archive this exam?',
        message:
          'It leaves the catalogue and becomes read-only, for good. Attempts and results are ' +
          'kept. To reuse it later, copy it.',
        confirm: 'Archive',
        danger: true,
      },
      (id) => this.api.archive(id),
      'The exam is archived.',
    );
  }

  protected copy(): void {
    const exam = this.exam();
    if (!exam) return;
    this.busy.set(true);
    this.api.copy(exam.id).subscribe({
      next: (copy) => {
        this.busy.set(false);
        this.notifier.info(`Copied: you are editing “${copy.title}”.`);
        void this.router.navigate(['/author/exams', copy.id]);
      },
      error: () => this.busy.set(false),
    });
  }

  protected remove(): void {
    const exam = this.exam();
    if (!exam) return;
    this.confirmer
      .ask({
        title: 'Delete this exam?',
        message: `“${exam.title}” and its questions are deleted. This cannot be undone.`,
        confirm: 'Delete',
        danger: true,
      })
      .pipe(
        filter(Boolean),
        switchMap(() => this.api.delete(exam.id)),
      )
      .subscribe(() => {
        this.notifier.info(`“${exam.title}” is deleted.`);
        void this.router.navigate(['/author']);
      });
  }

  private lifeCycle(
    options: ConfirmOptions,
    action: (id: number) => Observable<AuthorExam>,
    done: string,
  ): void {
    const exam = this.exam();
    if (!exam) return;
    this.confirmer
      .ask(options)
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.set(true);
          return action(exam.id);
        }),
      )
      .subscribe({
        next: (updated) => {
          this.busy.set(false);
          this.exam.set(updated);
          this.notifier.info(done);
        },
        error: () => this.busy.set(false),
      });
  }

  /** Unsaved settings are saved before publishing (the server publishes what it has). */
  private saveFirst(): Observable<AuthorExam> {
    const exam = this.exam()!;
    return this.pendingChanges() === 0 ? of(exam) : this.saveSettings();
  }

  // --- questions -----------------------------------------------------------------------------

  protected addQuestion(type: QuestionType): void {
    const exam = this.exam();
    if (!exam) return;
    this.openQuestion(null, type, exam.questions.length + 1);
  }

  protected editQuestion(question: Question): void {
    const exam = this.exam();
    if (!exam) return;
    const number = exam.questions.findIndex((q) => q.id === question.id) + 1;
    this.openQuestion(question, question.type, number);
  }

  private openQuestion(question: Question | null, type: QuestionType, number: number): void {
    const exam = this.exam()!;
    const data: QuestionDialogData = {
      examId: exam.id,
      question,
      type,
      number,
      readOnly: this.questionsLocked(),
      problems: question ? (this.problemsByQuestion().get(question.id) ?? []) : [],
    };
    this.dialog
      .open<QuestionDialog, QuestionDialogData, Question>(QuestionDialog, {
        data,
        width: '760px',
        maxWidth: 'calc(100vw - 16px)',
        maxHeight: 'calc(100dvh - 16px)',
        autoFocus: 'first-tabbable',
        disableClose: !data.readOnly,
        ariaLabel: question ? `Question ${number}` : 'New question',
      })
      .afterClosed()
      .pipe(filter((saved): saved is Question => !!saved))
      .subscribe((saved) => {
        this.notifier.info(question ? `Question ${number} saved.` : 'Question added.');
        this.refresh(saved.id);
      });
  }

  protected deleteQuestion(question: Question): void {
    const exam = this.exam();
    if (!exam) return;
    const number = exam.questions.findIndex((q) => q.id === question.id) + 1;
    this.confirmer
      .ask({
        title: `Delete question ${number}?`,
        message: `“${question.text.slice(0, 120)}” and its answers are deleted.`,
        confirm: 'Delete',
        danger: true,
      })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.questionsBusy.set(true);
          return this.api.deleteQuestion(question.id);
        }),
      )
      .subscribe({
        next: () => {
          this.notifier.info(`Question ${number} deleted.`);
          this.refresh();
        },
        error: () => this.questionsBusy.set(false),
      });
  }

  protected moveQuestion({ from, to }: MoveRequest): void {
    const exam = this.exam();
    if (!exam || this.questionsBusy()) return;
    const before = exam.questions;
    const reordered = moved(before, from, to);
    this.exam.set({ ...exam, questions: reordered });
    this.questionsBusy.set(true);
    this.api
      .reorderQuestions(
        exam.id,
        reordered.map((q) => q.id),
      )
      .subscribe({
        next: (questions) => {
          this.questionsBusy.set(false);
          const current = this.exam();
          if (current) this.exam.set({ ...current, questions });
          this.announcer.announce(`Question moved to position ${to + 1} of ${reordered.length}.`);
          // Keep the keyboard where it was: on the same button of the moved question.
          setTimeout(() => {
            const item = document.getElementById(`question-${reordered[to].id}`);
            const label = to < from ? 'up' : 'down';
            const button = item?.querySelector<HTMLButtonElement>(
              `button[aria-label$=" ${label}"]:not([disabled])`,
            );
            (button ?? item)?.focus();
          });
        },
        error: () => {
          this.questionsBusy.set(false);
          const current = this.exam();
          if (current) this.exam.set({ ...current, questions: before });
        },
      });
  }

  protected focusQuestion(id: number | null): void {
    const target = document.getElementById(id === null ? 'settings-heading' : `question-${id}`);
    target?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    target?.focus({ preventScroll: true });
  }

  /** Reload the exam after a question change: counts, points and publish problems follow. */
  private refresh(focusId?: number): void {
    const exam = this.exam();
    if (!exam) return;
    this.questionsBusy.set(true);
    this.api.get(exam.id).subscribe({
      next: (fresh) => {
        this.questionsBusy.set(false);
        this.publishRefused.set(false);
        this.exam.set(fresh);
        if (focusId) setTimeout(() => document.getElementById(`question-${focusId}`)?.focus());
      },
      error: () => this.questionsBusy.set(false),
    });
  }

  // --- import and export ---------------------------------------------------------------------

  protected openImport(): void {
    const exam = this.exam();
    if (!exam || this.importBlocked()) return;
    this.dialog
      .open<ImportDialog, ImportDialogData, ImportDialogResult>(ImportDialog, {
        data: { examId: exam.id, examTitle: exam.title },
        width: '880px',
        maxWidth: 'calc(100vw - 16px)',
        maxHeight: 'calc(100dvh - 16px)',
        autoFocus: 'first-tabbable',
        disableClose: true,
        ariaLabel: 'Import questions',
      })
      .afterClosed()
      .pipe(filter((count): count is number => typeof count === 'number'))
      .subscribe((count) => {
        this.notifier.info(
          count ? `${countLabel(count, 'question')} imported.` : 'No questions were imported.',
        );
        this.refresh();
      });
  }

  protected exportExam(format: QuestionExportFormat): void {
    const exam = this.exam();
    if (!exam || this.exporting()) return;
    this.exporting.set(true);
    this.downloader.download(
      this.api.exportExam(exam.id, format),
      format === 'gift' ? `exam-${exam.id}.gift.txt` : `exam-${exam.id}.json`,
      () => this.exporting.set(false),
    );
  }
}
