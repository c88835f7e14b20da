import { DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';

import { apiErrorMessage } from '../../core/api/api-error';
import type { AuthorExam, BankCategory, ExamSlot } from '../../core/api/api-types';
import { AuthorApi } from '../../core/api/author-api';
import { BankApi } from '../../core/api/bank-api';
import { Notifier } from '../../core/notifier';
import { BankPickerDialog, type BankPickerData } from './bank-picker.dialog';
import { categoryTree } from './category-tree';

/**
 * The exam editor's questions from the bank: "Add from bank" (fixed copies) and random slots
 * ("n questions from category C, tagged T, P points each", drawn per student at start).
 * Emits the exam read again after each change (counts and points follow).
 */
@Component({
  selector: 'app-exam-bank-section',
  imports: [
    DecimalPipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
  ],
  templateUrl: './exam-bank-section.html',
  styleUrl: './exam-bank-section.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamBankSection {
  private readonly bank = inject(BankApi);
  private readonly author = inject(AuthorApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  readonly exam = input.required<AuthorExam>();
  readonly locked = input(false);
  readonly changed = output<AuthorExam>();

  /** Loaded when first needed (opening the picker or the random-questions form). */
  protected readonly categories = signal<BankCategory[] | null>(null);
  protected readonly tree = computed(() => categoryTree(this.categories() ?? []));
  protected readonly slots = computed<ExamSlot[]>(() => this.exam().slots);
  protected readonly slotFormOpen = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected readonly slotForm = new FormGroup({
    category_id: new FormControl<number | null>(null, Validators.required),
    tag: new FormControl('', { nonNullable: true }),
    count: new FormControl<number | null>(1, [Validators.required, Validators.min(1)]),
    points: new FormControl<number | null>(1, [Validators.required, Validators.min(0.01)]),
  });

  private withCategories(then: () => void): void {
    if (this.categories() !== null) {
      then();
      return;
    }
    this.bank.categories().subscribe((categories) => {
      this.categories.set(categories);
      then();
    });
  }

  protected openSlotForm(): void {
    this.withCategories(() => this.slotFormOpen.set(true));
  }

  protected categoryPath(id: number): string {
    return (
      this.tree().find((row) => row.category.id === id)?.path ??
      $localize`:@@author.bankSection.categoryId:category ${id}:id:`
    );
  }

  protected pick(): void {
    this.withCategories(() => this.openPicker());
  }

  private openPicker(): void {
    this.dialog
      .open<BankPickerDialog, BankPickerData, number>(BankPickerDialog, {
        maxWidth: 'calc(100vw - 16px)',
        width: '760px',
        data: { examId: this.exam().id, categories: this.categories() ?? [] },
        ariaLabel: $localize`:@@author.bank.picker.title:Add questions from the bank`,
      })
      .afterClosed()
      .subscribe((added) => {
        if (added) {
          this.notifier.info(
            $localize`:@@author.bankSection.added:${added}:count: question(s) added from the bank.`,
          );
          this.reload();
        }
      });
  }

  protected addSlot(): void {
    this.formError.set(null);
    if (this.slotForm.invalid) {
      this.slotForm.markAllAsTouched();
      this.formError.set(
        $localize`:@@author.bankSection.invalid:Choose a category, a count of at least 1 and points above 0.`,
      );
      return;
    }
    const value = this.slotForm.getRawValue();
    this.bank
      .addSlot(this.exam().id, {
        category_id: value.category_id!,
        tag: value.tag.trim() || null,
        count: value.count!,
        points: value.points!,
      })
      .subscribe({
        next: () => {
          this.notifier.info($localize`:@@author.bankSection.slotAdded:Random questions added.`);
          this.slotFormOpen.set(false);
          this.reload();
        },
        error: (error: unknown) => this.formError.set(apiErrorMessage(error)),
      });
  }

  protected removeSlot(slot: ExamSlot): void {
    this.bank.deleteSlot(this.exam().id, slot.id).subscribe(() => {
      this.notifier.info($localize`:@@author.bankSection.slotRemoved:Random questions removed.`);
      this.reload();
    });
  }

  protected removeSlotLabel(slot: ExamSlot): string {
    const n = slot.position + 1;
    return $localize`:@@author.bankSection.removeSlot:Remove random slot ${n}:number:`;
  }

  private reload(): void {
    this.author.get(this.exam().id).subscribe((exam) => this.changed.emit(exam));
  }
}
