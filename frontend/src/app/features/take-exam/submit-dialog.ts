import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

export interface SubmitDialogData {
  answered: number;
  total: number;
  /** Zero-based indexes of the questions without an answer. */
  unanswered: number[];
  flagged: number[];
  /** Answers not yet acknowledged by the server (they go with the submission). */
  pending: number;
  offline: boolean;
}

export type SubmitDialogResult = { kind: 'submit' } | { kind: 'goto'; index: number };

/** "Submit your answers?" — lists what is unanswered or flagged, each a link back to it. */
@Component({
  selector: 'app-submit-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule],
  template: `
    <h2 mat-dialog-title i18n="@@submit.title">Submit your answers?</h2>
    <mat-dialog-content>
      <p class="summary">
        <ng-container i18n="@@submit.summary">{data.total, plural,
          =1 {You answered <strong>{{ data.answered }} of 1</strong> question.}
          other {You answered <strong>{{ data.answered }} of {{ data.total }}</strong> questions.}
        }</ng-container
        >&ngsp;
        <ng-container i18n="@@submit.final"
          >Once submitted, answers can no longer change.</ng-container
        >
      </p>

      @if (data.unanswered.length) {
        <h3 class="list-heading" id="unanswered-heading">
          <mat-icon aria-hidden="true">radio_button_unchecked</mat-icon>
          <span i18n="@@submit.notAnswered">Not answered ({{ data.unanswered.length }})</span>
        </h3>
        <ul class="jump-list" aria-labelledby="unanswered-heading">
          @for (index of data.unanswered; track index) {
            <li>
              <button mat-stroked-button type="button" (click)="goTo(index)">
                <ng-container i18n="@@submit.question">Question {{ index + 1 }}</ng-container>
              </button>
            </li>
          }
        </ul>
      } @else {
        <p class="all-answered">
          <mat-icon aria-hidden="true">check_circle</mat-icon>
          <span i18n="@@submit.allAnswered">Every question has an answer.</span>
        </p>
      }

      @if (data.flagged.length) {
        <h3 class="list-heading" id="flagged-heading">
          <mat-icon aria-hidden="true" class="flag">flag</mat-icon>
          <span i18n="@@submit.flagged">Flagged for review ({{ data.flagged.length }})</span>
        </h3>
        <ul class="jump-list" aria-labelledby="flagged-heading">
          @for (index of data.flagged; track index) {
            <li>
              <button mat-stroked-button type="button" (click)="goTo(index)">
                <ng-container i18n="@@submit.question">Question {{ index + 1 }}</ng-container>
              </button>
            </li>
          }
        </ul>
      }

      @if (data.pending > 0) {
        <p class="note">
          <mat-icon aria-hidden="true">{{ data.offline ? 'cloud_off' : 'sync' }}</mat-icon>
          <span>
            <ng-container i18n="@@submit.pending">{data.pending, plural,
              =1 {1 answer is not on the server yet: it goes with your submission.}
              other {
                {{ data.pending }} answers are not on the server yet: they go with your submission.
              }
            }</ng-container
            >&ngsp;
            @if (data.offline) {
              <ng-container i18n="@@submit.offline"
                >You are offline: the submission is sent as soon as the connection is
                back.</ng-container
              >
            }
          </span>
        </p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close i18n="@@submit.keepAnswering">
        Keep answering
      </button>
      <button mat-flat-button type="button" (click)="submit()">
        <mat-icon class="oe-dir-icon">send</mat-icon>
        <span i18n="@@submit.confirm">Submit answers</span>
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .summary {
      margin: 0 0 8px;
    }
    .list-heading {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 16px 0 8px;
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface);

      mat-icon {
        width: 20px;
        height: 20px;
        font-size: 20px;
      }
      .flag {
        color: var(--mat-sys-tertiary);
        font-variation-settings: 'FILL' 1;
      }
    }
    .jump-list {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .all-answered,
    .note {
      display: flex;
      align-items: flex-start;
      gap: 8px;
      margin: 16px 0 0;
      color: var(--mat-sys-on-surface);
    }
    .all-answered mat-icon {
      color: var(--mat-sys-primary);
    }
    .note {
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubmitDialog {
  protected readonly data = inject<SubmitDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<SubmitDialog, SubmitDialogResult>>(MatDialogRef);

  protected goTo(index: number): void {
    this.ref.close({ kind: 'goto', index });
  }

  protected submit(): void {
    this.ref.close({ kind: 'submit' });
  }
}
