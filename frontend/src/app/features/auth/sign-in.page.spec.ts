import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import type { AuthConfig } from '../../core/api/api-types';
import { OidcService } from '../../core/auth/oidc.service';
import { Notifier } from '../../core/notifier';
import { SignInPage } from './sign-in.page';

const keycloak = {
  issuer: 'https://kc.example.org/realms/online-exam',
  client_id: 'online-exam-spa',
  audience: 'online-exam-api',
  scopes: ['openid', 'profile', 'email'],
};

describe('SignInPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const oidc = { signIn: vi.fn(() => Promise.resolve()), renewed: new Subject(), renew: vi.fn() };

  async function open(config: AuthConfig | null): Promise<void> {
    localStorage.clear();
    oidc.signIn.mockClear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'sign-in', component: SignInPage },
            { path: '**', children: [] },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Notifier, useValue: { error: vi.fn(), info: vi.fn() } },
        { provide: OidcService, useValue: oidc },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/sign-in?returnUrl=%2Fexams%2F4');
    const request = http.expectOne('/api/auth/config');
    if (config) request.flush(config);
    else request.flush('down', { status: 502, statusText: 'Bad Gateway' });
    await settle();
  }

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function settle(): Promise<void> {
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
    harness.fixture.detectChanges();
  }
  const root = () => harness.routeNativeElement as HTMLElement;
  const providerButton = () => root().querySelector<HTMLButtonElement>('.provider-button');

  it('shows the password form and the register link when there is no provider', async () => {
    await open({ password_login: true, registration: true, oidc: null });
    expect(root().querySelector('form')).not.toBeNull();
    expect(root().querySelector('a[href^="/register"]')).not.toBeNull();
    expect(root().querySelector('a[href="/forgot-password"]')?.textContent).toContain(
      'Forgot password?',
    );
    expect(providerButton()).toBeNull();
  });

  it('falls back to the password form when the configuration cannot be read', async () => {
    await open(null);
    expect(root().querySelector('form')).not.toBeNull();
    expect(providerButton()).toBeNull();
  });

  it('offers the provider next to the password form', async () => {
    await open({ password_login: true, registration: false, oidc: keycloak });
    expect(providerButton()?.textContent).toContain('Sign in with Keycloak');
    expect(root().querySelector('form')).not.toBeNull();
    expect(root().querySelector('a[href^="/register"]')).toBeNull();
  });

  it('offers only the provider when password sign-in is off, and goes there with the return URL', async () => {
    await open({ password_login: false, registration: false, oidc: keycloak });
    expect(root().querySelector('form')).toBeNull();
    expect(root().querySelector('a[href^="/register"]')).toBeNull();
    expect(root().querySelector('a[href="/forgot-password"]')).toBeNull();
    providerButton()!.click();
    await harness.fixture.whenStable();
    expect(oidc.signIn).toHaveBeenCalledWith('/exams/4');
  });

  it('says so when the provider cannot be reached', async () => {
    await open({ password_login: false, registration: false, oidc: keycloak });
    oidc.signIn.mockImplementationOnce(() => Promise.reject(new Error('offline')));
    providerButton()!.click();
    await settle();
    expect(root().querySelector('[role=alert]')?.textContent).toContain('cannot be reached');
  });

  it('says that signing in is unavailable when nothing is enabled', async () => {
    await open({ password_login: false, registration: false, oidc: null });
    expect(root().querySelector('form')).toBeNull();
    expect(root().textContent).toContain('Signing in is not available');
  });
});
