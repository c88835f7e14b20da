import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { AuthConfigService, providerName } from '../../core/auth/auth-config';
import { AuthService } from '../../core/auth/auth.service';
import { OidcService } from '../../core/auth/oidc.service';
import { applyServerErrors } from '../../shared/server-errors';
import { safeReturnUrl } from './return-url';

@Component({
  selector: 'app-sign-in-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  templateUrl: './sign-in.page.html',
  styleUrl: './auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly oidc = inject(OidcService);
  private readonly authConfig = inject(AuthConfigService);

  /** Which ways to sign in the server offers (GET /api/auth/config). */
  protected readonly loaded = this.authConfig.loaded;
  protected readonly passwordLogin = computed(() => this.authConfig.config().password_login);
  protected readonly registration = computed(() => this.authConfig.config().registration);
  protected readonly provider = computed(() => {
    const oidc = this.authConfig.config().oidc;
    return oidc ? providerName(oidc.issuer) : null;
  });

  /** Query parameter: the page to return to. */
  readonly returnUrl = input<string | undefined>();
  protected readonly target = computed(() => safeReturnUrl(this.returnUrl()));

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.maxLength(256)]],
  });
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly showPassword = signal(false);

  constructor() {
    void this.authConfig.load();
  }

  /** Off to the identity provider; the callback page brings the user back to `target()`. */
  protected signInWithProvider(): void {
    if (this.submitting()) return;
    this.formError.set(null);
    this.submitting.set(true);
    this.oidc.signIn(this.target()).catch(() => {
      this.submitting.set(false);
      this.formError.set('The sign-in service cannot be reached. Try again in a moment.');
    });
  }

  protected submit(): void {
    if (this.submitting()) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.auth.signIn(this.form.getRawValue()).subscribe({
      next: () => void this.router.navigateByUrl(this.target()),
      error: (error: unknown) => {
        this.submitting.set(false);
        this.formError.set(applyServerErrors(this.form, error));
      },
    });
  }
}
