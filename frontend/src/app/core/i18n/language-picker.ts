import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';

import { AuthService } from '../auth/auth.service';
import { LOCALES, LOCALE_NAMES, type Locale } from './locale';
import { LocaleService } from './locale.service';

/**
 * A button that opens the list of languages, each named in its own language (with its `lang`, so
 * a screen reader says it right). Choosing one stores it and reloads the page in that language.
 */
@Component({
  selector: 'app-language-picker',
  imports: [MatButtonModule, MatIconModule, MatMenuModule],
  template: `
    @if (compact()) {
      <button
        mat-icon-button
        type="button"
        class="language-button"
        [matMenuTriggerFor]="languageMenu"
        [attr.aria-label]="label"
      >
        <mat-icon aria-hidden="true">translate</mat-icon>
      </button>
    } @else {
      <!-- The name shown is part of the accessible name ("Language: English"). -->
      <button mat-button type="button" class="language-button" [matMenuTriggerFor]="languageMenu">
        <mat-icon aria-hidden="true">translate</mat-icon>
        <span class="visually-hidden">{{ label }}: </span>
        <span [attr.lang]="locales.current">{{ names[locales.current] }}</span>
      </button>
    }
    <mat-menu #languageMenu="matMenu">
      @for (locale of options; track locale) {
        <button
          mat-menu-item
          type="button"
          role="menuitemradio"
          [attr.aria-checked]="locale === locales.current"
          [attr.lang]="locale"
          (click)="choose(locale)"
        >
          <mat-icon aria-hidden="true">{{ locale === locales.current ? 'check' : '' }}</mat-icon>
          <span>{{ names[locale] }}</span>
        </button>
      }
    </mat-menu>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguagePicker {
  /** Icon only (in the toolbar on small screens). */
  readonly compact = input(false);

  protected readonly locales = inject(LocaleService);
  private readonly auth = inject(AuthService);
  protected readonly options = LOCALES;
  protected readonly names = LOCALE_NAMES;
  protected readonly label = $localize`:@@app.language.choose:Language`;

  protected choose(locale: Locale): void {
    if (locale === this.locales.current) return;
    void this.locales.choose(locale, this.auth.isSignedIn());
  }
}
