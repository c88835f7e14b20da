import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';

import { apiErrorMessage } from '../api/api-error';
import { ERROR_HANDLING } from '../api/error-handling';
import { isOwnApi } from '../auth/auth.interceptor';
import { AuthService } from '../auth/auth.service';
import { Notifier } from '../notifier';

/**
 * One place for failed API requests:
 * 401 → the session is over: sign out, then sign in again and come back to this page;
 * anything else → the server's message (or a network hint) in a snack bar.
 * The error is re-thrown, so callers can still react (stop a spinner, mark form fields).
 */
export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const notifier = inject(Notifier);
  const handling = req.context.get(ERROR_HANDLING);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && isOwnApi(req.url)) {
        if (error.status === 401 && handling.redirectOn401) {
          const hadSession = auth.isSignedIn();
          auth.signOut();
          const current = router.url;
          if (!current.startsWith('/sign-in')) {
            void router.navigate(['/sign-in'], { queryParams: { returnUrl: current } });
          }
          notifier.error(
            hadSession
              ? $localize`:@@auth.sessionEnded:Your session has ended. Please sign in again.`
              : $localize`:@@error.unauthorized:Please sign in.`,
          );
        } else if (handling.snackbar) {
          notifier.error(apiErrorMessage(error));
        }
      }
      return throwError(() => error);
    }),
  );
};
