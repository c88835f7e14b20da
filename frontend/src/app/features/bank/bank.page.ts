import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { filter } from 'rxjs';

import { apiErrorMessage } from '../../core/api/api-error';
import {
  AUTHORED_QUESTION_TYPES,
  type BankCategory,
  type BankQuestion,
  type Question,
  type QuestionCreate,
  type QuestionType,
} from '../../core/api/api-types';
import { BankApi } from '../../core/api/bank-api';
import { Notifier } from '../../core/notifier';
import { QuestionDialog, type QuestionDialogData } from '../author/editor/question-dialog';
import { QUESTION_TYPE_LABELS } from '../author/editor/question-form';
import { BankHistoryDialog } from './bank-history.dialog';
import { categoryTree } from './category-tree';

const DIALOG = { maxWidth: 'calc(100vw - 16px)', maxHeight: 'calc(100dvh - 16px)', width: '760px' };

/** The bank question as the question editor shows it (an exam question's shape). */
function asQuestion(question: BankQuestion): Question {
  const document = question.question as unknown as QuestionCreate;
  return {
    ...(document as unknown as Question),
    id: question.id,
    exam_id: 0,
    position: 0,
    bank_version_id: null,
    updated_at: question.updated_at,
    alternatives: (document.alternatives ?? []).map((a, i) => ({
      ...(a as Question['alternatives'][number]),
      id: i + 1,
      question_id: question.id,
      position: i,
    })),
  };
}

/**
 * The question bank: the category tree (mine and my courses'), the questions of the selected
 * category (with subcategories) searchable by text, type and tag, the editor (the exam
 * editor's question dialog, saving to the bank: every save is a new version) and the history.
 */
@Component({
  selector: 'app-bank-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
  ],
  templateUrl: './bank.page.html',
  styleUrl: './bank.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BankPage {
  private readonly api = inject(BankApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  protected readonly categories = signal<BankCategory[]>([]);
  protected readonly tree = computed(() => categoryTree(this.categories()));
  protected readonly selected = signal<number | null>(null);
  protected readonly questions = signal<BankQuestion[] | null>(null);
  protected readonly total = signal(0);
  protected readonly types = AUTHORED_QUESTION_TYPES;
  protected readonly typeLabels = QUESTION_TYPE_LABELS;

  protected readonly categoryName = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(200)],
  });
  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly type = new FormControl<QuestionType | null>(null);
  protected readonly tag = new FormControl('', { nonNullable: true });
  protected readonly newTags = new FormControl('', { nonNullable: true });

  constructor() {
    this.loadCategories();
  }

  protected readonly selectedName = computed(
    () => this.tree().find((row) => row.category.id === this.selected())?.path ?? '',
  );

  protected loadCategories(): void {
    this.api.categories().subscribe((categories) => {
      this.categories.set(categories);
      const first = this.tree()[0];
      if (this.selected() === null && first) this.select(first.category.id);
    });
  }

  protected select(id: number): void {
    this.selected.set(id);
    this.search();
  }

  protected search(): void {
    const category = this.selected();
    if (category === null) return;
    this.questions.set(null);
    this.api
      .search({
        category_id: category,
        q: this.q.value.trim(),
        type: this.type.value,
        tag: this.tag.value.trim(),
        per_page: 100,
      })
      .subscribe((page) => {
        this.questions.set(page.items);
        this.total.set(page.total);
      });
  }

  protected addCategory(inside: boolean): void {
    if (this.categoryName.invalid) {
      this.categoryName.markAsTouched();
      return;
    }
    const parent = inside ? this.selected() : null;
    this.api.createCategory({ name: this.categoryName.value.trim(), parent_id: parent }).subscribe({
      next: (category) => {
        this.categoryName.reset();
        this.notifier.info(`Category “${category.name}” created.`);
        this.categories.update((all) => [...all, category]);
        this.select(category.id);
      },
      error: (error: unknown) => this.notifier.error(apiErrorMessage(error)),
    });
  }

  protected newQuestion(): void {
    const category = this.selected();
    if (category === null) return;
    const tags = this.tagList(this.newTags.value);
    this.openEditor(null, (body) => this.api.create(category, body, tags));
  }

  protected edit(question: BankQuestion): void {
    this.openEditor(question, (body) => this.api.update(question.id, { question: body }));
  }

  protected history(question: BankQuestion): void {
    this.dialog
      .open<BankHistoryDialog, BankQuestion, BankQuestion>(BankHistoryDialog, {
        ...DIALOG,
        data: question,
        ariaLabel: 'Version history',
      })
      .afterClosed()
      .pipe(filter((restored): restored is BankQuestion => !!restored))
      .subscribe((restored) => {
        this.notifier.info(`Restored as version ${restored.version}.`);
        this.search();
      });
  }

  protected setTags(question: BankQuestion, value: string): void {
    this.api.update(question.id, { tags: this.tagList(value) }).subscribe({
      next: () => {
        this.notifier.info('Tags saved.');
        this.search();
      },
      error: (error: unknown) => this.notifier.error(apiErrorMessage(error)),
    });
  }

  protected remove(question: BankQuestion): void {
    this.api.delete(question.id).subscribe(() => {
      this.notifier.info('Question deleted.');
      this.search();
    });
  }

  private tagList(value: string): string[] {
    return value
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t);
  }

  private openEditor(question: BankQuestion | null, save: QuestionDialogData['save']): void {
    const data: QuestionDialogData = {
      examId: 0,
      question: question ? asQuestion(question) : null,
      type: question?.type ?? 'single',
      number: 1,
      readOnly: false,
      problems: [],
      save,
    };
    this.dialog
      .open<QuestionDialog, QuestionDialogData, unknown>(QuestionDialog, {
        ...DIALOG,
        data,
        autoFocus: 'first-tabbable',
        disableClose: true,
        ariaLabel: question ? 'Edit bank question' : 'New bank question',
      })
      .afterClosed()
      .pipe(filter((saved) => !!saved))
      .subscribe(() => {
        this.notifier.info(question ? 'Saved as a new version.' : 'Question added to the bank.');
        this.search();
      });
  }
}
