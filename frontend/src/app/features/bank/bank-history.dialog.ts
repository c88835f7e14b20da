import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatListModule } from '@angular/material/list';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import type { BankQuestion, BankVersion } from '../../core/api/api-types';
import { BankApi } from '../../core/api/bank-api';

/** A bank question's versions, newest first; restoring one makes it the newest version. */
@Component({
  selector: 'app-bank-history-dialog',
  imports: [DatePipe, MatButtonModule, MatDialogModule, MatListModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title i18n="@@author.bank.history.title">
      History of “{{ data.text.slice(0, 60) }}”
    </h2>
    <mat-dialog-content>
      @if (versions() === null) {
        <mat-progress-bar
          mode="indeterminate"
          aria-label="Loading the history"
          i18n-aria-label="@@author.bank.history.loading"
        />
      }
      <ol class="versions">
        @for (version of versions() ?? []; track version.id) {
          <li>
            <div>
              <strong i18n="@@author.bank.history.version">Version {{ version.number }}</strong>
              @if (version.number === data.version) {
                <ng-container i18n="@@author.bank.history.current">(current)</ng-container>
              }
              <span class="muted"> · {{ version.created_at | date: 'medium' }}</span>
              <p class="version-text">{{ version.document['text'] }}</p>
            </div>
            @if (version.number !== data.version) {
              <button
                mat-stroked-button
                type="button"
                [disabled]="busy()"
                (click)="restore(version)"
                [attr.aria-label]="restoreLabel(version)"
                i18n="@@author.bank.history.restore"
              >
                Restore
              </button>
            }
          </li>
        }
      </ol>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close type="button" i18n="@@author.common.close">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .versions {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .versions li {
      display: flex;
      gap: 16px;
      justify-content: space-between;
      align-items: center;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .version-text {
      margin: 4px 0 0;
      white-space: pre-wrap;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BankHistoryDialog {
  private readonly api = inject(BankApi);
  private readonly ref = inject<MatDialogRef<BankHistoryDialog, BankQuestion>>(MatDialogRef);
  protected readonly data = inject<BankQuestion>(MAT_DIALOG_DATA);
  protected readonly versions = signal<BankVersion[] | null>(null);
  protected readonly busy = signal(false);

  constructor() {
    this.api.versions(this.data.id).subscribe((versions) => this.versions.set(versions));
  }

  protected restoreLabel(version: BankVersion): string {
    return $localize`:@@author.bank.history.restoreLabel:Restore version ${version.number}:number:`;
  }

  protected restore(version: BankVersion): void {
    this.busy.set(true);
    this.api.restore(this.data.id, version.number).subscribe({
      next: (question) => this.ref.close(question),
      error: () => this.busy.set(false),
    });
  }
}
