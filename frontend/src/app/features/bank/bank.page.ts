import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { type Observable, filter, forkJoin } from 'rxjs';

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
import type { Course } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { Notifier } from '../../core/notifier';
import { QuestionDialog, type QuestionDialogData } from '../author/editor/question-dialog';
import { QUESTION_TYPE_LABELS } from '../author/editor/question-form';
import { BankHistoryDialog } from './bank-history.dialog';
import { type BankTarget, BankTargetDialog, type BankTargetData } from './bank-target.dialog';
import { categoryTree, parentChoices } from './category-tree';

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
    MatCheckboxModule,
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
  private readonly coursesApi = inject(CoursesApi);

  protected readonly categories = signal<BankCategory[]>([]);
  protected readonly tree = computed(() => categoryTree(this.categories()));
  protected readonly selected = signal<number | null>(null);
  protected readonly questions = signal<BankQuestion[] | null>(null);
  protected readonly total = signal(0);
  protected readonly types = AUTHORED_QUESTION_TYPES;
  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  /** The questions ticked for a move or copy together. */
  protected readonly picked = signal<ReadonlySet<number>>(new Set());
  /** Courses I teach: a top category may belong to one (shared by its teachers). */
  protected readonly courses = signal<Course[]>([]);
  protected readonly selectedCategory = computed(
    () => this.categories().find((c) => c.id === this.selected()) ?? null,
  );
  protected readonly parents = computed(() => {
    const category = this.selectedCategory();
    return category ? parentChoices(this.tree(), category) : [];
  });

  protected readonly categoryName = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(200)],
  });
  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly type = new FormControl<QuestionType | null>(null);
  protected readonly tag = new FormControl('', { nonNullable: true });
  protected readonly newTags = new FormControl('', { nonNullable: true });
  /** The owner of a new top category: null = my bank, else a course's id. */
  protected readonly owner = new FormControl<number | null>(null);
  protected readonly rename = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(200)],
  });
  protected readonly parent = new FormControl<number | null>(null);

  constructor() {
    this.loadCategories();
    this.coursesApi.list({ per_page: 100 }).subscribe((page) => this.courses.set(page.items));
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
    this.rename.setValue(this.categories().find((c) => c.id === id)?.name ?? '');
    this.parent.setValue(null);
    this.picked.set(new Set());
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
    const body = { name: this.categoryName.value.trim(), parent_id: parent };
    const course = inside ? null : this.owner.value;
    this.api.createCategory(course === null ? body : { ...body, course_id: course }).subscribe({
      next: (category) => {
        this.categoryName.reset();
        this.notifier.info(
          $localize`:@@author.bank.categoryCreated:Category “${category.name}:name:” created.`,
        );
        this.categories.update((all) => [...all, category]);
        this.select(category.id);
      },
      error: (error: unknown) => this.notifier.error(apiErrorMessage(error)),
    });
  }

  protected renameCategory(): void {
    const id = this.selected();
    if (id === null || this.rename.invalid) {
      this.rename.markAsTouched();
      return;
    }
    this.changeCategory(id, { name: this.rename.value.trim() }, 'renamed');
  }

  protected moveCategory(): void {
    const id = this.selected();
    const parent = this.parent.value;
    if (id === null || parent === null) return;
    this.changeCategory(id, { parent_id: parent }, 'moved');
  }

  private changeCategory(
    id: number,
    body: { name?: string; parent_id?: number },
    done: 'renamed' | 'moved',
  ) {
    this.api.updateCategory(id, body).subscribe({
      next: (category) => {
        this.categories.update((all) => all.map((c) => (c.id === id ? category : c)));
        const name = category.name;
        this.notifier.info(
          done === 'renamed'
            ? $localize`:@@author.bank.categoryRenamed:Category “${name}:name:” renamed.`
            : $localize`:@@author.bank.categoryMoved:Category “${name}:name:” moved.`,
        );
        this.select(id);
      },
      error: (error: unknown) => this.notifier.error(apiErrorMessage(error)),
    });
  }

  protected deleteCategory(): void {
    const category = this.selectedCategory();
    if (!category) return;
    this.api.deleteCategory(category.id).subscribe({
      next: () => {
        this.notifier.info(
          $localize`:@@author.bank.categoryDeleted:Category “${category.name}:name:” deleted.`,
        );
        this.categories.update((all) => all.filter((c) => c.id !== category.id));
        this.selected.set(null);
        this.questions.set(null);
        const first = this.tree()[0];
        if (first) this.select(first.category.id);
      },
      error: (error: unknown) => this.notifier.error(apiErrorMessage(error)),
    });
  }

  protected saveTagsLabel(question: BankQuestion): string {
    const text = question.text.slice(0, 40);
    return $localize`:@@author.bank.saveTagsLabel:Save tags of ${text}:text:`;
  }

  protected transferLabel(question: BankQuestion): string {
    const text = question.text.slice(0, 40);
    return $localize`:@@author.bank.transferLabel:Move or copy ${text}:text:`;
  }

  protected togglePicked(id: number, on: boolean): void {
    this.picked.update((ids) => {
      const next = new Set(ids);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  /** Move or copy one question, or (none given) the ticked ones, to a chosen category. */
  protected transfer(question?: BankQuestion): void {
    const ids = question ? [question.id] : [...this.picked()];
    if (ids.length === 0) return;
    const count = ids.length;
    const what = question
      ? `“${question.text.slice(0, 60)}”`
      : $localize`:@@author.bank.nQuestions:${count}:count: question(s)`;
    this.dialog
      .open<BankTargetDialog, BankTargetData, BankTarget>(BankTargetDialog, {
        ...DIALOG,
        width: '520px',
        data: { what, rows: this.tree() },
        ariaLabel: $localize`:@@author.bank.transferDialog:Move or copy questions`,
      })
      .afterClosed()
      .pipe(filter((target): target is BankTarget => !!target))
      .subscribe(({ action, categoryId }) => {
        const calls: Observable<BankQuestion>[] = ids.map((id) =>
          action === 'move' ? this.api.move(id, categoryId) : this.api.copy(id, categoryId),
        );
        const path = this.tree().find((row) => row.category.id === categoryId)?.path ?? '';
        forkJoin(calls).subscribe({
          next: () => {
            this.notifier.info(
              action === 'move'
                ? $localize`:@@author.bank.moved:Moved ${count}:count: question(s) to “${path}:path:”.`
                : $localize`:@@author.bank.copied:Copied ${count}:count: question(s) to “${path}:path:”.`,
            );
            this.picked.set(new Set());
            this.search();
          },
          error: (error: unknown) => {
            this.notifier.error(apiErrorMessage(error));
            this.search();
          },
        });
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
        ariaLabel: $localize`:@@author.bank.historyDialog:Version history`,
      })
      .afterClosed()
      .pipe(filter((restored): restored is BankQuestion => !!restored))
      .subscribe((restored) => {
        this.notifier.info(
          $localize`:@@author.bank.restored:Restored as version ${restored.version}:version:.`,
        );
        this.search();
      });
  }

  protected setTags(question: BankQuestion, value: string): void {
    this.api.update(question.id, { tags: this.tagList(value) }).subscribe({
      next: () => {
        this.notifier.info($localize`:@@author.bank.tagsSaved:Tags saved.`);
        this.search();
      },
      error: (error: unknown) => this.notifier.error(apiErrorMessage(error)),
    });
  }

  protected remove(question: BankQuestion): void {
    this.api.delete(question.id).subscribe(() => {
      this.notifier.info($localize`:@@author.bank.questionDeleted:Question deleted.`);
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
        ariaLabel: question
          ? $localize`:@@author.bank.editDialog:Edit bank question`
          : $localize`:@@author.bank.newDialog:New bank question`,
      })
      .afterClosed()
      .pipe(filter((saved) => !!saved))
      .subscribe(() => {
        this.notifier.info(
          question
            ? $localize`:@@author.bank.savedVersion:Saved as a new version.`
            : $localize`:@@author.bank.questionAdded:Question added to the bank.`,
        );
        this.search();
      });
  }
}
