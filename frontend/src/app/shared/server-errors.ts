import { type FormGroup } from '@angular/forms';

import { apiErrorMessage, apiFieldErrors } from '../core/api/api-error';

/**
 * Puts a failed request's field problems on the matching form controls (as the `server` error,
 * cleared by the next edit) and returns the message to show above the form, or null when every
 * problem was attached to a field.
 */
export function applyServerErrors(form: FormGroup, error: unknown): string | null {
  const fields = apiFieldErrors(error);
  let unmatched = false;
  for (const [name, message] of Object.entries(fields)) {
    const control = form.get(name);
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: message });
      control.markAsTouched();
    } else {
      unmatched = true;
    }
  }
  const attached = Object.keys(fields).length > 0 && !unmatched;
  return attached ? null : apiErrorMessage(error);
}
