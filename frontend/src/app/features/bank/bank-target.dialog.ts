import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

import type { TreeRow } from './category-tree';

export interface BankTargetData {
  /** What is moved or copied, for the title ("“Solve for x”", "3 questions"). */
  what: string;
  rows: TreeRow[];
}

export interface BankTarget {
  action: 'move' | 'copy';
  categoryId: number;
}

/** Choose a category (the whole tree, by path) and whether to move or copy into it. */
@Component({
  selector: 'app-bank-target-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title i18n="@@author.bank.target.title">Move or copy {{ data.what }}</h2>
    <mat-dialog-content>
      <p i18n="@@author.bank.target.intro">
        Moving keeps the question and its history; copying adds a new question (version 1).
      </p>
      <mat-form-field class="full">
        <mat-label i18n="@@author.bank.target.category">Target category</mat-label>
        <mat-select [formControl]="target">
          @for (row of data.rows; track row.category.id) {
            <mat-option [value]="row.category.id">{{ row.path }}</mat-option>
          }
        </mat-select>
        @if (target.hasError('required') && target.touched) {
          <mat-error i18n="@@author.bank.target.required">Choose a category.</mat-error>
        }
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close i18n="@@author.common.cancel">
        Cancel
      </button>
      <button
        mat-stroked-button
        type="button"
        (click)="done('copy')"
        i18n="@@author.bank.target.copy"
      >
        Copy
      </button>
      <button mat-flat-button type="button" (click)="done('move')" i18n="@@author.bank.target.move">
        Move
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .full {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BankTargetDialog {
  protected readonly data = inject<BankTargetData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<BankTargetDialog, BankTarget>>(MatDialogRef);
  protected readonly target = new FormControl<number | null>(null, Validators.required);

  protected done(action: BankTarget['action']): void {
    const categoryId = this.target.value;
    if (categoryId === null) {
      this.target.markAsTouched();
      return;
    }
    this.ref.close({ action, categoryId });
  }
}
