import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

/**
 * PLACEHOLDER for phase 2: the exam-taking screen (questions, autosave, timer, submit).
 * It only says so; it does not load or pretend to save anything.
 */
@Component({
  selector: 'app-take-exam-page',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <div class="page page-narrow">
      <section class="state-panel">
        <mat-icon class="state-icon" aria-hidden="true">construction</mat-icon>
        <h1 class="page-title">Taking exams is coming</h1>
        <p>
          Your attempt (number {{ attemptId() }}) has been started on the server. The screen for
          answering the questions is coming in the next release.
        </p>
        <a mat-stroked-button routerLink="/exams">Back to the exams</a>
      </section>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TakeExamPage {
  /** Route parameter `:attemptId`. */
  readonly attemptId = input.required<string>();
}
