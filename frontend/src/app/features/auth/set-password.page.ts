import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  FormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { apiErrorMessage } from '../../core/api/api-error';
import { AuthApi } from '../../core/api/auth-api';
import { AuthService } from '../../core/auth/auth.service';
import { Notifier } from '../../core/notifier';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { PASSWORD_MAX, PASSWORD_MIN, PasswordField } from './auth-fields';

/** The two password fields agree (the error sits on `confirm`, where it is shown). */
function confirmMatches(group: AbstractControl): ValidationErrors | null {
  const confirm = group.get('confirm');
  const differs = confirm?.value && confirm.value !== group.get('password')?.value;
  if (confirm) {
    const others: ValidationErrors = { ...confirm.errors };
    delete others['mismatch'];
    confirm.setErrors(
      differs ? { ...others, mismatch: true } : Object.keys(others).length ? others : null,
    );
  }
  return null;
}

/**
 * The target of a set-password link (a new account's set-up, or a reset): shows whose account
 * it is, takes the new password twice and signs in. A used, replaced or expired link says so
 * and offers a new one.
 */
@Component({
  selector: 'app-set-password-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    FormError,
    PasswordField,
  ],
  templateUrl: './set-password.page.html',
  styleUrl: './auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SetPasswordPage {
  private readonly api = inject(AuthApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);

  /** Route parameter: the link's token. */
  readonly token = input.required<string>();

  protected readonly link = rxResource({
    params: () => this.token(),
    stream: ({ params }) => this.api.passwordToken(params),
  });
  /** The link is unknown, used, replaced by a newer one or expired. */
  protected readonly invalid = computed(() => {
    const error = this.link.error();
    return error instanceof HttpErrorResponse && error.status === 404;
  });
  protected readonly loadError = computed(() => {
    const error = this.link.error();
    return error && !this.invalid() ? apiErrorMessage(error) : null;
  });

  protected readonly limits = { PASSWORD_MIN };
  protected readonly form = inject(FormBuilder).nonNullable.group(
    {
      password: [
        '',
        [
          Validators.required,
          Validators.minLength(PASSWORD_MIN),
          Validators.maxLength(PASSWORD_MAX),
        ],
      ],
      confirm: ['', [Validators.required]],
    },
    { validators: confirmMatches },
  );
  protected readonly submission = new FormSubmission();

  protected submit(): void {
    const { password } = this.form.getRawValue();
    this.submission.submit(
      this.form,
      () => this.auth.setPassword({ token: this.token(), password }),
      (user) => {
        const name = user.display_name;
        this.notifier.info(
          $localize`:@@setPassword.done:Your password is set. Welcome, ${name}:name:!`,
        );
        void this.router.navigateByUrl('/');
      },
    );
  }
}
