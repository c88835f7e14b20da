import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { type Observable } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTooltipModule } from '@angular/material/tooltip';

import {
  AUTHORED_QUESTION_TYPES,
  type Question,
  type QuestionCreate,
  type QuestionType,
} from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { FocusMover } from '../../../shared/focus';
import { FormError } from '../../../shared/form-error';
import { applyServerErrors } from '../../../shared/server-errors';
import { RowActions } from './row-actions';
import {
  QUESTION_LIMITS,
  QUESTION_TYPE_LABELS,
  STRUCTURED_STARTERS,
  buildAlternativeGroup,
  buildGapGroup,
  buildQuestionForm,
  gapMarker,
  formValueToQuestion,
  loadQuestionForm,
} from './question-form';

export interface QuestionDialogData {
  examId: number;
  /** null: a new question of `type`. */
  question: Question | null;
  type: QuestionType;
  /** 1-based, for the heading. */
  number: number;
  readOnly: boolean;
  /** The server's publish problems for this question. */
  problems: string[];
  /** Saves somewhere else than the exam (the question bank); closes with what it returns. */
  save?: (body: QuestionCreate) => Observable<unknown>;
}

/** Add or edit one question of any type; saves it itself and closes with the saved question. */
@Component({
  selector: 'app-question-dialog',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTooltipModule,
    FormError,
    RowActions,
  ],
  templateUrl: './question-dialog.html',
  styleUrl: './question-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuestionDialog {
  private readonly api = inject(AuthorApi);
  private readonly ref = inject<MatDialogRef<QuestionDialog, Question>>(MatDialogRef);
  private readonly focus = inject(FocusMover);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly data = inject<QuestionDialogData>(MAT_DIALOG_DATA);

  protected readonly form = buildQuestionForm();
  protected readonly alternatives = this.form.controls.alternatives;
  protected readonly gaps = this.form.controls.gaps;
  protected readonly types = AUTHORED_QUESTION_TYPES;
  protected readonly typeLabels = QUESTION_TYPE_LABELS;
  protected readonly limits = QUESTION_LIMITS;
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly type = signal<QuestionType>('single');
  protected readonly correctIndex = signal<number | null>(null);

  constructor() {
    loadQuestionForm(this.form, this.data.question, this.data.type);
    this.type.set(this.form.controls.type.value);
    this.correctIndex.set(this.form.controls.correct_index.value);
    this.syncCorrectCredit();
    if (this.data.readOnly) this.form.disable();

    const destroyRef = inject(DestroyRef);
    this.form.controls.correct_index.valueChanges
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((index) => {
        this.correctIndex.set(index);
        this.syncCorrectCredit();
      });
    this.form.controls.type.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe((type) => {
      this.type.set(type);
      const usesAlternatives = type === 'single' || type === 'multiple' || type === 'short_answer';
      const structured = STRUCTURED_STARTERS[type];
      if (structured && this.alternatives.length < structured) {
        while (this.alternatives.length < structured)
          this.alternatives.push(buildAlternativeGroup());
      }
      if (type === 'cloze' && this.gaps.length === 0) this.addGap();
      if (usesAlternatives && this.alternatives.length === 0) {
        const starters = type === 'short_answer' ? 1 : 2;
        for (let i = 0; i < starters; i++) {
          this.alternatives.push(
            buildAlternativeGroup({ credit: type === 'short_answer' ? 1 : 0 }),
          );
        }
      }
      this.syncCorrectCredit();
    });
  }

  protected readonly itemNoun = $localize`:@@author.question.itemNoun:item`;
  protected readonly alternativeNoun = $localize`:@@author.question.alternativeNoun:alternative`;
  protected readonly correctAlternativeLabel = $localize`:@@author.question.correctAlternative:Correct alternative`;

  protected get heading(): string {
    const n = this.data.number;
    if (!this.data.question) return $localize`:@@author.question.newHeading:New question`;
    return this.data.readOnly
      ? $localize`:@@author.question.viewHeading:Question ${n}:number:`
      : $localize`:@@author.question.editHeading:Edit question ${n}:number:`;
  }

  protected removeItemLabel(n: number): string {
    return $localize`:@@author.question.removeItem:Remove item ${n}:number:`;
  }

  protected isCorrectLabel(n: number): string {
    return $localize`:@@author.question.isCorrect:Alternative ${n}:number: is correct`;
  }

  protected addAlternative(): void {
    const shortAnswer = this.type() === 'short_answer';
    this.alternatives.push(buildAlternativeGroup({ credit: shortAnswer ? 1 : 0 }));
    this.focusAlternative(this.alternatives.length - 1);
  }

  /** A new gap: its marker goes at the end of the text, where the author can move it. */
  protected addGap(): void {
    this.gaps.push(buildGapGroup());
    const marker = gapMarker(this.gaps.length);
    const text = this.form.controls.text;
    if (!text.value.includes(marker)) {
      text.setValue(text.value ? `${text.value.trimEnd()} ${marker}` : marker);
    }
    this.form.markAsDirty();
  }

  /** The last gap goes, with its marker (earlier gaps keep their numbers). */
  protected removeLastGap(): void {
    const marker = gapMarker(this.gaps.length);
    this.gaps.removeAt(this.gaps.length - 1);
    const text = this.form.controls.text;
    text.setValue(text.value.split(marker).join(''));
    this.form.markAsDirty();
  }

  protected removeAlternative(index: number): void {
    this.alternatives.removeAt(index);
    const correct = this.form.controls.correct_index.value;
    if (correct === index) this.form.controls.correct_index.setValue(null);
    else if (correct !== null && correct > index) {
      this.form.controls.correct_index.setValue(correct - 1);
    }
    this.form.markAsDirty();
  }

  protected moveAlternative(from: number, to: number): void {
    if (to < 0 || to >= this.alternatives.length) return;
    const control = this.alternatives.at(from);
    this.alternatives.removeAt(from, { emitEvent: false });
    this.alternatives.insert(to, control);
    const correct = this.form.controls.correct_index.value;
    if (correct === from) this.form.controls.correct_index.setValue(to);
    else if (correct === to) this.form.controls.correct_index.setValue(from);
    this.form.markAsDirty();
    this.focusAlternative(to, `move-${from < to ? 'down' : 'up'}`);
  }

  protected save(): void {
    if (this.saving() || this.data.readOnly) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.formError.set(
        $localize`:@@author.question.attention:Some fields need your attention (marked in red).`,
      );
      return;
    }
    const body = formValueToQuestion(this.form.getRawValue());
    const request: Observable<unknown> = this.data.save
      ? this.data.save(body)
      : this.data.question
        ? this.api.updateQuestion(this.data.question.id, body)
        : this.api.addQuestion(this.data.examId, body);
    this.saving.set(true);
    request.subscribe({
      next: (question) => this.ref.close(question as Question),
      error: (error: unknown) => {
        this.saving.set(false);
        this.formError.set(applyServerErrors(this.form, error));
      },
    });
  }

  /** The single-choice question's correct alternative has credit 1, fixed while it is chosen. */
  private syncCorrectCredit(): void {
    const single = this.form.controls.type.value === 'single';
    const correct = this.form.controls.correct_index.value;
    this.alternatives.controls.forEach((group, i) => {
      const credit = group.controls.credit;
      if (single && i === correct) {
        credit.setValue(1, { emitEvent: false });
        credit.disable({ emitEvent: false });
      } else {
        if (single && credit.value === 1) credit.setValue(0, { emitEvent: false });
        if (!this.data.readOnly) credit.enable({ emitEvent: false });
      }
    });
  }

  private focusAlternative(index: number, button?: string): void {
    this.focus.afterRender(() => {
      const row = this.host.nativeElement.querySelector(`#alternative-${index}`);
      const target = row?.querySelector<HTMLButtonElement>(
        button ? `.${button}` : 'textarea, input[type=text]',
      );
      return target && !target.disabled ? target : row?.querySelector('textarea');
    });
  }
}
