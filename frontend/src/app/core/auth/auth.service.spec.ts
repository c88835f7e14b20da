import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Subject, firstValueFrom } from 'rxjs';

import type { TokenResponse, User } from '../api/api-types';
import { AuthService, SESSION_STORAGE_KEY, type Session } from './auth.service';
import { type OidcToken, OidcService } from './oidc.service';

const student: User = {
  id: 7,
  email: 'sam@example.com',
  display_name: 'Sam',
  role: 'student',
  locale: null,
  created_at: '2026-01-01T00:00:00+00:00',
};

function token(user: User = student, expiresIn = 3600, refresh = 'refresh-1'): TokenResponse {
  return {
    access_token: 'jwt-abc',
    token_type: 'Bearer',
    expires_in: expiresIn,
    refresh_token: refresh,
    refresh_expires_in: 14 * 86400,
    user,
  };
}

const noRefresh = { refreshToken: null, refreshExpiresAt: null };

function setup(): { auth: AuthService; http: HttpTestingController } {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting()],
  });
  return { auth: TestBed.inject(AuthService), http: TestBed.inject(HttpTestingController) };
}

describe('AuthService', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => localStorage.clear());

  it('starts signed out', () => {
    const { auth } = setup();
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.user()).toBeNull();
    expect(auth.role()).toBeNull();
  });

  it('signs in, keeps the token in memory and storage with its expiry', () => {
    const { auth, http } = setup();
    let signedIn: User | undefined;
    auth.signIn({ email: 'sam@example.com', password: 'x' }).subscribe((u) => (signedIn = u));
    const req = http.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    req.flush(token());

    expect(signedIn).toEqual(student);
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.accessToken()).toBe('jwt-abc');
    expect(auth.role()).toBe('student');
    const stored = JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? '{}') as Session;
    expect(stored.accessToken).toBe('jwt-abc');
    expect(stored.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    http.verify();
  });

  it('registers and signs in', () => {
    const { auth, http } = setup();
    auth
      .register({ email: 'sam@example.com', password: 'long enough pw', display_name: 'Sam' })
      .subscribe();
    http.expectOne('/api/auth/register').flush(token(), { status: 201, statusText: 'Created' });
    expect(auth.user()?.display_name).toBe('Sam');
  });

  it('restores a stored session that has not expired', () => {
    const session: Session = {
      accessToken: 't',
      expiresAt: Date.now() + 600_000,
      ...noRefresh,
      user: student,
    };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    const { auth } = setup();
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.accessToken()).toBe('t');
  });

  it('drops an expired stored token on load', () => {
    const session: Session = {
      accessToken: 't',
      expiresAt: Date.now() - 1000,
      ...noRefresh,
      user: student,
    };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    const { auth } = setup();
    expect(auth.isSignedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('drops an unreadable stored session', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    const { auth } = setup();
    expect(auth.isSignedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('signs out when a token without refresh expires while the page is open', () => {
    vi.useFakeTimers();
    try {
      const { auth, http } = setup();
      auth.signIn({ email: 'a@b.c', password: 'x' }).subscribe();
      http.expectOne('/api/auth/login').flush({ ...token(student, 120), refresh_token: '' });
      expect(auth.isSignedIn()).toBe(true);
      vi.advanceTimersByTime(120_000);
      expect(auth.isSignedIn()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs out, and ends the session on the server', () => {
    const { auth, http } = setup();
    auth.signIn({ email: 'a@b.c', password: 'x' }).subscribe();
    http.expectOne('/api/auth/login').flush(token({ ...student, role: 'author' }));
    expect(auth.hasRole('author', 'admin')).toBe(true);
    auth.signOut();
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.body).toEqual({ refresh_token: 'refresh-1' });
    logout.flush(null, { status: 204, statusText: 'No Content' });
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.hasRole('author', 'admin')).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });
});

describe('AuthService.refreshUser', () => {
  const stored = (): Session => ({
    accessToken: 't',
    expiresAt: Date.now() + 600_000,
    ...noRefresh,
    user: student,
  });

  beforeEach(() => localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(stored())));
  afterEach(() => localStorage.clear());

  it('takes the role from the server', () => {
    const { auth, http } = setup();
    auth.refreshUser();
    http.expectOne('/api/auth/me').flush({ ...student, role: 'author' });
    expect(auth.role()).toBe('author');
    expect(
      (JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? '{}') as Session).user.role,
    ).toBe('author');
  });

  it('ends a session the server no longer accepts', () => {
    const { auth, http } = setup();
    auth.refreshUser();
    http.expectOne('/api/auth/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    expect(auth.isSignedIn()).toBe(false);
  });

  it('keeps the session when the server cannot be reached', () => {
    const { auth, http } = setup();
    auth.refreshUser();
    http.expectOne('/api/auth/me').error(new ProgressEvent('error'), { status: 0 });
    expect(auth.isSignedIn()).toBe(true);
  });
});

describe('AuthService token renewal', () => {
  const expiredButRefreshable = (): Session => ({
    accessToken: 'old',
    expiresAt: Date.now() - 1000,
    refreshToken: 'refresh-old',
    refreshExpiresAt: Date.now() + 86400_000,
    user: student,
  });

  afterEach(() => localStorage.clear());

  it('keeps a session whose access token expired but can be renewed', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(expiredButRefreshable()));
    const { auth, http } = setup();
    expect(auth.isSignedIn()).toBe(true);
    // Renewed right away (the timer finds it due).
    const req = http.expectOne('/api/auth/refresh');
    expect(req.request.body).toEqual({ refresh_token: 'refresh-old' });
  });

  it('renews once for many callers and hands them the new token', async () => {
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(expiredButRefreshable()));
    const { auth, http } = setup();
    const tokens: (string | null)[] = [];
    auth.validAccessToken().subscribe((t) => tokens.push(t));
    auth.validAccessToken().subscribe((t) => tokens.push(t));
    const req = http.expectOne('/api/auth/refresh'); // one request only
    req.flush({ ...token(student, 3600, 'refresh-new'), access_token: 'new' });
    await Promise.resolve();
    await new Promise((r) => setTimeout(r));
    expect(tokens).toEqual(['new', 'new']);
    expect(auth.accessToken()).toBe('new');
    const stored = JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? '{}') as Session;
    expect(stored.refreshToken).toBe('refresh-new');
    http.verify();
  });

  it('ends the session when the server refuses the refresh token', async () => {
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(expiredButRefreshable()));
    const { auth, http } = setup();
    let result: string | null | undefined;
    auth.validAccessToken().subscribe((t) => (result = t));
    http
      .expectOne('/api/auth/refresh')
      .flush(
        { error: { status: 401, code: 'unauthorized', message: 'used', details: {} } },
        { status: 401, statusText: 'Unauthorized' },
      );
    await new Promise((r) => setTimeout(r));
    expect(result).toBeNull();
    expect(auth.isSignedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('adopts tokens another tab renewed instead of reusing the old refresh token', async () => {
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(expiredButRefreshable()));
    const { auth, http } = setup();
    http.expectOne('/api/auth/refresh'); // the timer's own renewal, left pending
    // Meanwhile another tab renewed the pair and stored it.
    const renewed: Session = {
      ...expiredButRefreshable(),
      accessToken: 'from-other-tab',
      expiresAt: Date.now() + 3600_000,
      refreshToken: 'refresh-other',
    };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(renewed));
    window.dispatchEvent(new StorageEvent('storage', { key: SESSION_STORAGE_KEY }));
    let result: string | null | undefined;
    auth.validAccessToken().subscribe((t) => (result = t));
    expect(result).toBe('from-other-tab');
  });
});

describe('AuthService with an identity provider', () => {
  const oidc = {
    renewed: new Subject<OidcToken>(),
    renew: vi.fn<() => Promise<OidcToken | null>>(),
    signOut: vi.fn(() => Promise.resolve()),
  };

  function setupOidc(): { auth: AuthService; http: HttpTestingController } {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: OidcService, useValue: oidc },
      ],
    });
    return { auth: TestBed.inject(AuthService), http: TestBed.inject(HttpTestingController) };
  }

  beforeEach(() => {
    localStorage.clear();
    vi.clearAllMocks();
  });
  afterEach(() => localStorage.clear());

  it("signs in with the provider's access token: the API says who it belongs to", () => {
    const { auth, http } = setupOidc();
    const expiresAt = Date.now() + 300_000;
    let signedIn: User | undefined;
    auth.signInWithOidc({ accessToken: 'provider-at', expiresAt }).subscribe((u) => (signedIn = u));
    const me = http.expectOne('/api/auth/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer provider-at');
    me.flush(student);
    expect(signedIn).toEqual(student);
    expect(auth.accessToken()).toBe('provider-at');
    const stored = JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY)!) as Session;
    expect(stored).toMatchObject({
      provider: 'oidc',
      refreshToken: null,
      expiresAt,
      user: student,
    });
  });

  it('adopts access tokens the library renewed', () => {
    const session: Session = {
      accessToken: 'old',
      expiresAt: Date.now() + 300_000,
      ...noRefresh,
      user: student,
      provider: 'oidc',
    };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    const { auth } = setupOidc();
    oidc.renewed.next({ accessToken: 'new', expiresAt: Date.now() + 600_000 });
    expect(auth.accessToken()).toBe('new');
    expect(auth.user()).toEqual(student);
  });

  it('ends the session when the provider token cannot be renewed', async () => {
    const session: Session = {
      accessToken: 'old',
      expiresAt: Date.now() + 10_000, // inside the expiry margin
      ...noRefresh,
      user: student,
      provider: 'oidc',
    };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    oidc.renew.mockResolvedValue(null);
    const { auth } = setupOidc();
    expect(await firstValueFrom(auth.validAccessToken())).toBeNull();
    expect(auth.isSignedIn()).toBe(false);
  });

  it('signs out at the provider, not at /api/auth/logout', () => {
    const { auth, http } = setupOidc();
    auth.signInWithOidc({ accessToken: 'at', expiresAt: Date.now() + 300_000 }).subscribe();
    http.expectOne('/api/auth/me').flush(student);
    auth.signOut({ endProviderSession: true });
    expect(auth.isSignedIn()).toBe(false);
    expect(oidc.signOut).toHaveBeenCalledWith(true);
    http.expectNone('/api/auth/logout');
  });
});
