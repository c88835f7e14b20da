import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import type { PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';

import { AdminApi } from '../../core/api/admin-api';
import { ListEmpty, ListItems, ListScaffold } from '../../shared/list-page/list-scaffold';
import { pagedList } from '../../shared/list-page/list-state';
import { AUDIT_ACTIONS, actionLabel, detailLines } from './audit-format';

/** The audit trail, newest first: who did what to which account or exam. */
@Component({
  selector: 'app-audit-trail',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatFormFieldModule,
    MatSelectModule,
    MatTableModule,
    ListEmpty,
    ListItems,
    ListScaffold,
  ],
  templateUrl: './audit-trail.html',
  styleUrl: './admin-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditTrail {
  private readonly api = inject(AdminApi);

  protected readonly columns = ['at', 'actor', 'action', 'entity', 'details'];
  protected readonly actions = Object.entries(AUDIT_ACTIONS);
  protected readonly actionFilter = new FormControl('', { nonNullable: true });
  protected readonly action = signal('');
  protected readonly page = signal(1);
  protected readonly pageSizes = [20, 50, 100, 200];
  protected readonly perPage = signal(50);
  protected readonly actionLabel = actionLabel;
  protected readonly detailLines = detailLines;

  protected readonly events = rxResource({
    params: () => ({
      action: this.action() || undefined,
      page: this.page(),
      per_page: this.perPage(),
    }),
    stream: ({ params }) => this.api.audit(params),
  });
  protected readonly list = pagedList(this.events, {
    what: $localize`:@@author.audit.what:the audit trail`,
    pageSizes: this.pageSizes,
  });
  protected readonly rows = computed(() => this.list.shown()?.items ?? []);

  constructor() {
    this.actionFilter.valueChanges.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((a) => {
      this.action.set(a);
      this.page.set(1);
    });
  }

  protected onPage(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
    this.perPage.set(event.pageSize);
  }
}
