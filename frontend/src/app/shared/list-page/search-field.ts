import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { type FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

/** A list's search box, with a button that clears it. */
@Component({
  selector: 'app-search-field',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
  ],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>{{ label() }}</mat-label>
      <mat-icon matPrefix>search</mat-icon>
      <input matInput type="search" [formControl]="control()" autocomplete="off" />
      @if (control().value) {
        <button
          mat-icon-button
          matSuffix
          type="button"
          aria-label="Clear search"
          i18n-aria-label="@@list.clearSearch"
          (click)="clear()"
        >
          <mat-icon>close</mat-icon>
        </button>
      }
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchField {
  readonly label = input.required<string>();
  readonly control = input.required<FormControl<string>>();
  /** After the clear button emptied the box (the page may search at once). */
  readonly cleared = output();

  protected clear(): void {
    this.control().setValue('');
    this.cleared.emit();
  }
}
