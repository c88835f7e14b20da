import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

/**
 * Why an author's exam page has nothing to show: the exam is not theirs (or not there), or
 * loading failed (with "Try again"). The editor, results and statistics pages share it.
 */
@Component({
  selector: 'app-exam-load-problem',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    @if (notFound()) {
      <section class="state-panel" role="alert">
        <mat-icon class="state-icon" aria-hidden="true">search_off</mat-icon>
        <h1 class="page-title" i18n="@@author.loadProblem.notFound">Exam not found</h1>
        <p i18n="@@author.loadProblem.notFoundHint">
          This exam does not exist, or you are not its author.
        </p>
        <a mat-stroked-button routerLink="/author" i18n="@@author.loadProblem.back"
          >Back to my exams</a
        >
      </section>
    } @else if (error(); as message) {
      <section class="state-panel" role="alert">
        <mat-icon class="state-icon" aria-hidden="true">cloud_off</mat-icon>
        <h1 class="page-title" i18n="@@author.loadProblem.error">
          {{ what() }} could not be loaded
        </h1>
        <p>{{ message }}</p>
        <button
          mat-stroked-button
          type="button"
          (click)="retry.emit()"
          i18n="@@author.common.tryAgain"
        >
          Try again
        </button>
      </section>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamLoadProblem {
  readonly notFound = input(false);
  /** The load error's message, or null. */
  readonly error = input<string | null>(null);
  /** What failed to load, as the heading starts: "The results". */
  readonly what = input.required<string>();
  readonly retry = output<void>();
}
