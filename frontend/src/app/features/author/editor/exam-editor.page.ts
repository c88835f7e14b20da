import { LiveAnnouncer } from '@angular/cdk/a11y';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { type Observable, of, switchMap } from 'rxjs';

import { apiErrorMessage } from '../../../core/api/api-error';
import type {
  AuthorExam,
  PublishProblems,
  QuestionExportFormat,
} from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { Notifier } from '../../../core/notifier';
import { PageTitleStrategy } from '../../../core/page-title.strategy';
import { Busy } from '../../../shared/busy';
import { Downloader } from '../../../shared/download';
import { FocusMover } from '../../../shared/focus';
import { ExamBankSection } from '../../bank/exam-bank-section';
import { ExamLifecycle } from '../exam-lifecycle';
import { ExamLoadProblem } from '../exam-load-problem';
import { EditorHeader } from './editor-header';
import { ExamQuestions } from './exam-questions';
import { ExamSettings } from './exam-settings';
import { ExamSettingsForm } from './exam-settings-form';
import { PublishChecklist } from './publish-checklist';
import { problemCount, problemsByQuestion } from './publish-problems';

/** The file name's ending per export format (the server names the file too). */
/**
 * The exam editor: its head (status, life-cycle actions), the publish checklist, the settings
 * and the questions. This page loads the exam and keeps the one copy of it that its parts
 * show; `/author/exams/new` creates the exam on the first save.
 */
/** The name a download gets when the server's Content-Disposition gives none. */
const EXPORT_FILE_NAMES: Record<QuestionExportFormat, (id: number) => string> = {
  gift: (id) => `exam-${id}.gift.txt`,
  json: (id) => `exam-${id}.json`,
  moodle_xml: (id) => `exam-${id}.moodle.xml`,
  qti: (id) => `exam-${id}.qti.zip`,
};

@Component({
  selector: 'app-exam-editor-page',
  imports: [
    ExamLoadProblem,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    EditorHeader,
    ExamQuestions,
    ExamSettingsForm,
    PublishChecklist,
    ExamBankSection,
  ],
  templateUrl: './exam-editor.page.html',
  styleUrl: './exam-editor.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamEditorPage {
  private readonly api = inject(AuthorApi);
  private readonly lifecycle = inject(ExamLifecycle);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly titles = inject(PageTitleStrategy);
  private readonly downloader = inject(Downloader);
  private readonly focus = inject(FocusMover);

  /** Route parameter `:id`: a number, or "new". */
  readonly id = input<string | undefined>();
  /** Query parameter `course` of a new exam: "New exam in this course" on a course page. */
  readonly course = input<string | undefined>();

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

  private readonly settingsForm = viewChild(ExamSettingsForm);
  private readonly questions = viewChild(ExamQuestions);
  private readonly checklist = viewChild(PublishChecklist);

  protected readonly readOnly = computed(() => this.exam()?.status === 'archived');
  protected readonly gradingLocked = computed(() => (this.exam()?.attempt_count ?? 0) > 0);
  protected readonly questionsLocked = computed(() => this.readOnly() || this.gradingLocked());
  /** Why importing is off (shown next to the disabled button), or null. */
  protected readonly importBlocked = computed(() => {
    if (this.readOnly()) {
      return $localize`:@@author.editor.importOffArchived:Importing is off: the exam is archived (read-only).`;
    }
    if (this.gradingLocked()) {
      return $localize`:@@author.editor.importOffLocked:Importing is off: students have attempts, so the questions are locked. Copy the exam to change them.`;
    }
    return null;
  });
  /** A life-cycle action runs. */
  protected readonly busy = new Busy();
  protected readonly exporting = new Busy();

  /** The server's publish problems: from the author view, or from a refused publish (422). */
  protected readonly problems = linkedSignal<PublishProblems | null>(
    () => this.exam()?.publish_problems ?? null,
  );
  protected readonly problemsByQuestion = computed(() => problemsByQuestion(this.problems()));
  /** Set when a publish was refused: the checklist is then an alert. */
  protected readonly publishRefused = signal(false);

  protected readonly settings = new ExamSettings(
    {
      exam: this.exam,
      loaded: computed(() => (this.loaded.hasValue() ? this.loaded.value() : undefined)),
      readOnly: this.readOnly,
      gradingLocked: this.gradingLocked,
    },
    (exam, created) => this.onSaved(exam, created),
  );

  constructor() {
    effect(() => {
      const course = Number(this.course());
      if (this.isNew() && Number.isInteger(course) && course > 0) {
        untracked(() => this.settings.form.controls.course_id.setValue(course));
      }
    });
    effect(() => {
      const exam = this.exam();
      if (exam)
        this.titles.setPageTitle($localize`:@@author.editor.pageTitle:Edit: ${exam.title}:title:`);
      else if (this.isNew()) this.titles.setPageTitle($localize`:@@author.editor.newExam:New exam`);
    });
  }

  private onSaved(exam: AuthorExam, created: boolean): void {
    this.exam.set(exam);
    if (created) {
      this.notifier.info($localize`:@@author.editor.created:Exam created. Now add its questions.`);
      void this.router.navigate(['/author/exams', exam.id], { replaceUrl: true });
    }
  }

  protected onQuestionsChanged(exam: AuthorExam, reloaded: boolean): void {
    if (reloaded) this.publishRefused.set(false);
    this.exam.set(exam);
  }

  // --- life cycle ----------------------------------------------------------------------------

  /** Unsaved settings are saved first (the server publishes what it has). */
  protected publish(): void {
    const exam = this.exam();
    if (!exam || this.busy.any()) return;
    this.publishRefused.set(false);
    const saved: Observable<AuthorExam> =
      this.settings.pendingChanges() === 0 ? of(exam) : this.settings.saveIfChanged();
    saved
      .pipe(
        switchMap((current) => this.lifecycle.publish(current)),
        this.busy.track(),
      )
      .subscribe(({ published, problems }) => {
        if (published) {
          this.exam.set(published);
          return;
        }
        this.problems.set(problems);
        this.publishRefused.set(true);
        const count = problemCount(problems);
        this.announcer.announce(
          count === 1
            ? $localize`:@@author.editor.notPublished1:Not published: 1 problem to fix.`
            : $localize`:@@author.editor.notPublished:Not published: ${count}:count: problems to fix.`,
          'assertive',
        );
        this.focus.afterRender(() => this.checklist()?.element);
      });
  }

  protected unpublish(): void {
    this.act((exam) => this.lifecycle.unpublish(exam, this.busy.track()));
  }

  protected archive(): void {
    this.act((exam) => this.lifecycle.archive(exam, this.busy.track()));
  }

  protected copy(): void {
    const exam = this.exam();
    if (exam) this.lifecycle.copy(exam, this.busy.track()).subscribe();
  }

  protected remove(): void {
    const exam = this.exam();
    if (!exam) return;
    this.lifecycle
      .delete(exam, this.busy.track())
      .subscribe(() => void this.router.navigate(['/author']));
  }

  /** Runs an action that answers with the exam's new state. */
  private act(action: (exam: AuthorExam) => Observable<AuthorExam>): void {
    const exam = this.exam();
    if (exam) action(exam).subscribe((updated) => this.exam.set(updated));
  }

  // --- the rest ------------------------------------------------------------------------------

  /** From the publish checklist: to a question's row, or to the settings (null). */
  protected focusQuestion(id: number | null): void {
    const target = id === null ? this.settingsForm()?.heading : this.questions()?.item(id);
    target?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    this.focus.now(target, { preventScroll: true });
  }

  protected exportExam(format: QuestionExportFormat): void {
    const exam = this.exam();
    if (!exam || this.exporting.any()) return;
    this.downloader.download(
      this.api.exportExam(exam.id, format).pipe(this.exporting.track()),
      EXPORT_FILE_NAMES[format](exam.id),
    );
  }
}
