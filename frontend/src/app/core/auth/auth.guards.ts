import { inject } from '@angular/core';
import { type CanActivateFn, Router, type UrlTree } from '@angular/router';

import type { Role } from '../api/api-types';
import { Notifier } from '../notifier';
import { AuthService } from './auth.service';

function signInTree(router: Router, returnUrl: string): UrlTree {
  return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl } });
}

/** Only for signed-in users; others are sent to sign in and brought back afterwards. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  return inject(AuthService).isSignedIn() || signInTree(inject(Router), state.url);
};

/** Only for signed-in users with one of `roles`. */
export function roleGuard(roles: readonly Role[]): CanActivateFn {
  return (_route, state) => {
    const auth = inject(AuthService);
    const router = inject(Router);
    if (!auth.isSignedIn()) return signInTree(router, state.url);
    if (auth.hasRole(...roles)) return true;
    inject(Notifier).error(
      $localize`:@@auth.noAccess:Your account does not have access to that page.`,
    );
    return router.createUrlTree(['/exams']);
  };
}
