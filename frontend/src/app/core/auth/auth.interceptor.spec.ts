import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';

import { authInterceptor } from './auth.interceptor';
import { AuthService, SESSION_STORAGE_KEY } from './auth.service';
import { OidcService } from './oidc.service';

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  const oidc = {
    renewed: new Subject(),
    renew: vi.fn(() =>
      Promise.resolve({ accessToken: 'provider-renewed', expiresAt: Date.now() + 3600_000 }),
    ),
  };

  function setup(signedIn: boolean, extra: Record<string, unknown> = {}): void {
    localStorage.clear();
    if (signedIn) {
      localStorage.setItem(
        SESSION_STORAGE_KEY,
        JSON.stringify({
          ...extra,
          accessToken: 'tok',
          expiresAt: Date.now() + 3600_000,
          refreshToken: null,
          refreshExpiresAt: null,
          user: { id: 1, email: 'a@b.c', display_name: 'A', role: 'student', created_at: '' },
          ...extra,
        }),
      );
    }
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: OidcService, useValue: oidc },
      ],
    });
    TestBed.inject(AuthService);
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  }

  afterEach(() => localStorage.clear());

  it('adds the bearer token to /api/ requests', () => {
    setup(true);
    http.get('/api/exams').subscribe();
    expect(backend.expectOne('/api/exams').request.headers.get('Authorization')).toBe('Bearer tok');
  });

  it('never sends the token elsewhere', () => {
    setup(true);
    http.get('https://evil.example/api/exams').subscribe();
    http.get('/assets/x.json').subscribe();
    expect(
      backend.expectOne('https://evil.example/api/exams').request.headers.has('Authorization'),
    ).toBe(false);
    expect(backend.expectOne('/assets/x.json').request.headers.has('Authorization')).toBe(false);
  });

  it('sends no token to the endpoints that issue or revoke tokens', () => {
    setup(true);
    http.post('/api/auth/login', {}).subscribe();
    http.post('/api/auth/refresh', {}).subscribe();
    http.get('/api/auth/config').subscribe();
    expect(backend.expectOne('/api/auth/config').request.headers.has('Authorization')).toBe(false);
    expect(backend.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
    expect(backend.expectOne('/api/auth/refresh').request.headers.has('Authorization')).toBe(false);
  });

  it('sends no header when signed out', () => {
    setup(false);
    http.get('/api/exams').subscribe();
    expect(backend.expectOne('/api/exams').request.headers.has('Authorization')).toBe(false);
  });

  it("sends the identity provider's access token for a provider session", () => {
    setup(true, { provider: 'oidc', accessToken: 'provider-at' });
    http.get('/api/exams').subscribe();
    expect(backend.expectOne('/api/exams').request.headers.get('Authorization')).toBe(
      'Bearer provider-at',
    );
  });

  it('renews an expiring provider token through the OIDC library, not /api/auth/refresh', async () => {
    setup(true, { provider: 'oidc', accessToken: 'provider-old', expiresAt: Date.now() + 10_000 });
    http.get('/api/exams').subscribe();
    await vi.waitFor(() => expect(oidc.renew).toHaveBeenCalled());
    await vi.waitFor(() =>
      expect(backend.expectOne('/api/exams').request.headers.get('Authorization')).toBe(
        'Bearer provider-renewed',
      ),
    );
    backend.expectNone('/api/auth/refresh');
  });

  it('keeps a token the request already names (the first call with a provider token)', () => {
    setup(true);
    http.get('/api/auth/me', { headers: { Authorization: 'Bearer fresh' } }).subscribe();
    expect(backend.expectOne('/api/auth/me').request.headers.get('Authorization')).toBe(
      'Bearer fresh',
    );
  });
});
