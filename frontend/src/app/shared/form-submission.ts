import { signal } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import type { Observable } from 'rxjs';

import { applyServerErrors } from './server-errors';

/**
 * Sending a form once: validation first (every problem shown), one request at a time, and on a
 * failure the server's problems on their fields and the rest above the form. `submitting` stays
 * on after a success, since the page moves on.
 */
export class FormSubmission {
  readonly submitting = signal(false);
  /** The problem shown above the form, or null. */
  readonly error = signal<string | null>(null);

  submit<T>(form: FormGroup, request: () => Observable<T>, done: (value: T) => void): void {
    if (this.submitting()) return;
    this.error.set(null);
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    request().subscribe({
      next: done,
      error: (error: unknown) => {
        this.submitting.set(false);
        this.error.set(applyServerErrors(form, error));
      },
    });
  }
}
