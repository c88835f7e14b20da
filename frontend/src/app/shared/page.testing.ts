import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, type Provider, type Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { type Routes, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

/** No open/close animations: dialogs and menus open, close and focus at once. */
const NO_ANIMATIONS: Provider = {
  provide: MATERIAL_ANIMATIONS,
  useValue: { animationsDisabled: true },
};

/**
 * For the specs: a page under its routes (route and query parameters bound to inputs), with the
 * HTTP layer under test and `providers` (e.g. stubs); the router harness and the HTTP controller.
 */
export async function routedPage(
  routes: Routes,
  providers: Provider[] = [],
): Promise<{ harness: RouterTestingHarness; http: HttpTestingController }> {
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes, withComponentInputBinding()),
      provideHttpClient(),
      provideHttpClientTesting(),
      NO_ANIMATIONS,
      ...providers,
    ],
  });
  return {
    http: TestBed.inject(HttpTestingController),
    harness: await RouterTestingHarness.create(),
  };
}

export interface DialogUnderTest<R> {
  /** The dialog's element (closed dialogs of earlier tests may linger in the DOM). */
  element: () => HTMLElement;
  http: HttpTestingController;
  appRef: ApplicationRef;
  /** What the dialog closed with: 'open' while it is open. */
  result: () => R | undefined | 'open';
}

/** For the specs: `component` opened through MatDialog with `data`, the HTTP layer under test. */
export function dialogUnderTest<C, D, R>(
  component: Type<C>,
  selector: string,
  data: D,
  providers: Provider[] = [],
): DialogUnderTest<R> {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting(), NO_ANIMATIONS, ...providers],
  });
  let result: R | undefined | 'open' = 'open';
  const appRef = TestBed.inject(ApplicationRef);
  TestBed.inject(MatDialog)
    .open<C, D, R>(component, { data })
    .afterClosed()
    .subscribe((value) => (result = value));
  appRef.tick();
  return {
    element: () => [...document.querySelectorAll<HTMLElement>(selector)].at(-1)!,
    http: TestBed.inject(HttpTestingController),
    appRef,
    result: () => result,
  };
}
