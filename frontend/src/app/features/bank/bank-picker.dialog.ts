import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';

import type { BankCategory, BankQuestion } from '../../core/api/api-types';
import { BankApi } from '../../core/api/bank-api';
import { QUESTION_TYPE_LABELS } from '../author/editor/question-form';
import { categoryTree } from './category-tree';

export interface BankPickerData {
  examId: number;
  categories: BankCategory[];
}

/** "Add from bank": find bank questions and add them to the exam as fixed copies (their
 * current version); closes with how many were added. */
@Component({
  selector: 'app-bank-picker-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
  ],
  template: `
    <h2 mat-dialog-title i18n="@@author.bank.picker.title">Add questions from the bank</h2>
    <mat-dialog-content>
      <form class="filters" (submit)="$event.preventDefault(); search()">
        <mat-form-field>
          <mat-label i18n="@@author.bank.category">Category</mat-label>
          <mat-select [formControl]="category" (selectionChange)="search()">
            <mat-option [value]="null" i18n="@@author.bank.picker.allCategories"
              >All my categories</mat-option
            >
            @for (row of tree(); track row.category.id) {
              <mat-option [value]="row.category.id">{{ row.path }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label i18n="@@author.bank.searchText">Search text</mat-label>
          <input matInput [formControl]="q" />
        </mat-form-field>
        <button mat-stroked-button type="submit" i18n="@@author.bank.search">Search</button>
      </form>
      @if (results() === null) {
        <mat-progress-bar
          mode="indeterminate"
          aria-label="Searching the bank"
          i18n-aria-label="@@author.bank.picker.searching"
        />
      } @else if (results()!.length === 0) {
        <p i18n="@@author.bank.picker.none">No bank questions match.</p>
      }
      <ul class="results" role="list">
        @for (question of results() ?? []; track question.id) {
          <li>
            <span>
              <span class="text">{{ question.text }}</span>
              <span class="muted"> · {{ typeLabels[question.type] }}</span>
            </span>
            @if (added().has(question.id)) {
              <span class="muted" i18n="@@author.bank.picker.added">Added</span>
            } @else {
              <button
                mat-stroked-button
                type="button"
                [disabled]="busy()"
                (click)="add(question)"
                [attr.aria-label]="addLabel(question)"
                i18n="@@author.common.add"
              >
                Add
              </button>
            }
          </li>
        }
      </ul>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" (click)="close()" i18n="@@author.bank.picker.done">
        Done
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .results {
      list-style: none;
      padding: 0;
    }
    .results li {
      display: flex;
      justify-content: space-between;
      gap: 16px;
      align-items: center;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .text {
      font-weight: 500;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BankPickerDialog {
  private readonly api = inject(BankApi);
  private readonly ref = inject<MatDialogRef<BankPickerDialog, number>>(MatDialogRef);
  protected readonly data = inject<BankPickerData>(MAT_DIALOG_DATA);
  protected readonly tree = computed(() => categoryTree(this.data.categories));
  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  protected readonly category = new FormControl<number | null>(null);
  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly results = signal<BankQuestion[] | null>(null);
  protected readonly added = signal(new Set<number>());
  protected readonly busy = signal(false);

  constructor() {
    this.search();
  }

  protected search(): void {
    this.results.set(null);
    this.api
      .search({ category_id: this.category.value, q: this.q.value.trim(), per_page: 50 })
      .subscribe((page) => this.results.set(page.items));
  }

  protected addLabel(question: BankQuestion): string {
    const text = question.text.slice(0, 40);
    return $localize`:@@author.bank.picker.addLabel:Add “${text}:text:” to the exam`;
  }

  protected add(question: BankQuestion): void {
    this.busy.set(true);
    this.api.addToExam(this.data.examId, question.id).subscribe({
      next: () => {
        this.busy.set(false);
        this.added.update((ids) => new Set([...ids, question.id]));
      },
      error: () => this.busy.set(false),
    });
  }

  protected close(): void {
    this.ref.close(this.added().size);
  }
}
