import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import type { PageEvent } from '@angular/material/paginator';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import type { Observable } from 'rxjs';

import {
  type AuthorExamSummary,
  EXAM_STATUSES,
  type ExamStatus,
} from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { AuthService } from '../../../core/auth/auth.service';
import { Busy } from '../../../shared/busy';
import { ListEmpty, ListItems, ListScaffold } from '../../../shared/list-page/list-scaffold';
import {
  pagedList,
  pageParam,
  pageQuery,
  pageSizeParam,
  searchTerms,
} from '../../../shared/list-page/list-state';
import { SearchField } from '../../../shared/list-page/search-field';
import { StatusChip } from '../../../shared/status-chip';
import { problemCount } from '../editor/publish-problems';
import { ExamLifecycle } from '../exam-lifecycle';

export const PAGE_SIZES = [10, 25, 50];

const STATUS_FILTERS: { value: ExamStatus | ''; label: string }[] = [
  { value: '', label: $localize`:@@author.myExams.filter.all:All` },
  { value: 'draft', label: $localize`:@@author.myExams.filter.drafts:Drafts` },
  { value: 'published', label: $localize`:@@author.myExams.filter.published:Published` },
  { value: 'archived', label: $localize`:@@author.myExams.filter.archived:Archived` },
];

/**
 * The author's exams in every status, with their life-cycle actions. Filter, search and page
 * live in the URL (`/author?status=draft&q=…&page=2`).
 */
@Component({
  selector: 'app-my-exams-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatMenuModule,
    MatTooltipModule,
    ListEmpty,
    ListItems,
    ListScaffold,
    SearchField,
    StatusChip,
  ],
  templateUrl: './my-exams.page.html',
  styleUrl: './my-exams.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyExamsPage {
  private readonly api = inject(AuthorApi);
  private readonly router = inject(Router);
  private readonly lifecycle = inject(ExamLifecycle);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly auth = inject(AuthService);

  // Query parameters (withComponentInputBinding).
  readonly q = input('', { transform: (v: string | undefined) => (v ?? '').trim() });
  readonly status = input<ExamStatus | '', string | undefined>('', {
    transform: (v: string | undefined) =>
      EXAM_STATUSES.includes(v as ExamStatus) ? (v as ExamStatus) : '',
  });
  readonly page = input(1, { transform: pageParam });
  readonly pageSize = input(PAGE_SIZES[0], { transform: pageSizeParam(PAGE_SIZES) });

  protected readonly statusFilters = STATUS_FILTERS;
  protected readonly search = new FormControl('', { nonNullable: true });
  /** The exams an action is running on (their buttons are disabled meanwhile). */
  protected readonly busy = new Busy<number>();

  protected readonly result = rxResource({
    params: () => ({
      q: this.q(),
      status: this.status() || undefined,
      page: this.page(),
      per_page: this.pageSize(),
    }),
    stream: ({ params }) => this.api.list(params),
  });

  protected readonly list = pagedList(this.result, {
    what: $localize`:@@author.myExams.what:your exams`,
    pageSizes: PAGE_SIZES,
    countNoun: 'exam',
  });
  protected readonly filtered = computed(() => !!this.q() || !!this.status());

  constructor() {
    effect(() => {
      const q = this.q();
      if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
    });
    searchTerms(this.search).subscribe((q) => {
      if (q !== this.q()) this.navigate({ q: q || null, page: null });
    });
  }

  protected setStatus(status: ExamStatus | ''): void {
    this.navigate({ status: status || null, page: null });
  }

  protected onPage(event: PageEvent): void {
    this.navigate(pageQuery(event, PAGE_SIZES));
  }

  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.navigate({ q: null, status: null, page: null });
  }

  protected editLabel(exam: AuthorExamSummary): string {
    return exam.status === 'archived'
      ? $localize`:@@author.myExams.viewLabel:View ${exam.title}:title:`
      : $localize`:@@author.myExams.editLabel:Edit ${exam.title}:title:`;
  }

  protected publishLabel(exam: AuthorExamSummary): string {
    return $localize`:@@author.myExams.publishLabel:Publish ${exam.title}:title:`;
  }

  protected moreLabel(exam: AuthorExamSummary): string {
    return $localize`:@@author.myExams.moreLabel:More actions for ${exam.title}:title:`;
  }

  protected isMine(exam: AuthorExamSummary): boolean {
    return exam.created_by_id === this.auth.user()?.id;
  }

  // --- actions -------------------------------------------------------------------------------

  protected publish(exam: AuthorExamSummary): void {
    this.lifecycle.publish(exam, this.busy.track(exam.id)).subscribe(({ problems }) => {
      if (!problems) {
        this.result.reload();
        return;
      }
      const n = problemCount(problems);
      this.snackBar
        .open(
          n === 1
            ? $localize`:@@author.myExams.notReady1:“${exam.title}:title:” is not ready to publish: 1 problem to fix.`
            : $localize`:@@author.myExams.notReady:“${exam.title}:title:” is not ready to publish: ${n}:count: problems to fix.`,
          $localize`:@@author.myExams.show:Show`,
          { duration: 10_000, panelClass: 'app-snackbar-error', politeness: 'assertive' },
        )
        .onAction()
        .subscribe(() => void this.router.navigate(['/author/exams', exam.id]));
    });
  }

  protected unpublish(exam: AuthorExamSummary): void {
    this.reloadAfter(this.lifecycle.unpublish(exam, this.busy.track(exam.id)));
  }

  protected archive(exam: AuthorExamSummary): void {
    this.reloadAfter(this.lifecycle.archive(exam, this.busy.track(exam.id)));
  }

  protected copy(exam: AuthorExamSummary): void {
    this.lifecycle.copy(exam, this.busy.track(exam.id)).subscribe();
  }

  protected remove(exam: AuthorExamSummary): void {
    this.reloadAfter(this.lifecycle.delete(exam, this.busy.track(exam.id)));
  }

  private reloadAfter(action: Observable<unknown>): void {
    action.subscribe(() => this.result.reload());
  }

  private navigate(queryParams: Record<string, string | number | null>): void {
    void this.router.navigate([], { queryParams, queryParamsHandling: 'merge' });
  }
}
