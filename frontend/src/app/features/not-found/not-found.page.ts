import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';

/** Any URL the app has no page for. */
@Component({
  selector: 'app-not-found-page',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <div class="page page-narrow">
      <section class="state-panel not-found">
        <p class="code" aria-hidden="true">404</p>
        <h1 i18n="@@notFound.title" class="page-title">Page not found</h1>
        <p i18n="@@notFound.text">
          There is no page at <code>{{ path }}</code>. It may have moved, or the link may be
          mistyped.
        </p>
        <a mat-flat-button routerLink="/exams">
          <mat-icon>quiz</mat-icon>
          <span i18n="@@notFound.browse">Browse the exams</span>
        </a>
      </section>
    </div>
  `,
  styles: `
    .code {
      margin: 0;
      font: var(--mat-sys-display-large);
      font-weight: 500;
      color: var(--mat-sys-primary);
    }
    code {
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {
  protected readonly path = inject(Router).url;
}
