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
import { type MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';

import { AdminApi } from '../../core/api/admin-api';
import { type AdminUser, type AdminUserPatch, ROLES, type Role } from '../../core/api/api-types';
import { AuthService } from '../../core/auth/auth.service';
import { Notifier } from '../../core/notifier';
import { Confirmer } from '../../shared/confirm-dialog';
import { ListEmpty, ListItems, ListScaffold } from '../../shared/list-page/list-scaffold';
import { pagedList, searchTerms } from '../../shared/list-page/list-state';
import { SearchField } from '../../shared/list-page/search-field';

export const ROLE_LABELS: Record<Role, string> = {
  student: $localize`:@@author.users.role.student:Student`,
  author: $localize`:@@author.users.role.author:Author`,
  admin: $localize`:@@author.users.role.admin:Administrator`,
};

/** Accounts: search, filter by role, change a role, activate or deactivate. */
@Component({
  selector: 'app-user-admin',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatFormFieldModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTableModule,
    ListEmpty,
    ListItems,
    ListScaffold,
    SearchField,
  ],
  templateUrl: './user-admin.html',
  styleUrl: './admin-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserAdmin {
  private readonly api = inject(AdminApi);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);
  protected readonly auth = inject(AuthService);

  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly columns = ['name', 'email', 'role', 'active', 'created'];
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly roleFilter = new FormControl<Role | ''>('', { nonNullable: true });
  protected readonly q = signal('');
  protected readonly role = signal<Role | ''>('');
  protected readonly page = signal(1);
  protected readonly pageSizes = [20, 50, 100];
  protected readonly perPage = signal(this.pageSizes[0]);
  protected readonly busyId = signal<number | null>(null);

  protected readonly users = rxResource({
    params: () => ({
      q: this.q() || undefined,
      role: this.role() || undefined,
      page: this.page(),
      per_page: this.perPage(),
    }),
    stream: ({ params }) => this.api.users(params),
  });
  protected readonly list = pagedList(this.users, {
    what: $localize`:@@author.users.what:the accounts`,
    pageSizes: this.pageSizes,
    countNoun: 'account',
  });
  protected readonly rows = computed(() => this.list.shown()?.items ?? []);

  constructor() {
    const destroyRef = inject(DestroyRef);
    searchTerms(this.search).subscribe((q) => {
      this.q.set(q);
      this.page.set(1);
    });
    this.roleFilter.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe((role) => {
      this.role.set(role);
      this.page.set(1);
    });
  }

  protected roleOf(user: AdminUser): string {
    return $localize`:@@author.users.roleOf:Role of ${user.display_name}:name:`;
  }

  protected canSignIn(user: AdminUser): string {
    return $localize`:@@author.users.canSignIn:${user.display_name}:name: can sign in`;
  }

  protected isMe(user: AdminUser): boolean {
    return user.id === this.auth.user()?.id;
  }

  protected onPage(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
    this.perPage.set(event.pageSize);
  }

  protected changeRole(user: AdminUser, role: Role): void {
    if (role === user.role) return;
    const name = user.display_name;
    // One sentence per role: a translation may need to inflect the role's noun.
    const done: Record<Role, string> = {
      student: $localize`:@@author.users.nowStudent:${name}:name: is now student.`,
      author: $localize`:@@author.users.nowAuthor:${name}:name: is now author.`,
      admin: $localize`:@@author.users.nowAdmin:${name}:name: is now administrator.`,
    };
    this.update(user, { role }, done[role]);
  }

  protected toggleActive(user: AdminUser, event: MatSlideToggleChange): void {
    const active = event.checked;
    event.source.checked = user.is_active; // stays as it is until confirmed and saved
    this.confirmer
      .ask(
        active
          ? {
              title: $localize`:@@author.users.reactivate.title:Reactivate ${user.display_name}:name:?`,
              message: $localize`:@@author.users.reactivate.message:${user.email}:email: can sign in again.`,
              confirm: $localize`:@@author.users.reactivate.confirm:Reactivate`,
            }
          : {
              title: $localize`:@@author.users.deactivate.title:Deactivate ${user.display_name}:name:?`,
              message: $localize`:@@author.users.deactivate.message:${user.email}:email: can no longer sign in; their sessions end. Their exams and attempts are kept.`,
              confirm: $localize`:@@author.users.deactivate.confirm:Deactivate`,
              danger: true,
            },
      )
      .subscribe((yes) => {
        if (!yes) return;
        this.update(
          user,
          { is_active: active },
          active
            ? $localize`:@@author.users.activeAgain:${user.display_name}:name: is active again.`
            : $localize`:@@author.users.nowDeactivated:${user.display_name}:name: is deactivated.`,
        );
      });
  }

  /** Save a change; on an error (409: the last admin) the row shows the server's state again. */
  private update(user: AdminUser, changes: AdminUserPatch, done: string): void {
    this.busyId.set(user.id);
    this.api.updateUser(user.id, changes).subscribe({
      next: (saved) => {
        this.busyId.set(null);
        this.replace(saved);
        this.notifier.info(done);
      },
      error: () => {
        this.busyId.set(null);
        this.replace({ ...user });
      },
    });
  }

  private replace(user: AdminUser): void {
    const page = this.list.shown();
    if (!page) return;
    this.list.shown.set({ ...page, items: page.items.map((u) => (u.id === user.id ? user : u)) });
  }
}
