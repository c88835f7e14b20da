import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { AuthConfigService, providerName } from '../../core/auth/auth-config';
import { AuthService } from '../../core/auth/auth.service';
import { OidcService } from '../../core/auth/oidc.service';
import { LanguagePicker } from '../../core/i18n/language-picker';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { EMAIL_MAX, EmailField, PASSWORD_MAX, PasswordField } from './auth-fields';
import { safeReturnUrl } from './return-url';

@Component({
  selector: 'app-sign-in-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    EmailField,
    FormError,
    PasswordField,
    LanguagePicker,
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
    email: ['', [Validators.required, Validators.email, Validators.maxLength(EMAIL_MAX)]],
    password: ['', [Validators.required, Validators.maxLength(PASSWORD_MAX)]],
  });
  protected readonly submission = new FormSubmission();

  constructor() {
    void this.authConfig.load();
  }

  /** Off to the identity provider; the callback page brings the user back to `target()`. */
  protected signInWithProvider(): void {
    const { submitting, error } = this.submission;
    if (submitting()) return;
    error.set(null);
    submitting.set(true);
    this.oidc.signIn(this.target()).catch(() => {
      submitting.set(false);
      error.set(
        $localize`:@@signIn.providerUnreachable:The sign-in service cannot be reached. Try again in a moment.`,
      );
    });
  }

  protected submit(): void {
    this.submission.submit(
      this.form,
      () => this.auth.signIn(this.form.getRawValue()),
      () => void this.router.navigateByUrl(this.target()),
    );
  }
}
