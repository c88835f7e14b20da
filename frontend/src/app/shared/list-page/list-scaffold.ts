import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  TemplateRef,
  contentChild,
  inject,
  input,
  output,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import type { Page } from '../../core/api/api-types';
import type { PagedList } from './list-state';

interface PageContext<T> {
  $implicit: Page<T>;
}

/** The items of a page: `<ng-template [appListItems]="shown()" let-page>`. */
@Directive({ selector: 'ng-template[appListItems]' })
export class ListItems<T> {
  /** The page shown (only for the template's type). */
  readonly appListItems = input<Page<T> | undefined>();
  readonly template = inject<TemplateRef<PageContext<T>>>(TemplateRef);

  static ngTemplateContextGuard<T>(_dir: ListItems<T>, ctx: unknown): ctx is PageContext<T> {
    return ctx !== null; // only for the template type checker
  }
}

/** What a page with no items says: `<ng-template [appListEmpty]="shown()" let-page>`. */
@Directive({ selector: 'ng-template[appListEmpty]' })
export class ListEmpty<T> {
  readonly appListEmpty = input<Page<T> | undefined>();
  readonly template = inject<TemplateRef<PageContext<T>>>(TemplateRef);

  static ngTemplateContextGuard<T>(_dir: ListEmpty<T>, ctx: unknown): ctx is PageContext<T> {
    return ctx !== null; // only for the template type checker
  }
}

/**
 * The frame of a paged list: the loading bar, the number found (for screen readers), the
 * "could not be loaded" panel with a retry, the empty state or the items, and the paginator.
 * The page brings its items and its empty state as templates.
 */
@Component({
  selector: 'app-list-scaffold',
  imports: [
    NgTemplateOutlet,
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
  ],
  template: `
    @let l = list();
    <div class="progress-slot">
      @if (l.loading()) {
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="l.labels.loading" />
      }
    </div>

    @if (l.countText; as countText) {
      <p class="visually-hidden" aria-live="polite">
        @if (l.shown(); as p) {
          {{ countText(p.total) }}
        }
      </p>
    }

    @if (l.failed() && !l.shown()) {
      <section class="state-panel" role="alert">
        <mat-icon class="state-icon" aria-hidden="true">cloud_off</mat-icon>
        <h2>{{ l.labels.error }}</h2>
        <p i18n="@@list.checkConnection">Check your connection and try again.</p>
        <button mat-stroked-button type="button" (click)="l.reload()" i18n="@@common.tryAgain">
          Try again
        </button>
      </section>
    } @else if (l.shown(); as p) {
      @if (p.items.length === 0) {
        @if (empty(); as e) {
          <ng-container *ngTemplateOutlet="e.template; context: { $implicit: p }" />
        }
      } @else {
        @if (items(); as i) {
          <ng-container *ngTemplateOutlet="i.template; context: { $implicit: p }" />
        }
        @if (p.total > l.pageSizes[0]) {
          <mat-paginator
            [length]="p.total"
            [pageIndex]="p.page - 1"
            [pageSize]="p.per_page"
            [pageSizeOptions]="l.pageSizes"
            (page)="pageChange.emit($event)"
            [attr.aria-label]="l.labels.paginator"
          />
        }
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .progress-slot {
      height: 4px;
      margin-bottom: 12px;
    }
    mat-paginator {
      background: transparent;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListScaffold {
  readonly list = input.required<PagedList<unknown>>();

  readonly pageChange = output<PageEvent>();

  protected readonly items = contentChild(ListItems);
  protected readonly empty = contentChild(ListEmpty);
}
