import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

/**
 * PLACEHOLDER for the sections that land in phase 2 (my results, author area, admin).
 * Heading and summary come from the route's `data`.
 */
@Component({
  selector: 'app-coming-soon-page',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <div class="page page-narrow">
      <section class="state-panel">
        <mat-icon class="state-icon" aria-hidden="true">construction</mat-icon>
        <h1 class="page-title">{{ heading() }}</h1>
        <p>{{ summary() }}</p>
        <p>This section is coming in the next release.</p>
        <a mat-stroked-button routerLink="/exams">Back to the exams</a>
      </section>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComingSoonPage {
  readonly heading = input('Coming soon');
  readonly summary = input('');
}
