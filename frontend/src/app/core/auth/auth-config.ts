import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { AuthApi } from '../api/auth-api';
import type { AuthConfig } from '../api/api-types';

/** What a server that cannot be asked offers: its built-in accounts, as before OIDC existed. */
export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  password_login: true,
  registration: true,
  oidc: null,
};

/**
 * How to sign in here (GET /api/auth/config): password accounts, self-registration and/or an
 * OpenID Connect provider. Read once, at startup; until it arrives `loaded()` is false.
 */
@Injectable({ providedIn: 'root' })
export class AuthConfigService {
  private readonly api = inject(AuthApi);
  private loading: Promise<AuthConfig> | null = null;

  readonly config = signal<AuthConfig>(DEFAULT_AUTH_CONFIG);
  readonly loaded = signal(false);

  /** The configuration (fetched on the first call; the defaults if the server cannot say). */
  load(): Promise<AuthConfig> {
    this.loading ??= firstValueFrom(this.api.config()).then(
      (config) => this.settle(config),
      () => this.settle(DEFAULT_AUTH_CONFIG),
    );
    return this.loading;
  }

  private settle(config: AuthConfig): AuthConfig {
    this.config.set(config);
    this.loaded.set(true);
    return config;
  }
}

/** A name for the provider on the "Sign in with …" button, from its issuer URL. */
export function providerName(issuer: string): string {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'your organization';
  }
  if (/(^|\.)auth0\.com$/i.test(url.hostname)) return 'Auth0';
  if (/\/realms\/[^/]+\/?$/.test(url.pathname)) return 'Keycloak';
  return url.host;
}
