import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { AuthService } from '../../core/auth/auth.service';
import { Notifier } from '../../core/notifier';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { EMAIL_MAX, EmailField, PASSWORD_MAX, PASSWORD_MIN, PasswordField } from './auth-fields';
import { safeReturnUrl } from './return-url';

/** The server's limit (auth/schemas.py). */
export const DISPLAY_NAME_MAX = 120;

@Component({
  selector: 'app-register-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    EmailField,
    FormError,
    PasswordField,
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
  protected readonly limits = { PASSWORD_MIN, DISPLAY_NAME_MAX };

  protected readonly form = inject(FormBuilder).nonNullable.group({
    display_name: ['', [Validators.required, Validators.maxLength(DISPLAY_NAME_MAX)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(EMAIL_MAX)]],
    password: [
      '',
      [Validators.required, Validators.minLength(PASSWORD_MIN), Validators.maxLength(PASSWORD_MAX)],
    ],
  });
  protected readonly submission = new FormSubmission();

  protected submit(): void {
    const { display_name, email, password } = this.form.getRawValue();
    this.submission.submit(
      this.form,
      () =>
        this.auth.register({ display_name: display_name.trim(), email: email.trim(), password }),
      (user) => {
        const name = user.display_name;
        this.notifier.info(
          $localize`:@@register.welcome:Welcome, ${name}:name:! Your account is ready.`,
        );
        void this.router.navigateByUrl(this.target());
      },
    );
  }
}
