import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatListModule } from '@angular/material/list';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';

import { apiErrorMessage } from '../../core/api/api-error';
import type { AuthorExam, AuthorExamSummary } from '../../core/api/api-types';
import { AuthorApi } from '../../core/api/author-api';
import { LtiApi } from '../../core/api/lti-api';
import { AuthService } from '../../core/auth/auth.service';
import { LtiNewExam } from './lti-new-exam';

/**
 * Where a learning platform's launch lands (inside the platform's iframe). The launch left a
 * one-time ticket in the URL fragment (never sent to a server); it is exchanged for a normal
 * session. Without cookies, and where localStorage is blocked, the session lives in memory
 * (AuthService), which is enough for one exam inside the frame. A student goes to the exam; a
 * teacher placing a link (deep linking) picks one of their exams, or creates a draft in the
 * launch's course, which is posted back.
 */
@Component({
  selector: 'app-lti-launch-page',
  imports: [MatButtonModule, MatCardModule, MatListModule, MatProgressBarModule, LtiNewExam],
  template: `
    <div class="page">
      @if (error(); as message) {
        <mat-card appearance="outlined" role="alert">
          <mat-card-content>
            <h1 class="page-title" i18n="@@author.lti.launch.failed">The launch did not work</h1>
            <p>{{ message }}</p>
            <p i18n="@@author.lti.launch.retry">Open the link in your course again.</p>
          </mat-card-content>
        </mat-card>
      } @else if (exams(); as list) {
        <h1 class="page-title" i18n="@@author.lti.launch.placeTitle">
          Place an exam in the course
        </h1>
        @if (draft(); as exam) {
          <mat-card appearance="outlined" role="status" class="draft">
            <mat-card-content>
              <p i18n="@@author.lti.launch.draftNote">
                “{{ exam.title }}” is a draft in this course. Write its questions and publish it in
                <a [href]="'/author/exams/' + exam.id" target="_blank" rel="noopener"
                  >the exam editor (opens in a new tab)</a
                >
                now or later; students can take it once it is published.
              </p>
            </mat-card-content>
            <mat-card-actions>
              <button
                mat-flat-button
                type="button"
                [disabled]="busy()"
                (click)="place(exam)"
                i18n="@@author.lti.launch.placeDraft"
              >
                Place “{{ exam.title }}” in the course
              </button>
            </mat-card-actions>
          </mat-card>
        }
        @if (list.length === 0) {
          <p i18n="@@author.lti.launch.noExams">You have no exams yet: create one below.</p>
        }
        <mat-action-list aria-label="My exams" i18n-aria-label="@@author.lti.launch.myExams">
          @for (exam of list; track exam.id) {
            <button mat-list-item type="button" [disabled]="busy()" (click)="place(exam)">
              {{ exam.title }} (<ng-container i18n="@@author.status">{exam.status, select,
                draft {draft}
                published {published}
                archived {archived}
                other {{{ exam.status }}}
              }</ng-container
              >)
            </button>
          }
        </mat-action-list>
        @if (courseId(); as course) {
          <app-lti-new-exam [courseId]="course" [disabled]="busy()" (created)="drafted($event)" />
        }
      } @else {
        <mat-progress-bar
          mode="indeterminate"
          aria-label="Opening"
          i18n-aria-label="@@author.lti.launch.opening"
        />
        <p i18n="@@author.lti.launch.openingText">Opening Online Exam…</p>
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LtiLaunchPage implements OnInit {
  private readonly api = inject(LtiApi);
  private readonly author = inject(AuthorApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly error = signal<string | null>(null);
  protected readonly exams = signal<AuthorExamSummary[] | null>(null);
  protected readonly busy = signal(false);
  /** The launch's course, where "Create a new exam" puts the draft. */
  protected readonly courseId = signal<number | null>(null);
  /** The exam just created here, waiting to be placed. */
  protected readonly draft = signal<AuthorExam | null>(null);
  private deepLink: string | null = null;

  ngOnInit(): void {
    const ticket = new URLSearchParams(globalThis.location?.hash.slice(1) ?? '').get('ticket');
    if (!ticket) {
      this.error.set(
        $localize`:@@author.lti.launch.noTicket:This page is opened by a learning platform; the launch ticket is missing.`,
      );
      return;
    }
    history.replaceState(null, '', '/lti/launch'); // the ticket is used once: drop it
    this.api.redeemTicket(ticket).subscribe({
      next: (session) => {
        this.auth.adoptLaunchSession(session);
        const target = session.target;
        if (target.kind === 'deep_link' && target.deep_link) {
          this.deepLink = target.deep_link;
          this.courseId.set(target.course_id);
          this.author.list({ per_page: 100 }).subscribe({
            next: (page) => this.exams.set(page.items),
            error: (e: unknown) => this.error.set(apiErrorMessage(e)),
          });
        } else {
          void this.router.navigateByUrl(`/exams/${target.exam_id}`, { replaceUrl: true });
        }
      },
      error: (e: unknown) => this.error.set(apiErrorMessage(e)),
    });
  }

  /** A draft created here joins the list and is offered for placing, with its editor's link. */
  protected drafted(exam: AuthorExam): void {
    this.draft.set(exam);
    this.exams.update((list) => [exam, ...(list ?? []).filter((e) => e.id !== exam.id)]);
  }

  /** Sends the signed Deep Linking response back to the platform (a form post, as the spec says). */
  protected place(exam: { id: number }): void {
    if (!this.deepLink) return;
    this.busy.set(true);
    this.api.deepLink(this.deepLink, exam.id).subscribe({
      next: (answer) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = answer.return_url;
        const field = document.createElement('input');
        field.type = 'hidden';
        field.name = 'JWT';
        field.value = answer.jwt;
        form.appendChild(field);
        document.body.appendChild(form);
        form.submit();
      },
      error: () => this.busy.set(false),
    });
  }
}
