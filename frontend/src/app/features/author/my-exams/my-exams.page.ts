import { DatePipe } from '@angular/common';
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
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { type Observable, debounceTime, distinctUntilChanged, filter, map } from 'rxjs';

import { apiErrorMessage } from '../../../core/api/api-error';
import {
  type AuthorExamPage,
  type AuthorExamSummary,
  EXAM_STATUSES,
  type ExamStatus,
  type PublishedExam,
} from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { AuthService } from '../../../core/auth/auth.service';
import { Notifier } from '../../../core/notifier';
import { Confirmer } from '../../../shared/confirm-dialog';
import { countLabel } from '../../../shared/exam-format';
import { StatusChip } from '../../../shared/status-chip';
import { problemCount, problemsFromError, publishedNotice } from '../editor/publish-problems';

export const PAGE_SIZES = [10, 25, 50];
const SEARCH_DEBOUNCE_MS = 300;

const STATUS_FILTERS: { value: ExamStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'draft', label: 'Drafts' },
  { value: 'published', label: 'Published' },
  { value: 'archived', label: 'Archived' },
];

function positiveInt(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The author's exams in every status, with their life-cycle actions. Filter, search and page
 * live in the URL (`/author?status=draft&q=…&page=2`).
 */
@Component({
  selector: 'app-my-exams-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTooltipModule,
    StatusChip,
  ],
  templateUrl: './my-exams.page.html',
  styleUrl: './my-exams.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyExamsPage {
  private readonly api = inject(AuthorApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly snackBar = inject(MatSnackBar);
  private readonly confirmer = inject(Confirmer);
  protected readonly auth = inject(AuthService);

  // Query parameters (withComponentInputBinding).
  readonly q = input('', { transform: (v: string | undefined) => (v ?? '').trim() });
  readonly status = input<ExamStatus | '', string | undefined>('', {
    transform: (v: string | undefined) =>
      EXAM_STATUSES.includes(v as ExamStatus) ? (v as ExamStatus) : '',
  });
  readonly page = input(1, { transform: (v: string | undefined) => positiveInt(v, 1) });
  readonly pageSize = input(PAGE_SIZES[0], {
    transform: (v: string | undefined) =>
      PAGE_SIZES.includes(Number(v)) ? Number(v) : PAGE_SIZES[0],
  });

  protected readonly pageSizes = PAGE_SIZES;
  protected readonly statusFilters = STATUS_FILTERS;
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly countLabel = countLabel;
  /** The exam an action is running on (its buttons are disabled meanwhile). */
  protected readonly busyId = signal<number | null>(null);

  protected readonly result = rxResource({
    params: () => ({
      q: this.q(),
      status: this.status() || undefined,
      page: this.page(),
      per_page: this.pageSize(),
    }),
    stream: ({ params }) => this.api.list(params),
  });

  protected readonly shown = linkedSignal<AuthorExamPage | undefined, AuthorExamPage | undefined>({
    source: () => (this.result.hasValue() ? this.result.value() : undefined),
    computation: (page, previous) =>
      page ?? (this.result.isLoading() ? previous?.value : undefined),
  });
  protected readonly filtered = computed(() => !!this.q() || !!this.status());

  constructor() {
    effect(() => {
      const q = this.q();
      if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
    });
    this.search.valueChanges
      .pipe(
        map((value) => value.trim()),
        debounceTime(SEARCH_DEBOUNCE_MS),
        distinctUntilChanged(),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((q) => {
        if (q !== this.q()) this.navigate({ q: q || null, page: null });
      });
  }

  protected setStatus(status: ExamStatus | ''): void {
    this.navigate({ status: status || null, page: null });
  }

  protected onPage(event: PageEvent): void {
    this.navigate({
      page: event.pageIndex + 1 > 1 ? event.pageIndex + 1 : null,
      pageSize: event.pageSize === PAGE_SIZES[0] ? null : event.pageSize,
    });
  }

  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.navigate({ q: null, status: null, page: null });
  }

  protected isMine(exam: AuthorExamSummary): boolean {
    return exam.created_by_id === this.auth.user()?.id;
  }

  // --- actions -------------------------------------------------------------------------------

  protected publish(exam: AuthorExamSummary): void {
    const done = (published: PublishedExam) => {
      const notice = publishedNotice(published.title, published.warnings);
      if (notice.warn) this.notifier.warn(notice.message);
      else this.notifier.info(notice.message);
    };
    this.run(exam, this.api.publish(exam.id), done, (error) => {
      const problems = problemsFromError(error);
      if (!problems) {
        this.notifier.error(apiErrorMessage(error));
        return;
      }
      const n = problemCount(problems);
      this.snackBar
        .open(
          `“${exam.title}” is not ready to publish: ${countLabel(n, 'problem')} to fix.`,
          'Show',
          { duration: 10_000, panelClass: 'app-snackbar-error', politeness: 'assertive' },
        )
        .onAction()
        .subscribe(() => void this.router.navigate(['/author/exams', exam.id]));
    });
  }

  protected unpublish(exam: AuthorExamSummary): void {
    this.confirmed(
      {
        title: 'Take the exam back to draft?',
        message: `“${exam.title}” leaves the catalogue until you publish it again.`,
        confirm: 'Unpublish',
      },
      () => this.run(exam, this.api.unpublish(exam.id), `“${exam.title}” is a draft again.`),
    );
  }

  protected archive(exam: AuthorExamSummary): void {
    this.confirmed(
      {
        title: 'Archive this exam?',
        message:
          `“${exam.title}” leaves the catalogue and becomes read-only, for good. Its attempts ` +
          'and results are kept. To reuse it later, copy it.',
        confirm: 'Archive',
        danger: true,
      },
      () => this.run(exam, this.api.archive(exam.id), `“${exam.title}” is archived.`),
    );
  }

  protected copy(exam: AuthorExamSummary): void {
    this.busyId.set(exam.id);
    this.api.copy(exam.id).subscribe({
      next: (copy) => {
        this.busyId.set(null);
        this.notifier.info(`Copied: you are editing “${copy.title}”.`);
        void this.router.navigate(['/author/exams', copy.id]);
      },
      error: () => this.busyId.set(null),
    });
  }

  protected remove(exam: AuthorExamSummary): void {
    this.confirmed(
      {
        title: 'Delete this exam?',
        message: `“${exam.title}” and its questions are deleted. This cannot be undone.`,
        confirm: 'Delete',
        danger: true,
      },
      () => this.run(exam, this.api.delete(exam.id), `“${exam.title}” is deleted.`),
    );
  }

  private confirmed(options: Parameters<Confirmer['ask']>[0], action: () => void): void {
    this.confirmer
      .ask(options)
      .pipe(filter(Boolean))
      .subscribe(() => action());
  }

  /** Run an action on one exam; on success say so and reload the list. */
  /** `done`: the message to show, or what to do with the answer. */
  private run<T>(
    exam: AuthorExamSummary,
    request: Observable<T>,
    done: string | ((result: T) => void),
    onError?: (error: unknown) => void,
  ): void {
    this.busyId.set(exam.id);
    request.subscribe({
      next: (result) => {
        this.busyId.set(null);
        if (typeof done === 'string') this.notifier.info(done);
        else done(result);
        this.result.reload();
      },
      error: (error: unknown) => {
        this.busyId.set(null);
        onError?.(error);
      },
    });
  }

  private navigate(queryParams: Record<string, string | number | null>): void {
    void this.router.navigate([], { queryParams, queryParamsHandling: 'merge' });
  }
}
