import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { switchMap } from 'rxjs';

import { AuthService } from './auth.service';

/**
 * Endpoints that take no access token: they issue or revoke tokens, or say how to get one (a
 * provider session's renewal needs /api/auth/config, so it must not wait for a renewed token).
 */
const TOKENLESS = /^\/api\/auth\/(login|register|refresh|logout|config)$/;

/**
 * Adds `Authorization: Bearer <token>` to our own API's requests, and to nothing else; renews an
 * (almost) expired access token first. The token is the session's: the API's own for built-in
 * accounts, the identity provider's access token for provider sessions. A request that already
 * names its token (the first call with a provider token) keeps it.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  if (!isOwnApi(req.url) || TOKENLESS.test(req.url) || req.headers.has('Authorization')) {
    return next(req);
  }
  const auth = inject(AuthService);
  if (!auth.isSignedIn()) return next(req);
  return auth
    .validAccessToken()
    .pipe(
      switchMap((token) =>
        next(token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req),
      ),
    );
};

/** Same-origin /api/ URLs only: a token never leaves for another host. */
export function isOwnApi(url: string): boolean {
  return url.startsWith('/api/') || url === '/api';
}
