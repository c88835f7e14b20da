import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

import { apiErrorMessage } from '../../../core/api/api-error';
import type { GradingAnswer } from '../../../core/api/api-types';
import { GradingApi } from '../../../core/api/grading-api';
import { MarkdownPipe } from '../../../shared/markdown.pipe';
import { overLimit, wordCountLabel } from '../../take-exam/word-count';
import { formatDecimal } from '../author-format';

export const COMMENT_MAX = 5000;

/** What a student answered, as a grader reads it (choices by id: the answer's own shape). */
export function answerText(item: GradingAnswer): string {
  const a = item.answer;
  if (a.text !== null && a.text !== '') return a.text;
  if (a.number !== null) return String(a.number);
  if (a.selected_ids.length) {
    const ids = a.selected_ids.join(', ');
    return $localize`:@@author.grading.chosen:Chosen alternatives: ${ids}:ids:`;
  }
  return '';
}

/**
 * One answer with its grading form: points (0 .. the question's points) and a comment. Enter
 * in the points field saves (a native form); the server's answer replaces the item.
 */
@Component({
  selector: 'app-grade-card',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MarkdownPipe,
  ],
  templateUrl: './grade-card.html',
  styleUrl: './grade-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GradeCard {
  private readonly api = inject(GradingApi);

  readonly item = input.required<GradingAnswer>();
  /** Show the question's text (grading student by student) or the student (question by question). */
  readonly showQuestion = input(false);
  readonly graded = output<GradingAnswer>();

  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = new FormGroup({
    points: new FormControl<number | null>(null, [Validators.required, Validators.min(0)]),
    comment: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(COMMENT_MAX)],
    }),
  });

  protected readonly ids = computed(() => {
    const it = this.item();
    const base = `grade-${it.attempt_id}-${it.question_id}`;
    return { heading: `${base}-heading`, answer: `${base}-answer`, points: `${base}-points` };
  });
  protected readonly answer = computed(() => answerText(this.item()));
  protected readonly words = computed(() => {
    const it = this.item();
    return {
      label: wordCountLabel(it.word_count, it.word_limit),
      over: overLimit(it.word_count, it.word_limit),
    };
  });
  protected readonly maxPoints = computed(() => formatDecimal(this.item().max_points));

  constructor() {
    effect(() => {
      const it = this.item();
      this.form.controls.points.setValidators([
        Validators.required,
        Validators.min(0),
        Validators.max(it.max_points),
      ]);
      this.form.reset({ points: it.points, comment: it.comment });
    });
  }

  protected answerOf(name: string): string {
    return $localize`:@@author.grading.answerOf:Answer of ${name}:name:`;
  }

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const it = this.item();
    const { points, comment } = this.form.getRawValue();
    this.saving.set(true);
    this.error.set(null);
    this.api.grade(it.attempt_id, it.question_id, { points: points ?? 0, comment }).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.graded.emit(saved);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.error.set(apiErrorMessage(error));
      },
    });
  }
}
