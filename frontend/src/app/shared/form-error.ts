import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/** A form's problem that belongs to no single field, announced as it appears. */
@Component({
  selector: 'app-form-error',
  imports: [MatIconModule],
  template: `
    @if (message(); as text) {
      <p class="form-error" role="alert">
        <mat-icon aria-hidden="true">error</mat-icon>
        <span>{{ text }}</span>
      </p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormError {
  readonly message = input<string | null>(null);
}
