import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { LtiApi, type LtiPlatform } from '../../core/api/lti-api';
import { Notifier } from '../../core/notifier';

const URL_PATTERN = /^https?:\/\/\S+$/;

/**
 * Learning platforms (LTI 1.3) registered with this server: what the platform told us (issuer,
 * client id, deployment ids, its login/token/key-set URLs) and, above, what to enter on the
 * platform's side (our login, launch and key-set URLs).
 */
@Component({
  selector: 'app-lti-platforms',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    @if (tool.value(); as urls) {
      <section aria-labelledby="tool-urls">
        <h2 id="tool-urls" i18n="@@author.lti.platforms.enterThese">Enter these on the platform</h2>
        <dl class="urls">
          <dt i18n="@@author.lti.platforms.loginUrl">Login initiation URL</dt>
          <dd>{{ urls.login_url }}</dd>
          <dt i18n="@@author.lti.platforms.launchUrl">Redirect / launch URL (also deep linking)</dt>
          <dd>{{ urls.launch_url }}</dd>
          <dt i18n="@@author.lti.platforms.jwksUrl">Public keyset URL</dt>
          <dd>{{ urls.jwks_url }}</dd>
        </dl>
      </section>
    }
    <h2 i18n="@@author.lti.platforms.registered">Registered platforms</h2>
    <table class="platforms">
      <thead>
        <tr>
          <th i18n="@@author.lti.platforms.col.name">Name</th>
          <th i18n="@@author.lti.platforms.col.issuer">Issuer</th>
          <th i18n="@@author.lti.platforms.col.clientId">Client id</th>
          <th i18n="@@author.lti.platforms.col.deployments">Deployments</th>
          <th>
            <span class="cdk-visually-hidden" i18n="@@author.lti.platforms.col.actions"
              >Actions</span
            >
          </th>
        </tr>
      </thead>
      <tbody>
        @for (p of platforms.value()?.items ?? []; track p.id) {
          <tr>
            <td>{{ p.name }}</td>
            <td>{{ p.issuer }}</td>
            <td>{{ p.client_id }}</td>
            <td>{{ p.deployment_ids.join(', ') }}</td>
            <td>
              <button
                mat-button
                type="button"
                (click)="remove(p)"
                i18n="@@author.lti.platforms.remove"
              >
                Remove
              </button>
            </td>
          </tr>
        } @empty {
          <tr>
            <td colspan="5" i18n="@@author.lti.platforms.none">No platform is registered yet.</td>
          </tr>
        }
      </tbody>
    </table>
    <h2 i18n="@@author.lti.platforms.registerTitle">Register a platform</h2>
    <form [formGroup]="form" (ngSubmit)="create()" class="register">
      @for (field of fields; track field.name) {
        <mat-form-field>
          <mat-label>{{ field.label }}</mat-label>
          <input matInput [formControlName]="field.name" />
          @if (field.hint) {
            <mat-hint>{{ field.hint }}</mat-hint>
          }
        </mat-form-field>
      }
      <button
        mat-flat-button
        type="submit"
        [disabled]="busy()"
        i18n="@@author.lti.platforms.register"
      >
        Register
      </button>
    </form>
  `,
  styles: `
    .urls dd {
      font-family: monospace;
      margin: 0 0 0.5rem;
      overflow-wrap: anywhere;
    }
    .platforms {
      border-collapse: collapse;
      width: 100%;
      margin-bottom: 1rem;
    }
    .platforms th,
    .platforms td {
      text-align: start;
      padding: 0.25rem 0.5rem;
    }
    .register {
      display: flex;
      flex-direction: column;
      max-width: 40rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LtiPlatforms {
  private readonly api = inject(LtiApi);
  private readonly notifier = inject(Notifier);

  protected readonly tool = rxResource({ stream: () => this.api.tool() });
  protected readonly platforms = rxResource({ stream: () => this.api.platforms() });
  protected readonly busy = signal(false);
  protected readonly fields = [
    {
      name: 'name',
      label: $localize`:@@author.lti.platforms.field.name:Name`,
      hint: $localize`:@@author.lti.platforms.field.nameHint:e.g. "School Moodle"`,
    },
    {
      name: 'issuer',
      label: $localize`:@@author.lti.platforms.field.issuer:Issuer (platform id)`,
      hint: '',
    },
    {
      name: 'client_id',
      label: $localize`:@@author.lti.platforms.field.clientId:Client id`,
      hint: '',
    },
    {
      name: 'deployment_ids',
      label: $localize`:@@author.lti.platforms.field.deployments:Deployment ids`,
      hint: $localize`:@@author.lti.platforms.field.deploymentsHint:Comma-separated`,
    },
    {
      name: 'auth_login_url',
      label: $localize`:@@author.lti.platforms.field.authUrl:Authentication request URL`,
      hint: '',
    },
    {
      name: 'token_url',
      label: $localize`:@@author.lti.platforms.field.tokenUrl:Access token URL`,
      hint: '',
    },
    {
      name: 'jwks_url',
      label: $localize`:@@author.lti.platforms.field.jwksUrl:Public keyset URL`,
      hint: '',
    },
  ] as const;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    issuer: ['', [Validators.required, Validators.maxLength(255)]],
    client_id: ['', [Validators.required, Validators.maxLength(255)]],
    deployment_ids: ['', Validators.required],
    auth_login_url: ['', [Validators.required, Validators.pattern(URL_PATTERN)]],
    token_url: ['', [Validators.required, Validators.pattern(URL_PATTERN)]],
    jwks_url: ['', [Validators.required, Validators.pattern(URL_PATTERN)]],
  });

  protected create(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const deployments = value.deployment_ids
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id);
    this.busy.set(true);
    this.api.createPlatform({ ...value, deployment_ids: deployments }).subscribe({
      next: (platform) => {
        this.busy.set(false);
        this.form.reset();
        this.notifier.info(
          $localize`:@@author.lti.platforms.registeredNote:Platform ${platform.name}:name: registered.`,
        );
        this.platforms.reload();
      },
      error: () => this.busy.set(false),
    });
  }

  protected remove(platform: LtiPlatform): void {
    this.api.deletePlatform(platform.id).subscribe(() => {
      this.notifier.info(
        $localize`:@@author.lti.platforms.removedNote:Platform ${platform.name}:name: removed.`,
      );
      this.platforms.reload();
    });
  }
}
