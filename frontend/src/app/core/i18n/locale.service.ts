import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  NavigationCancel,
  NavigationEnd,
  NavigationError,
  NavigationSkipped,
  Router,
} from '@angular/router';
import { filter, firstValueFrom, take } from 'rxjs';

import { handledByCaller } from '../api/error-handling';
import { type Locale, activeLocale, isLocale, storeLocale } from './locale';

/**
 * Switching the interface's language: the choice is stored in this browser, saved to the account
 * when signed in, and applied by reloading the page (catalogues are read before Angular starts).
 */
@Injectable({ providedIn: 'root' })
export class LocaleService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  /** The locale this page runs in. */
  readonly current: Locale = activeLocale();

  /**
   * Chooses `locale`. When signed in, the account keeps it too; a server without the setting
   * (404/405) or a failure leaves the choice in this browser only.
   */
  async choose(locale: Locale, signedIn: boolean): Promise<void> {
    storeLocale(locale);
    if (signedIn) {
      try {
        await firstValueFrom(
          this.http.patch('/api/auth/me', { locale }, { context: handledByCaller() }),
        );
      } catch {
        // Kept locally only.
      }
    }
    this.reload();
  }

  /**
   * Adopts the account's language (read from /api/auth/me): stored here, and applied by a reload
   * when it differs from the page's. Returns whether a reload was asked for.
   */
  adopt(accountLocale: unknown): boolean {
    if (!isLocale(accountLocale)) return false;
    storeLocale(accountLocale);
    if (accountLocale === this.current) return false;
    // Right after signing in the router is on its way to the page asked for: reload there.
    if (this.router.getCurrentNavigation()) {
      this.router.events
        .pipe(
          filter(
            (event) =>
              event instanceof NavigationEnd ||
              event instanceof NavigationCancel ||
              event instanceof NavigationError ||
              event instanceof NavigationSkipped,
          ),
          take(1),
        )
        .subscribe(() => this.reload());
    } else {
      this.reload();
    }
    return true;
  }

  /** A seam for tests (a real reload would end the test runner's page). */
  protected reload(): void {
    globalThis.location.reload();
  }
}
