import { Injectable, inject } from '@angular/core';
import type { User as OidcUser, UserManager } from 'oidc-client-ts';
import { Subject } from 'rxjs';

import { AuthConfigService } from './auth-config';

/** The SPA's redirect URI at the provider (register it there). */
export const OIDC_CALLBACK_PATH = '/auth/callback';

/** A provider access token, the Bearer token for /api. */
export interface OidcToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** After the provider sent the browser back: its token and where the user was going. */
export interface OidcSignIn {
  token: OidcToken;
  returnUrl: string | null;
}

/**
 * Sign-in at the OpenID Connect provider with oidc-client-ts: authorization code flow with PKCE,
 * renewal with the provider's refresh token (`signinSilent` uses the refresh token grant when it
 * has one: no iframe, no third-party cookies), end_session on sign-out
 * when the provider advertises it. The library is loaded only when a provider is configured and
 * used. Its own user record lives in localStorage; AuthService keeps the session the app uses.
 */
@Injectable({ providedIn: 'root' })
export class OidcService {
  private readonly config = inject(AuthConfigService);
  private manager: Promise<UserManager> | null = null;

  /** Access tokens the library loaded (signed in or renewed, also in another tab's run). */
  readonly renewed = new Subject<OidcToken>();

  /** Sends the browser to the provider; it comes back to OIDC_CALLBACK_PATH. */
  async signIn(returnUrl: string): Promise<void> {
    const manager = await this.userManager();
    await manager.signinRedirect({ state: { returnUrl } });
  }

  /** Completes the sign-in on the callback page (checks state, exchanges the code with PKCE). */
  async completeSignIn(url = location.href): Promise<OidcSignIn> {
    const manager = await this.userManager();
    const user = await manager.signinRedirectCallback(url);
    const state = user.state as { returnUrl?: unknown } | undefined;
    return {
      token: tokenOf(user),
      returnUrl: typeof state?.returnUrl === 'string' ? state.returnUrl : null,
    };
  }

  /** A renewed access token (refresh token grant), or null when the session cannot be renewed. */
  async renew(): Promise<OidcToken | null> {
    try {
      const user = await (await this.userManager()).signinSilent();
      return user && !user.expired ? tokenOf(user) : null;
    } catch {
      return null;
    }
  }

  /**
   * Forgets the provider tokens here; with `endProviderSession`, also ends the session at the
   * provider (its end_session_endpoint, when advertised: the browser goes there and comes back).
   */
  async signOut(endProviderSession: boolean): Promise<void> {
    const manager = await this.userManager();
    const user = await manager.getUser();
    await manager.removeUser();
    if (!endProviderSession) return;
    const endSession = await manager.metadataService.getEndSessionEndpoint().catch(() => undefined);
    if (!endSession) return;
    await manager.signoutRedirect({ id_token_hint: user?.id_token });
  }

  private userManager(): Promise<UserManager> {
    this.manager ??= this.create();
    return this.manager;
  }

  private async create(): Promise<UserManager> {
    const oidc = (await this.config.load()).oidc;
    if (!oidc) throw new Error('No OpenID Connect provider is configured.');
    const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
    const origin = location.origin;
    const manager = new UserManager({
      authority: oidc.issuer,
      client_id: oidc.client_id,
      redirect_uri: origin + OIDC_CALLBACK_PATH,
      post_logout_redirect_uri: origin + '/',
      response_type: 'code',
      scope: oidc.scopes.join(' ') || 'openid',
      // Auth0 issues a JWT access token for the API only when asked for its audience.
      extraQueryParams: oidc.audience ? { audience: oidc.audience } : {},
      userStore: new WebStorageStateStore({ store: localStorage }),
      // AuthService decides when to renew (ahead of expiry, on demand, one tab at a time).
      automaticSilentRenew: false,
      loadUserInfo: false,
      monitorSession: false, // would need the provider's session iframe (third-party cookies)
    });
    manager.events.addUserLoaded((user) => this.renewed.next(tokenOf(user)));
    return manager;
  }
}

function tokenOf(user: OidcUser): OidcToken {
  const expiresAt = user.expires_at ? user.expires_at * 1000 : Date.now() + 5 * 60_000;
  return { accessToken: user.access_token, expiresAt };
}
