import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';

export const APP_NAME = $localize`:@@app.brand:Online Exam`;

/** "<page> · Online Exam" in the browser tab: screen readers announce it on navigation. */
@Injectable({ providedIn: 'root' })
export class PageTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.setPageTitle(this.buildTitle(snapshot));
  }

  /** For pages whose title is known only after loading (e.g. an exam's name). */
  setPageTitle(page: string | undefined): void {
    this.title.setTitle(page ? `${page} · ${APP_NAME}` : APP_NAME);
  }
}
