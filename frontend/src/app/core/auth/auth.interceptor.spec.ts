import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { authInterceptor } from './auth.interceptor';
import { AuthService, SESSION_STORAGE_KEY } from './auth.service';

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  function setup(signedIn: boolean): void {
    localStorage.clear();
    if (signedIn) {
      localStorage.setItem(
        SESSION_STORAGE_KEY,
        JSON.stringify({
          accessToken: 'tok',
          expiresAt: Date.now() + 3600_000,
          refreshToken: null,
          refreshExpiresAt: null,
          user: { id: 1, email: 'a@b.c', display_name: 'A', role: 'student', created_at: '' },
        }),
      );
    }
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
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
    expect(backend.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
    expect(backend.expectOne('/api/auth/refresh').request.headers.has('Authorization')).toBe(false);
  });

  it('sends no header when signed out', () => {
    setup(false);
    http.get('/api/exams').subscribe();
    expect(backend.expectOne('/api/exams').request.headers.has('Authorization')).toBe(false);
  });
});
