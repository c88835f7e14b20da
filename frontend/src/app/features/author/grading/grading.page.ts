import { DecimalPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  numberAttribute,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';

import { apiErrorMessage } from '../../../core/api/api-error';
import type { GradingAnswer, GradingOverview } from '../../../core/api/api-types';
import { GradingApi } from '../../../core/api/grading-api';
import { PageTitleStrategy } from '../../../core/page-title.strategy';
import { MarkdownPipe } from '../../../shared/markdown.pipe';
import { ExamLoadProblem } from '../exam-load-problem';
import { QUESTION_TYPE_LABELS } from '../editor/question-form';
import { GradeCard } from './grade-card';

export type GradingMode = 'question' | 'student';
export type GradingFilter = 'ungraded' | 'all';
export const PER_PAGE = 50;

/** Progress over the answers that need a person: graded of (graded + waiting), in percent. */
export function gradingProgress(overview: GradingOverview): {
  waiting: number;
  done: number;
  percent: number;
} {
  const waiting = overview.ungraded;
  const done = overview.questions
    .filter((q) => q.type === 'essay')
    .reduce((sum, q) => sum + q.graded, 0);
  const all = waiting + done;
  return { waiting, done, percent: all === 0 ? 100 : Math.round((100 * done) / all) };
}

/** The first question (or attempt) with answers waiting, else the first one. */
export function firstToGrade(overview: GradingOverview, mode: GradingMode): number | null {
  if (mode === 'question') {
    const q = overview.questions.find((x) => x.ungraded > 0) ?? overview.questions[0];
    return q?.question_id ?? null;
  }
  const a = overview.attempts.find((x) => x.awaiting_grading > 0) ?? overview.attempts[0];
  return a?.attempt_id ?? null;
}

/**
 * An exam's grading: the answers that need a person (essays) and any answer to override,
 * question by question across students or student by student; points and a comment each.
 */
@Component({
  selector: 'app-grading-page',
  imports: [
    DecimalPipe,
    ExamLoadProblem,
    GradeCard,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    MarkdownPipe,
  ],
  templateUrl: './grading.page.html',
  styleUrl: './grading.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GradingPage {
  private readonly api = inject(GradingApi);
  private readonly titles = inject(PageTitleStrategy);
  private readonly snackBar = inject(MatSnackBar);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  /** After a grade the list reloads; the focus then goes on to the next answer's points. */
  private focusNext = false;

  /** Route parameter `:id`. */
  readonly id = input.required({ transform: numberAttribute });
  private readonly validId = computed(() =>
    Number.isInteger(this.id()) && this.id() > 0 ? this.id() : undefined,
  );

  protected readonly mode = signal<GradingMode>('question');
  protected readonly filter = signal<GradingFilter>('ungraded');
  protected readonly page = signal(1);
  protected readonly typeLabels = QUESTION_TYPE_LABELS;

  protected readonly overview = rxResource({
    params: () => this.validId(),
    stream: ({ params: id }) => this.api.overview(id),
  });

  /** The question or attempt shown: the first with answers waiting, until the grader picks. */
  protected readonly selected = linkedSignal<
    { mode: GradingMode; overview: GradingOverview | undefined },
    number | null
  >({
    source: () => ({
      mode: this.mode(),
      overview: this.overview.hasValue() ? this.overview.value() : undefined,
    }),
    computation: (source, previous) => {
      if (!source.overview) return previous?.value ?? null;
      if (previous && previous.source.mode === source.mode && previous.value !== null) {
        return previous.value;
      }
      return firstToGrade(source.overview, source.mode);
    },
  });

  protected readonly answers = rxResource({
    params: () => {
      const examId = this.validId();
      const selected = this.selected();
      if (examId === undefined || selected === null) return undefined;
      return {
        examId,
        query: {
          ...(this.mode() === 'question' ? { question_id: selected } : { attempt_id: selected }),
          state: this.filter(),
          page: this.page(),
          per_page: PER_PAGE,
        },
      };
    },
    stream: ({ params }) => this.api.answers(params.examId, params.query),
  });

  /** Grading question by question: the question shown above its answers. */
  protected readonly selectedQuestion = computed(() => {
    if (this.mode() !== 'question' || !this.overview.hasValue()) return null;
    return this.overview.value().questions.find((q) => q.question_id === this.selected()) ?? null;
  });
  protected readonly progress = computed(() =>
    this.overview.hasValue() ? gradingProgress(this.overview.value()) : null,
  );
  protected readonly pages = computed(() =>
    this.answers.hasValue() ? Math.max(1, Math.ceil(this.answers.value().total / PER_PAGE)) : 1,
  );
  protected readonly notFound = computed(() => {
    const error = this.overview.error();
    return (
      this.validId() === undefined || (error instanceof HttpErrorResponse && error.status === 404)
    );
  });
  protected readonly loadError = computed(() => {
    const error = this.overview.error();
    return error && !this.notFound() ? apiErrorMessage(error) : null;
  });

  constructor() {
    effect(() => {
      if (this.overview.hasValue()) {
        const title = this.overview.value().title;
        this.titles.setPageTitle($localize`:@@author.grading.pageTitle:Grading: ${title}:title:`);
      }
    });
    effect(() => {
      if (!this.answers.hasValue() || this.answers.isLoading() || !this.focusNext) return;
      this.focusNext = false;
      afterNextRender(
        () => {
          const root = this.host.nativeElement;
          const next =
            root.querySelector<HTMLElement>('app-grade-card input[type=number]') ??
            root.querySelector<HTMLElement>('.progress-summary p');
          next?.focus();
        },
        { injector: this.injector },
      );
    });
  }

  protected setMode(mode: GradingMode): void {
    this.mode.set(mode);
    this.page.set(1);
  }

  protected setFilter(filter: GradingFilter): void {
    this.filter.set(filter);
    this.page.set(1);
  }

  protected gradedLabel(percent: number): string {
    return $localize`:@@author.grading.gradedPercent:Graded: ${percent}:percent: %`;
  }

  protected select(id: number): void {
    this.selected.set(id);
    this.page.set(1);
  }

  protected onGraded(saved: GradingAnswer): void {
    this.snackBar.open(
      $localize`:@@author.grading.saved:Grade saved for ${saved.student_name}:name:.`,
      undefined,
      { duration: 3000 },
    );
    this.focusNext = true;
    this.overview.reload();
    this.answers.reload();
  }
}
