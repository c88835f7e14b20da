import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import type {
  AuthConfig,
  ForgotPasswordRequest,
  ForgotPasswordResponse,
  LoginRequest,
  PasswordTokenInfo,
  RegisterRequest,
  SetPasswordRequest,
  TokenResponse,
  User,
} from './api-types';
import { handledByCaller } from './error-handling';

/** The auth endpoints. Every call handles its own errors: a wrong password is no expired session. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);
  private readonly silent = () => handledByCaller({ redirectOn401: false });

  login(body: LoginRequest): Observable<TokenResponse> {
    return this.http.post<TokenResponse>('/api/auth/login', body, { context: this.silent() });
  }

  register(body: RegisterRequest): Observable<TokenResponse> {
    return this.http.post<TokenResponse>('/api/auth/register', body, { context: this.silent() });
  }

  /** Mails a reset link if the account exists (the answer is the same either way). */
  forgotPassword(body: ForgotPasswordRequest): Observable<ForgotPasswordResponse> {
    return this.http.post<ForgotPasswordResponse>('/api/auth/forgot-password', body, {
      context: this.silent(),
    });
  }

  /** Whose a set-password link is, and what for; 404 when unknown, used or expired. */
  passwordToken(token: string): Observable<PasswordTokenInfo> {
    return this.http.get<PasswordTokenInfo>(
      `/api/auth/password-token/${encodeURIComponent(token)}`,
      { context: this.silent() },
    );
  }

  /** Sets the password through a link (single use) and signs in, as login does. */
  setPassword(body: SetPasswordRequest): Observable<TokenResponse> {
    return this.http.post<TokenResponse>('/api/auth/set-password', body, {
      context: this.silent(),
    });
  }

  /** A new access token and a new (single-use) refresh token for the current one. */
  refresh(refreshToken: string): Observable<TokenResponse> {
    return this.http.post<TokenResponse>(
      '/api/auth/refresh',
      { refresh_token: refreshToken },
      { context: this.silent() },
    );
  }

  /** Ends the session on the server (revokes the refresh token). */
  logout(refreshToken: string): Observable<unknown> {
    return this.http.post(
      '/api/auth/logout',
      { refresh_token: refreshToken },
      { context: this.silent() },
    );
  }

  /** How to sign in here: password accounts and/or an OpenID Connect provider. */
  config(): Observable<AuthConfig> {
    return this.http.get<AuthConfig>('/api/auth/config', { context: this.silent() });
  }

  /** The signed-in user; with `accessToken`, the user that token belongs to (not the session's). */
  me(accessToken?: string): Observable<User> {
    const headers = accessToken
      ? new HttpHeaders({ Authorization: `Bearer ${accessToken}` })
      : undefined;
    return this.http.get<User>('/api/auth/me', { context: this.silent(), headers });
  }
}
