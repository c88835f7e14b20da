import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { AuthService } from '../../core/auth/auth.service';
import { Notifier } from '../../core/notifier';
import { applyServerErrors } from '../../shared/server-errors';
import { safeReturnUrl } from './return-url';

/** The server's limits (auth/schemas.py). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 120;
export const EMAIL_MAX = 254;

@Component({
  selector: 'app-register-page',
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
  templateUrl: './register.page.html',
  styleUrl: './auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegisterPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);

  readonly returnUrl = input<string | undefined>();
  protected readonly target = computed(() => safeReturnUrl(this.returnUrl()));
  protected readonly limits = { PASSWORD_MIN, PASSWORD_MAX, DISPLAY_NAME_MAX };

  protected readonly form = inject(FormBuilder).nonNullable.group({
    display_name: ['', [Validators.required, Validators.maxLength(DISPLAY_NAME_MAX)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(EMAIL_MAX)]],
    password: [
      '',
      [Validators.required, Validators.minLength(PASSWORD_MIN), Validators.maxLength(PASSWORD_MAX)],
    ],
  });
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly showPassword = signal(false);

  protected submit(): void {
    if (this.submitting()) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    const { display_name, email, password } = this.form.getRawValue();
    this.auth
      .register({ display_name: display_name.trim(), email: email.trim(), password })
      .subscribe({
        next: (user) => {
          this.notifier.info(`Welcome, ${user.display_name}! Your account is ready.`);
          void this.router.navigateByUrl(this.target());
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.formError.set(applyServerErrors(this.form, error));
        },
      });
  }
}
