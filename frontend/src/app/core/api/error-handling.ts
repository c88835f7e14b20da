import { HttpContext, HttpContextToken } from '@angular/common/http';

/** How the error interceptor treats a failed /api/ request. */
export interface ErrorHandling {
  /** Show the server's message in a snack bar (off when the page shows the error itself). */
  snackbar: boolean;
  /** On 401: sign out and go to the sign-in page (off for the sign-in request itself). */
  redirectOn401: boolean;
}

export const ERROR_HANDLING = new HttpContextToken<ErrorHandling>(() => ({
  snackbar: true,
  redirectOn401: true,
}));

/** For requests whose errors the calling page shows in place (forms, "not found" pages). */
export function handledByCaller(options: Partial<ErrorHandling> = {}): HttpContext {
  return new HttpContext().set(ERROR_HANDLING, {
    snackbar: false,
    redirectOn401: true,
    ...options,
  });
}
