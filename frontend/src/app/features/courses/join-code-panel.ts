import { Clipboard } from '@angular/cdk/clipboard';
import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { EMPTY, type Observable, switchMap } from 'rxjs';

import type { CourseDetail } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { Notifier } from '../../core/notifier';
import { Busy } from '../../shared/busy';
import { Confirmer } from '../../shared/confirm-dialog';

/** The address a join code opens: signs in if needed, then joins. */
export function joinLink(origin: string, code: string): string {
  return `${origin}/join/${encodeURIComponent(code)}`;
}

/** The course's join code: show it, copy its link, rotate it, turn joining off or on. */
@Component({
  selector: 'app-join-code-panel',
  imports: [MatButtonModule, MatIconModule],
  template: `
    @let c = course();
    <div class="tab-body">
      @if (c.join_code; as code) {
        <p i18n="@@author.join.intro">
          Students join this course with this code, or by opening the link while signed in:
        </p>
        <p class="code" aria-label="Join code" i18n-aria-label="@@author.join.codeLabel">
          {{ code }}
        </p>
        <p class="link">
          <code>{{ link() }}</code>
        </p>
        <div class="buttons">
          <button mat-flat-button type="button" (click)="copyLink()">
            <mat-icon>content_copy</mat-icon>
            <ng-container i18n="@@author.join.copy">Copy link</ng-container>
          </button>
          <button mat-stroked-button type="button" [disabled]="busy.any()" (click)="rotate()">
            <mat-icon>autorenew</mat-icon>
            <ng-container i18n="@@author.join.newCode">New code</ng-container>
          </button>
          <button mat-stroked-button type="button" [disabled]="busy.any()" (click)="turnOff()">
            <mat-icon>block</mat-icon>
            <ng-container i18n="@@author.join.turnOff">Turn joining off</ng-container>
          </button>
        </div>
      } @else {
        <p i18n="@@author.join.offNote">
          Joining by code is off: only students on a class list or added by e-mail are in the
          course.
        </p>
        <button mat-flat-button type="button" [disabled]="busy.any()" (click)="turnOn()">
          <mat-icon>key</mat-icon>
          <ng-container i18n="@@author.join.turnOn">Turn joining on</ng-container>
        </button>
      }
    </div>
  `,
  styleUrl: './course-tab.scss',
  styles: `
    .code {
      margin: 8px 0;
      font: var(--mat-sys-display-small);
      letter-spacing: 0.15em;
      font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    }
    .link {
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JoinCodePanel {
  private readonly api = inject(CoursesApi);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);
  private readonly clipboard = inject(Clipboard);
  private readonly document = inject(DOCUMENT);

  readonly course = input.required<CourseDetail>();
  readonly changed = output<void>();

  protected readonly busy = new Busy();
  protected readonly link = computed(() => {
    const code = this.course().join_code;
    return code ? joinLink(this.document.location.origin, code) : '';
  });

  protected copyLink(): void {
    const link = this.link();
    if (this.clipboard.copy(link))
      this.notifier.info($localize`:@@author.join.copied:Join link copied.`);
    else this.notifier.warn($localize`:@@author.join.copyThis:Copy this join link: ${link}:link:`);
  }

  protected turnOn(): void {
    this.api
      .rotateJoinCode(this.course().id)
      .pipe(this.busy.track())
      .subscribe(() => {
        this.notifier.info($localize`:@@author.join.isOn:Joining by code is on.`);
        this.changed.emit();
      });
  }

  protected rotate(): void {
    this.confirmAnd(
      {
        title: $localize`:@@author.join.rotate.title:Make a new join code?`,
        message: $localize`:@@author.join.rotate.message:The current code and link stop working. Students already enrolled stay.`,
        confirm: $localize`:@@author.join.rotate.confirm:New code`,
      },
      () => this.api.rotateJoinCode(this.course().id),
      $localize`:@@author.join.rotated:The course has a new join code.`,
    );
  }

  protected turnOff(): void {
    this.confirmAnd(
      {
        title: $localize`:@@author.join.off.title:Turn joining off?`,
        message: $localize`:@@author.join.off.message:The code and link stop working. Students already enrolled stay.`,
        confirm: $localize`:@@author.join.off.confirm:Turn off`,
        danger: true,
      },
      () => this.api.disableJoinCode(this.course().id),
      $localize`:@@author.join.isOff:Joining by code is off.`,
    );
  }

  private confirmAnd(
    question: Parameters<Confirmer['ask']>[0],
    action: () => Observable<unknown>,
    done: string,
  ): void {
    this.confirmer
      .ask(question)
      .pipe(switchMap((yes) => (yes ? action().pipe(this.busy.track()) : EMPTY)))
      .subscribe(() => {
        this.notifier.info(done);
        this.changed.emit();
      });
  }
}
