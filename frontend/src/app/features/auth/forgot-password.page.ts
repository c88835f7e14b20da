import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

import { AuthApi } from '../../core/api/auth-api';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { EMAIL_MAX, EmailField } from './auth-fields';

/**
 * "Forgot password?": asks the server to mail a reset link. The server answers the same whether
 * or not the account exists, and so does this page.
 */
@Component({
  selector: 'app-forgot-password-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatProgressBarModule,
    EmailField,
    FormError,
  ],
  templateUrl: './forgot-password.page.html',
  styleUrl: './auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForgotPasswordPage {
  private readonly api = inject(AuthApi);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(EMAIL_MAX)]],
  });
  protected readonly submission = new FormSubmission();
  /** The server's answer once the request went through. */
  protected readonly sent = signal<string | null>(null);

  protected submit(): void {
    const email = this.form.getRawValue().email.trim();
    this.submission.submit(
      this.form,
      () => this.api.forgotPassword({ email }),
      (answer) => this.sent.set(answer.message),
    );
  }
}
