import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { OidcService } from '../../core/auth/oidc.service';
import { safeReturnUrl } from './return-url';

/**
 * Where the identity provider sends the browser back (/auth/callback?code=…&state=…): completes
 * the sign-in, lets the API say who the user is, then goes on to the page they came from.
 */
@Component({
  selector: 'app-auth-callback-page',
  imports: [RouterLink, MatButtonModule, MatIconModule, MatProgressBarModule],
  template: `
    <div class="page page-narrow">
      @if (error(); as message) {
        <h1 i18n="@@callback.title" class="page-title">Sign-in failed</h1>
        <p class="form-error" role="alert">
          <mat-icon aria-hidden="true">error</mat-icon>
          <span>{{ message }}</span>
        </p>
        <a i18n="@@callback.tryAgain" mat-flat-button routerLink="/sign-in">Try again</a>
      } @else {
        <h1 i18n="@@callback.signingIn" class="page-title">Signing you in…</h1>
        <mat-progress-bar
          mode="indeterminate"
          aria-label="Signing in"
          i18n-aria-label="@@signIn.progress"
        />
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuthCallbackPage {
  private readonly auth = inject(AuthService);
  private readonly oidc = inject(OidcService);
  private readonly router = inject(Router);

  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.complete();
  }

  private async complete(): Promise<void> {
    try {
      const { token, returnUrl } = await this.oidc.completeSignIn();
      await firstValueFrom(this.auth.signInWithOidc(token));
      await this.router.navigateByUrl(safeReturnUrl(returnUrl), { replaceUrl: true });
    } catch {
      this.error.set(
        $localize`:@@callback.failed:The sign-in could not be completed. Please try again.`,
      );
    }
  }
}
