import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { Router } from '@angular/router';

import { AuditTrail } from './audit-trail';
import { LtiPlatforms } from './lti-platforms';
import { UserAdmin } from './user-admin';

const TABS = ['users', 'audit', 'platforms'] as const;

/** Administration: accounts and roles, the audit trail, learning platforms (LTI). The tab is in the URL (`?tab=audit`). */
@Component({
  selector: 'app-admin-page',
  imports: [MatTabsModule, UserAdmin, AuditTrail, LtiPlatforms],
  template: `
    <div class="page">
      <h1 class="page-title" i18n="@@author.admin.title">Administration</h1>
      <mat-tab-group
        [selectedIndex]="tabIndex()"
        (selectedIndexChange)="selectTab($event)"
        mat-stretch-tabs="false"
        mat-align-tabs="start"
        animationDuration="0ms"
      >
        <mat-tab label="Users" i18n-label="@@author.admin.tab.users">
          <ng-template matTabContent><app-user-admin /></ng-template>
        </mat-tab>
        <mat-tab label="Audit trail" i18n-label="@@author.admin.tab.audit">
          <ng-template matTabContent><app-audit-trail /></ng-template>
        </mat-tab>
        <mat-tab label="Learning platforms" i18n-label="@@author.admin.tab.platforms">
          <ng-template matTabContent><app-lti-platforms /></ng-template>
        </mat-tab>
      </mat-tab-group>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPage {
  private readonly router = inject(Router);

  /** Query parameter `tab`. */
  readonly tab = input<string | undefined>();
  protected readonly tabIndex = computed(() =>
    Math.max(0, TABS.indexOf(this.tab() as (typeof TABS)[number])),
  );

  protected selectTab(index: number): void {
    void this.router.navigate([], {
      queryParams: { tab: index === 0 ? null : TABS[index] },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }
}
