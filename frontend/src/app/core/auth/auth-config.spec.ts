import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { AuthConfigService, DEFAULT_AUTH_CONFIG, providerName } from './auth-config';

describe('AuthConfigService', () => {
  function setup(): { config: AuthConfigService; http: HttpTestingController } {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    return {
      config: TestBed.inject(AuthConfigService),
      http: TestBed.inject(HttpTestingController),
    };
  }

  it('reads the configuration once', async () => {
    const { config, http } = setup();
    const first = config.load();
    void config.load();
    expect(config.loaded()).toBe(false);
    const served = { password_login: false, registration: false, oidc: null };
    http.expectOne('/api/auth/config').flush(served);
    expect(await first).toEqual(served);
    expect(config.loaded()).toBe(true);
    expect(config.config()).toEqual(served);
  });

  it('falls back to password accounts when the server cannot say', async () => {
    const { config, http } = setup();
    const loading = config.load();
    http.expectOne('/api/auth/config').flush('x', { status: 500, statusText: 'Error' });
    expect(await loading).toEqual(DEFAULT_AUTH_CONFIG);
  });
});

describe('providerName', () => {
  it('names well-known providers, else shows the host', () => {
    expect(providerName('https://tenant.eu.auth0.com/')).toBe('Auth0');
    expect(providerName('https://kc.example.org/realms/exams')).toBe('Keycloak');
    expect(providerName('http://127.0.0.1:4010')).toBe('127.0.0.1:4010');
    expect(providerName('not a url')).toBe('your organization');
  });
});
