import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type Observable, defer, finalize, firstValueFrom, map, of, shareReplay, tap } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { AuthApi } from '../api/auth-api';
import type {
  LoginRequest,
  RegisterRequest,
  Role,
  SetPasswordRequest,
  TokenResponse,
  User,
} from '../api/api-types';
import { type OidcToken, OidcService } from './oidc.service';

/** Where the session is kept between visits (same origin only). */
export const SESSION_STORAGE_KEY = 'online-exam.session';
/** Serializes refreshes across tabs: refresh tokens are single-use, a reuse ends the session. */
const REFRESH_LOCK = 'online-exam.refresh';

/** An access token is not sent when it has less than this left (clock skew, slow requests). */
const EXPIRY_MARGIN_MS = 30_000;
/** A refreshable session renews its access token this long before it expires. */
const REFRESH_AHEAD_MS = 60_000;
/** setTimeout's limit; longer waits are re-checked when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Session {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Single use: exchanged at POST /api/auth/refresh for a new pair. Null if none was issued. */
  refreshToken: string | null;
  refreshExpiresAt: number | null;
  user: User;
  /** 'oidc': the access token is the identity provider's, renewed through OidcService. */
  provider?: 'oidc';
}

/**
 * Who is signed in. The tokens live in memory (signals) and in localStorage with their expiry, so
 * a reload keeps the session. The access token is renewed with the refresh token shortly before
 * it expires (and on demand by the auth interceptor); a session whose tokens have both expired is
 * dropped, on load and when its time comes.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(AuthApi);
  private readonly oidc = inject(OidcService);
  private readonly session = signal<Session | null>(readStoredSession(Date.now()));
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Observable<Session | null> | null = null;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly accessToken = computed(() => this.session()?.accessToken ?? null);
  readonly isSignedIn = computed(() => this.session() !== null);
  readonly role = computed<Role | null>(() => this.user()?.role ?? null);

  constructor() {
    this.schedule();
    // Signing in, refreshing or signing out in another tab applies here too.
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_STORAGE_KEY) return;
      this.session.set(readStoredSession(Date.now()));
      this.schedule();
    };
    globalThis.addEventListener?.('storage', onStorage);
    // Provider sessions are renewed by the OIDC library: adopt its new access tokens.
    this.oidc.renewed.pipe(takeUntilDestroyed()).subscribe((token) => this.adoptOidc(token));
    inject(DestroyRef).onDestroy(() => {
      globalThis.removeEventListener?.('storage', onStorage);
      clearTimeout(this.timer);
    });
  }

  hasRole(...roles: Role[]): boolean {
    const role = this.role();
    return role !== null && roles.includes(role);
  }

  signIn(credentials: LoginRequest): Observable<User> {
    return this.api.login(credentials).pipe(
      tap((token) => this.start(token)),
      map((token) => token.user),
    );
  }

  register(account: RegisterRequest): Observable<User> {
    return this.api.register(account).pipe(
      tap((token) => this.start(token)),
      map((token) => token.user),
    );
  }

  /** Chooses a password through a set-password link; signs in like sign-in does. */
  setPassword(body: SetPasswordRequest): Observable<User> {
    return this.api.setPassword(body).pipe(
      tap((token) => this.start(token)),
      map((token) => token.user),
    );
  }

  /** Starts the session a learning platform's launch ticket was exchanged for (LTI). */
  adoptLaunchSession(token: TokenResponse): User {
    return this.start(token).user;
  }

  /**
   * Starts a session with the identity provider's access token (after the redirect back): the API
   * verifies the token and says who it belongs to (creating the account on first sign-in).
   */
  signInWithOidc(token: OidcToken): Observable<User> {
    return this.api.me(token.accessToken).pipe(
      tap((user) =>
        this.save({
          accessToken: token.accessToken,
          expiresAt: token.expiresAt,
          refreshToken: null,
          refreshExpiresAt: null,
          user,
          provider: 'oidc',
        }),
      ),
    );
  }

  /**
   * An access token worth sending: the current one, or a renewed one when it is (nearly) expired.
   * Null when signed out or when the session could not be renewed.
   */
  validAccessToken(): Observable<string | null> {
    const session = this.session();
    if (!session) return of(null);
    if (isFresh(session, Date.now())) return of(session.accessToken);
    if (!canRefresh(session, Date.now())) {
      this.signOut();
      return of(null);
    }
    return this.refresh().pipe(map((renewed) => renewed?.accessToken ?? null));
  }

  /**
   * Renews the tokens once, however many callers ask at the same time (in this tab, and — with
   * the Web Locks API — across tabs: a tab that finds the tokens already renewed adopts them).
   */
  refresh(): Observable<Session | null> {
    this.refreshing ??= defer(() => withLock(REFRESH_LOCK, () => this.renew())).pipe(
      finalize(() => (this.refreshing = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshing;
  }

  /**
   * Re-reads the signed-in user from the server (the role may have changed since sign-in).
   * A token the server no longer accepts ends the session quietly; other failures change nothing.
   */
  refreshUser(): void {
    if (!this.session()) return;
    this.api.me().subscribe({
      next: (user) => {
        const current = this.session();
        if (!current) return;
        this.save({ ...current, user });
      },
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) this.signOut();
      },
    });
  }

  /**
   * Forgets the session here and ends it on the server (best effort). A provider session is
   * also ended at the provider when `endProviderSession` is set (the user chose to sign out).
   */
  signOut({ endProviderSession = false } = {}): void {
    const session = this.session();
    this.clear();
    if (session?.provider === 'oidc') {
      void this.oidc.signOut(endProviderSession).catch(() => undefined);
      return;
    }
    const refreshToken = session?.refreshToken;
    if (refreshToken) this.api.logout(refreshToken).subscribe({ error: () => undefined });
  }

  /** A provider access token renewed in the background replaces the session's. */
  private adoptOidc(token: OidcToken): void {
    const current = this.session();
    if (current?.provider !== 'oidc') return;
    if (token.accessToken === current.accessToken) return;
    this.save({ ...current, accessToken: token.accessToken, expiresAt: token.expiresAt });
  }

  private async renew(): Promise<Session | null> {
    const mine = this.session();
    if (!mine) return null;
    if (mine.provider === 'oidc') return this.renewOidc(mine);
    // Another tab may have renewed the pair while this one waited for the lock.
    const stored = readStoredSession(Date.now());
    if (stored && stored.refreshToken !== mine.refreshToken && isFresh(stored, Date.now())) {
      this.session.set(stored);
      this.schedule();
      return stored;
    }
    if (!mine.refreshToken) return null;
    try {
      return this.start(await firstValueFrom(this.api.refresh(mine.refreshToken)));
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status >= 400 && error.status < 500) {
        this.clear(); // refused (used, revoked or expired): the session is over
        return null;
      }
      return isFresh(mine, Date.now()) ? mine : null; // offline: try again later
    }
  }

  private async renewOidc(mine: Session): Promise<Session | null> {
    const token = await this.oidc.renew();
    if (this.session() !== mine && this.session()?.provider !== 'oidc') return null;
    if (!token) {
      if (isFresh(mine, Date.now())) return mine;
      this.clear();
      return null;
    }
    const renewed = { ...(this.session() ?? mine), ...token };
    this.save(renewed);
    return renewed;
  }

  private start(token: TokenResponse): Session {
    const now = Date.now();
    const refreshToken = token.refresh_token || null;
    const session: Session = {
      accessToken: token.access_token,
      expiresAt: now + token.expires_in * 1000,
      refreshToken,
      refreshExpiresAt: refreshToken ? now + (token.refresh_expires_in ?? 0) * 1000 : null,
      user: token.user,
    };
    this.save(session);
    return session;
  }

  private save(session: Session): void {
    this.session.set(session);
    storeSession(session);
    this.schedule();
  }

  private clear(): void {
    this.session.set(null);
    clearTimeout(this.timer);
    removeStoredSession();
  }

  /** One timer: renew the access token ahead of its expiry, or end the session when it is over. */
  private schedule(): void {
    clearTimeout(this.timer);
    const session = this.session();
    if (!session) return;
    const now = Date.now();
    if (canRefresh(session, now)) {
      const wait = session.expiresAt - REFRESH_AHEAD_MS - now;
      if (wait <= 0) {
        this.refresh().subscribe();
        return;
      }
      this.timer = setTimeout(() => this.schedule(), Math.min(wait, MAX_TIMER_MS));
      return;
    }
    const wait = session.expiresAt - EXPIRY_MARGIN_MS - now;
    if (wait <= 0) {
      this.clear();
      return;
    }
    this.timer = setTimeout(() => this.schedule(), Math.min(wait, MAX_TIMER_MS));
  }
}

function isFresh(session: Session, now: number): boolean {
  return session.expiresAt - EXPIRY_MARGIN_MS > now;
}

function canRefresh(session: Session, now: number): boolean {
  // A provider session is renewed at the provider (its refresh token is the library's).
  if (session.provider === 'oidc') return true;
  return (
    session.refreshToken !== null &&
    session.refreshExpiresAt !== null &&
    session.refreshExpiresAt - EXPIRY_MARGIN_MS > now
  );
}

async function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request(name, task) : task();
}

function readStoredSession(now: number): Session | null {
  let raw: string | null;
  try {
    raw = globalThis.localStorage?.getItem(SESSION_STORAGE_KEY) ?? null;
  } catch {
    return null; // storage disabled: a session lasts as long as the page
  }
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (isSession(value) && (isFresh(value, now) || canRefresh(value, now))) return value;
  } catch {
    // unreadable: dropped below
  }
  removeStoredSession();
  return null;
}

function storeSession(session: Session): void {
  try {
    globalThis.localStorage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  } catch {
    // storage full or disabled: the session still lives in memory
  }
}

function removeStoredSession(): void {
  try {
    globalThis.localStorage?.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // nothing to remove
  }
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Session>;
  const refreshOk =
    (s.refreshToken === null && s.refreshExpiresAt === null) ||
    (typeof s.refreshToken === 'string' && typeof s.refreshExpiresAt === 'number');
  return (
    typeof s.accessToken === 'string' &&
    s.accessToken.length > 0 &&
    typeof s.expiresAt === 'number' &&
    refreshOk &&
    (s.provider === undefined || s.provider === 'oidc') &&
    typeof s.user === 'object' &&
    s.user !== null &&
    typeof s.user.id === 'number' &&
    typeof s.user.role === 'string'
  );
}
