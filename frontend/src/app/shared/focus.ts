import { FocusMonitor } from '@angular/cdk/a11y';
import { EnvironmentInjector, Injectable, afterNextRender, inject } from '@angular/core';

/**
 * Moves the keyboard focus where a page's change just put something (a refused publish's
 * checklist, a question that moved): after the next render, since the target may only just
 * have appeared, and through the CDK's FocusMonitor, so focus styles know the program did it.
 */
@Injectable({ providedIn: 'root' })
export class FocusMover {
  private readonly focusMonitor = inject(FocusMonitor);
  private readonly injector = inject(EnvironmentInjector);

  /** Focuses what `target` finds after the next render (nothing if it finds nothing). */
  afterRender(target: () => HTMLElement | null | undefined, options?: FocusOptions): void {
    afterNextRender({ read: () => this.now(target(), options) }, { injector: this.injector });
  }

  now(element: HTMLElement | null | undefined, options?: FocusOptions): void {
    if (element) this.focusMonitor.focusVia(element, 'program', options);
  }
}
