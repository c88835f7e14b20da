import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { AuthService } from './core/auth/auth.service';
import { LanguagePicker } from './core/i18n/language-picker';
import { LOCALES, LOCALE_NAMES, type Locale } from './core/i18n/locale';
import { LocaleService } from './core/i18n/locale.service';
import { Notifier } from './core/notifier';

interface NavLink {
  path: string;
  label: string;
  icon: string;
}

const ROLE_LABELS: Record<string, string> = {
  student: $localize`:@@app.role.student:Student`,
  author: $localize`:@@app.role.author:Author`,
  admin: $localize`:@@app.role.admin:Administrator`,
};

@Component({
  selector: 'app-root',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatDividerModule,
    LanguagePicker,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  protected readonly locales = inject(LocaleService);
  protected readonly localeOptions = LOCALES;
  protected readonly localeNames = LOCALE_NAMES;

  /** The toolbar's links for who is signed in (the server still checks every request). */
  protected readonly links = computed<NavLink[]>(() => {
    const links: NavLink[] = [
      { path: '/exams', label: $localize`:@@app.nav.exams:Exams`, icon: 'quiz' },
    ];
    if (this.auth.hasRole('student')) {
      links.unshift({
        path: '/my-courses',
        label: $localize`:@@app.nav.myCourses:My courses`,
        icon: 'school',
      });
    }
    if (this.auth.isSignedIn()) {
      links.push({
        path: '/me/results',
        label: $localize`:@@app.nav.myResults:My results`,
        icon: 'insights',
      });
    }
    if (this.auth.hasRole('author', 'admin')) {
      links.push({
        path: '/author',
        label: $localize`:@@app.nav.author:Author`,
        icon: 'edit_note',
      });
      links.push({ path: '/bank', label: $localize`:@@app.nav.bank:Bank`, icon: 'inventory_2' });
      links.push({
        path: '/courses',
        label: $localize`:@@app.nav.courses:Courses`,
        icon: 'groups',
      });
    }
    if (this.auth.hasRole('admin')) {
      links.push({
        path: '/admin',
        label: $localize`:@@app.nav.admin:Admin`,
        icon: 'admin_panel_settings',
      });
    }
    return links;
  });

  constructor() {
    this.auth.refreshUser();
    // The account's language (when the server keeps one) wins over this browser's.
    effect(() => {
      const user = this.auth.user() as { locale?: unknown } | null;
      untracked(() => this.locales.adopt(user?.locale));
    });
  }

  protected accountMenuLabel(name: string): string {
    return $localize`:@@app.accountMenu:Account menu for ${name}:name:`;
  }

  protected chooseLocale(locale: Locale): void {
    if (locale !== this.locales.current) void this.locales.choose(locale, true);
  }

  protected readonly roleLabel = computed(() => {
    const role = this.auth.role();
    return role ? (ROLE_LABELS[role] ?? role) : '';
  });

  protected signOut(): void {
    this.auth.signOut({ endProviderSession: true });
    void this.router.navigateByUrl('/exams');
    this.notifier.info($localize`:@@app.signedOut:You are signed out.`);
  }
}
