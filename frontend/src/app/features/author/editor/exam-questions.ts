import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { catchError, EMPTY, filter, switchMap } from 'rxjs';

import type { AuthorExam, Question, QuestionType } from '../../../core/api/api-types';
import { AUTHORED_QUESTION_TYPES } from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { Notifier } from '../../../core/notifier';
import { Busy } from '../../../shared/busy';
import { Confirmer } from '../../../shared/confirm-dialog';
import { FocusMover } from '../../../shared/focus';
import {
  ImportDialog,
  type ImportDialogData,
  type ImportDialogResult,
} from '../import/import-dialog';
import { QuestionDialog, type QuestionDialogData } from './question-dialog';
import { QUESTION_TYPE_ICONS, QUESTION_TYPE_LABELS, moved } from './question-form';
import { type MoveRequest, QuestionList } from './question-list';

/** The exam after a change of its questions; `reloaded`: read again from the server. */
export interface QuestionsChange {
  exam: AuthorExam;
  reloaded: boolean;
}

const DIALOG_SIZE = { maxWidth: 'calc(100vw - 16px)', maxHeight: 'calc(100dvh - 16px)' };

/**
 * The editor's questions: add (one dialog per question), edit, delete, reorder (drag or
 * buttons, keeping the keyboard on the moved question) and import. After each change the
 * exam is read again, since counts, points and publish problems follow the questions.
 */
@Component({
  selector: 'app-exam-questions',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, QuestionList],
  templateUrl: './exam-questions.html',
  styleUrls: ['./editor-sections.scss', './exam-questions.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamQuestions {
  private readonly api = inject(AuthorApi);
  private readonly dialog = inject(MatDialog);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly focus = inject(FocusMover);

  /** Null while a new exam is not created yet. */
  readonly exam = input.required<AuthorExam | null>();
  /** The publish problems by question id. */
  readonly problems = input<Map<number, string[]>>(new Map());
  /** No adding, deleting or reordering (the exam has attempts or is archived). */
  readonly locked = input(false);
  /** Why importing is off, or null. */
  readonly importBlocked = input<string | null>(null);
  readonly changed = output<QuestionsChange>();

  protected readonly busy = new Busy();
  private readonly list = viewChild<QuestionList, ElementRef<HTMLElement>>(QuestionList, {
    read: ElementRef,
  });

  protected readonly questionTypes = AUTHORED_QUESTION_TYPES;
  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  protected readonly typeIcons = QUESTION_TYPE_ICONS;

  /** A question's row in the list (focusable), e.g. for the publish checklist's links. */
  item(id: number): HTMLElement | null {
    return this.list()?.nativeElement.querySelector<HTMLElement>(`#question-${id}`) ?? null;
  }

  protected addQuestion(type: QuestionType): void {
    const exam = this.exam();
    if (exam) this.openQuestion(exam, null, type, exam.questions.length + 1);
  }

  protected editQuestion(question: Question): void {
    const exam = this.exam();
    if (exam) this.openQuestion(exam, question, question.type, this.numberOf(exam, question));
  }

  private openQuestion(
    exam: AuthorExam,
    question: Question | null,
    type: QuestionType,
    number: number,
  ): void {
    const data: QuestionDialogData = {
      examId: exam.id,
      question,
      type,
      number,
      readOnly: this.locked(),
      problems: question ? (this.problems().get(question.id) ?? []) : [],
    };
    this.dialog
      .open<QuestionDialog, QuestionDialogData, Question>(QuestionDialog, {
        ...DIALOG_SIZE,
        data,
        width: '760px',
        autoFocus: 'first-tabbable',
        disableClose: !data.readOnly,
        ariaLabel: question
          ? $localize`:@@author.questions.dialogLabel:Question ${number}:number:`
          : $localize`:@@author.questions.newDialogLabel:New question`,
      })
      .afterClosed()
      .pipe(filter((saved): saved is Question => !!saved))
      .subscribe((saved) => {
        this.notifier.info(
          question
            ? $localize`:@@author.questions.saved:Question ${number}:number: saved.`
            : $localize`:@@author.questions.added:Question added.`,
        );
        this.reload(saved.id);
      });
  }

  protected deleteQuestion(question: Question): void {
    const exam = this.exam();
    if (!exam) return;
    const number = this.numberOf(exam, question);
    this.confirmer
      .ask({
        title: $localize`:@@author.questions.delete.title:Delete question ${number}:number:?`,
        message: $localize`:@@author.questions.delete.message:“${question.text.slice(0, 120)}:text:” and its answers are deleted.`,
        confirm: $localize`:@@author.questions.delete.confirm:Delete`,
        danger: true,
      })
      .pipe(
        filter(Boolean),
        switchMap(() =>
          this.api.deleteQuestion(question.id).pipe(
            this.busy.track(),
            catchError(() => EMPTY),
          ),
        ),
      )
      .subscribe(() => {
        this.notifier.info(
          $localize`:@@author.questions.deleted:Question ${number}:number: deleted.`,
        );
        this.reload();
      });
  }

  /** Shown in the new order at once; put back if the server refuses. */
  protected moveQuestion({ from, to }: MoveRequest): void {
    const exam = this.exam();
    if (!exam || this.busy.any()) return;
    const before = exam.questions;
    const reordered = moved(before, from, to);
    this.changed.emit({ exam: { ...exam, questions: reordered }, reloaded: false });
    this.api
      .reorderQuestions(
        exam.id,
        reordered.map((q) => q.id),
      )
      .pipe(this.busy.track())
      .subscribe({
        next: (questions) => {
          this.withQuestions(questions);
          const [position, total] = [to + 1, reordered.length];
          this.announcer.announce(
            $localize`:@@author.questions.movedTo:Question moved to position ${position}:position: of ${total}:total:.`,
          );
          // Keep the keyboard where it was: on the same button of the moved question.
          const direction = to < from ? 'up' : 'down';
          this.focus.afterRender(() => {
            const item = this.item(reordered[to].id);
            const button = item?.querySelector<HTMLElement>(
              `button.move-${direction}:not([disabled])`,
            );
            return button ?? item;
          });
        },
        error: () => this.withQuestions(before),
      });
  }

  protected openImport(): void {
    const exam = this.exam();
    if (!exam || this.importBlocked()) return;
    this.dialog
      .open<ImportDialog, ImportDialogData, ImportDialogResult>(ImportDialog, {
        ...DIALOG_SIZE,
        data: { examId: exam.id, examTitle: exam.title },
        width: '880px',
        autoFocus: 'first-tabbable',
        disableClose: true,
        ariaLabel: $localize`:@@author.questions.importDialog:Import questions`,
      })
      .afterClosed()
      .pipe(filter((count): count is number => typeof count === 'number'))
      .subscribe((count) => {
        this.notifier.info(
          count === 0
            ? $localize`:@@author.questions.importedNone:No questions were imported.`
            : count === 1
              ? $localize`:@@author.questions.imported1:1 question imported.`
              : $localize`:@@author.questions.imported:${count}:count: questions imported.`,
        );
        this.reload();
      });
  }

  /** Reads the exam again after a question change; then focuses `focusId`'s row, if given. */
  private reload(focusId?: number): void {
    const exam = this.exam();
    if (!exam) return;
    this.api
      .get(exam.id)
      .pipe(this.busy.track())
      .subscribe({
        next: (fresh) => {
          this.changed.emit({ exam: fresh, reloaded: true });
          if (focusId) this.focus.afterRender(() => this.item(focusId));
        },
        // get() leaves errors to its caller: say it here (the old state stays on screen).
        error: () =>
          this.notifier.error(
            $localize`:@@author.questions.reloadFailed:The exam could not be reloaded. Reload the page.`,
          ),
      });
  }

  private withQuestions(questions: Question[]): void {
    const current = this.exam();
    if (current) this.changed.emit({ exam: { ...current, questions }, reloaded: false });
  }

  private numberOf(exam: AuthorExam, question: Question): number {
    return exam.questions.findIndex((q) => q.id === question.id) + 1;
  }
}
