import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import {
  type AbstractControl,
  ControlContainer,
  type FormGroup,
  ReactiveFormsModule,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

/** The server's limits (auth/schemas.py). */
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** The fields join the form they sit in (`formControlName` on the page's `[formGroup]`). */
const IN_PARENT_FORM = {
  provide: ControlContainer,
  useFactory: () => inject(ControlContainer, { skipSelf: true }),
};

const FIELD_IMPORTS = [
  ReactiveFormsModule,
  MatButtonModule,
  MatFormFieldModule,
  MatIconModule,
  MatInputModule,
];

/** The e-mail field of the sign-in and register forms (control `email`). */
@Component({
  selector: 'app-email-field',
  imports: FIELD_IMPORTS,
  viewProviders: [IN_PARENT_FORM],
  template: `
    @let email = control();
    <mat-form-field appearance="outline">
      <mat-label i18n="@@auth.email">E-mail</mat-label>
      <input
        matInput
        type="email"
        formControlName="email"
        [autocomplete]="autocomplete()"
        required
      />
      @if (email.hasError('required')) {
        <mat-error i18n="@@auth.email.required">Enter your e-mail address.</mat-error>
      } @else if (email.hasError('email')) {
        <mat-error i18n="@@auth.email.invalid"
          >Enter a valid e-mail address, like name&#64;example.com.</mat-error
        >
      } @else if (email.hasError('maxlength')) {
        <mat-error i18n="@@auth.email.tooLong">That e-mail address is too long.</mat-error>
      } @else if (email.hasError('server')) {
        <mat-error>{{ email.getError('server') }}</mat-error>
      }
    </mat-form-field>
  `,
  styleUrl: './auth-fields.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmailField {
  private readonly container = inject(ControlContainer);
  /** `username` to sign in, `email` to register (what password managers expect). */
  readonly autocomplete = input<'username' | 'email'>('username');

  protected control(): AbstractControl {
    return (this.container.control as FormGroup).controls['email'];
  }
}

/** The password field (control `password`), with a button that shows what was typed. */
@Component({
  selector: 'app-password-field',
  imports: FIELD_IMPORTS,
  viewProviders: [IN_PARENT_FORM],
  template: `
    @let password = control();
    <mat-form-field appearance="outline">
      <mat-label i18n="@@auth.password">Password</mat-label>
      <input
        matInput
        [type]="visible() ? 'text' : 'password'"
        formControlName="password"
        [autocomplete]="autocomplete()"
        required
      />
      <button
        mat-icon-button
        matSuffix
        type="button"
        (click)="visible.set(!visible())"
        [attr.aria-label]="visible() ? hideLabel : showLabel"
        [attr.aria-pressed]="visible()"
      >
        <mat-icon>{{ visible() ? 'visibility_off' : 'visibility' }}</mat-icon>
      </button>
      @if (minLength(); as min) {
        <mat-hint i18n="@@auth.password.hint">At least {{ min }} characters.</mat-hint>
      }
      @if (password.hasError('required')) {
        <mat-error>{{ requiredMessage() }}</mat-error>
      } @else if (password.hasError('minlength')) {
        <mat-error i18n="@@auth.password.tooShort">
          At least {{ minLength() }} characters ({{ password.value.length }} so far).
        </mat-error>
      } @else if (password.hasError('maxlength')) {
        <mat-error i18n="@@auth.password.tooLong"
          >At most {{ password.getError('maxlength').requiredLength }} characters.</mat-error
        >
      } @else if (password.hasError('server')) {
        <mat-error>{{ password.getError('server') }}</mat-error>
      }
    </mat-form-field>
  `,
  styleUrl: './auth-fields.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordField {
  private readonly container = inject(ControlContainer);
  /** `current-password` to sign in, `new-password` to register. */
  readonly autocomplete = input<'current-password' | 'new-password'>('current-password');
  /** Shown as a hint when a new password must be this long. */
  readonly minLength = input<number>();
  readonly requiredMessage = input($localize`:@@auth.password.required:Enter your password.`);

  protected readonly visible = signal(false);
  protected readonly hideLabel = $localize`:@@auth.password.hide:Hide password`;
  protected readonly showLabel = $localize`:@@auth.password.show:Show password`;

  protected control(): AbstractControl {
    return (this.container.control as FormGroup).controls['password'];
  }
}
