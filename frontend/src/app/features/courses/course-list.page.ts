import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import type { PageEvent } from '@angular/material/paginator';
import { Router, RouterLink } from '@angular/router';

import type { ArchivedFilter, Course } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { AuthService } from '../../core/auth/auth.service';
import { ListEmpty, ListItems, ListScaffold } from '../../shared/list-page/list-scaffold';
import {
  pagedList,
  pageParam,
  pageQuery,
  pageSizeParam,
  searchTerms,
} from '../../shared/list-page/list-state';
import { SearchField } from '../../shared/list-page/search-field';
import { CourseCreateDialog } from './course-create-dialog';

export const PAGE_SIZES = [10, 25, 50];

const ARCHIVED_FILTERS: { value: ArchivedFilter; label: string }[] = [
  { value: 'false', label: $localize`:@@author.courses.filter.active:Active` },
  { value: 'true', label: $localize`:@@author.courses.filter.archived:Archived` },
  { value: 'all', label: $localize`:@@author.courses.filter.all:All` },
];

export const ROLE_LABELS: Record<Course['my_role'], string> = {
  owner: $localize`:@@author.courses.role.owner:Owner`,
  teacher: $localize`:@@author.courses.role.teacher:Co-teacher`,
  admin: $localize`:@@author.courses.role.admin:Administrator`,
};

/** The courses I teach (an admin: every course). Filter, search and page live in the URL. */
@Component({
  selector: 'app-course-list-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    ListEmpty,
    ListItems,
    ListScaffold,
    SearchField,
  ],
  templateUrl: './course-list.page.html',
  styleUrl: './course-list.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseListPage {
  private readonly api = inject(CoursesApi);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  protected readonly auth = inject(AuthService);

  // Query parameters (withComponentInputBinding).
  readonly q = input('', { transform: (v: string | undefined) => (v ?? '').trim() });
  readonly archived = input<ArchivedFilter, string | undefined>('false', {
    transform: (v: string | undefined) => (v === 'true' || v === 'all' ? v : 'false'),
  });
  readonly page = input(1, { transform: pageParam });
  readonly pageSize = input(PAGE_SIZES[0], { transform: pageSizeParam(PAGE_SIZES) });

  protected readonly archivedFilters = ARCHIVED_FILTERS;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly search = new FormControl('', { nonNullable: true });

  protected readonly result = rxResource({
    params: () => ({
      q: this.q(),
      archived: this.archived(),
      page: this.page(),
      per_page: this.pageSize(),
    }),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly list = pagedList(this.result, {
    what: $localize`:@@author.courses.what:your courses`,
    pageSizes: PAGE_SIZES,
    countNoun: 'course',
  });
  protected readonly filtered = computed(() => !!this.q() || this.archived() !== 'false');

  constructor() {
    effect(() => {
      const q = this.q();
      if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
    });
    searchTerms(this.search).subscribe((q) => {
      if (q !== this.q()) this.navigate({ q: q || null, page: null });
    });
  }

  protected openLabel(name: string): string {
    return $localize`:@@author.courses.openLabel:Open ${name}:name:`;
  }

  protected setArchived(value: ArchivedFilter): void {
    this.navigate({ archived: value === 'false' ? null : value, page: null });
  }

  protected onPage(event: PageEvent): void {
    this.navigate(pageQuery(event, PAGE_SIZES));
  }

  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.navigate({ q: null, archived: null, page: null });
  }

  protected create(): void {
    this.dialog
      .open<CourseCreateDialog, undefined, Course>(CourseCreateDialog, {
        width: '560px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((course) => {
        if (course) void this.router.navigate(['/courses', course.id]);
      });
  }

  private navigate(queryParams: Record<string, string | number | null>): void {
    void this.router.navigate([], { queryParams, queryParamsHandling: 'merge' });
  }
}
