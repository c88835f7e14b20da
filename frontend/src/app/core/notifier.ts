import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

/** Short messages at the bottom of the screen, announced to screen readers. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);

  error(message: string): void {
    this.snackBar.open(message, $localize`:@@common.dismiss:Dismiss`, {
      duration: 8000,
      panelClass: 'app-snackbar-error',
      politeness: 'assertive',
    });
  }

  /** Something went through, with advice worth reading: it stays until dismissed or 15 s. */
  warn(message: string): void {
    this.snackBar.open(message, $localize`:@@common.dismiss:Dismiss`, {
      duration: 15_000,
      panelClass: 'app-snackbar-warning',
      politeness: 'polite',
    });
  }

  info(message: string): void {
    this.snackBar.open(message, undefined, { duration: 4000, politeness: 'polite' });
  }
}
