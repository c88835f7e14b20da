import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, type MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';

import { textDirection } from '../../core/i18n/locale';
import { Notifier } from '../../core/notifier';
import { PageTitleStrategy } from '../../core/page-title.strategy';
import { formatCount } from '../../shared/plural';
import { AttemptSession, type SaveStatus } from './attempt-session';
import { formatRemaining, spokenRemaining, timerLevel } from './exam-clock';
import { type AnswerChange, QuestionCard } from './question-card';
import { QuestionNavigator } from './question-navigator';
import { SubmitDialog, type SubmitDialogData, type SubmitDialogResult } from './submit-dialog';

const STATUS_TEXT: Record<SaveStatus, { icon: string; text: string }> = {
  saved: { icon: 'cloud_done', text: $localize`:@@take.status.saved:Saved` },
  saving: { icon: 'sync', text: $localize`:@@take.status.saving:Saving…` },
  offline: {
    icon: 'cloud_off',
    text: $localize`:@@take.status.offline:Offline — answers kept on this device`,
  },
  error: { icon: 'error', text: $localize`:@@take.status.error:Error — not saved yet` },
};

/**
 * Taking an exam: one question per page with a navigator (or all on one page), the countdown,
 * autosave with its status, flags, and submitting. The state lives in AttemptSession.
 */
@Component({
  selector: 'app-take-exam-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    QuestionCard,
    QuestionNavigator,
  ],
  providers: [AttemptSession],
  templateUrl: './take-exam.page.html',
  styleUrl: './take-exam.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TakeExamPage {
  protected readonly session = inject(AttemptSession);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly titles = inject(PageTitleStrategy);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Route parameter `:attemptId`. */
  readonly attemptId = input.required<string>();
  private readonly id = computed(() => {
    const id = Number(this.attemptId());
    return Number.isInteger(id) && id > 0 ? id : null;
  });

  protected readonly attempt = this.session.attempt;
  protected readonly onePerPage = computed(
    () => this.attempt()?.exam.one_question_per_page ?? true,
  );
  protected readonly current = computed(() => this.session.questions()[this.session.position()]);
  protected readonly isLast = computed(() => this.session.position() >= this.session.total() - 1);
  protected readonly progress = computed(() => {
    const total = this.session.total();
    return total ? (100 * this.session.answeredCount()) / total : 0;
  });
  protected readonly status = computed(() => STATUS_TEXT[this.session.saveStatus()]);
  protected readonly timer = computed(() => {
    const remaining = this.session.remaining();
    if (remaining === null) return null;
    return {
      text: formatRemaining(remaining),
      spoken: spokenRemaining(remaining),
      level: timerLevel(remaining),
    };
  });
  protected readonly canAnswer = computed(() => this.session.phase() === 'answering');
  /**
   * The exam's language, for `lang`/`dir` on the author's text (screen readers pronounce it
   * right whatever the interface's language); null until the API says.
   */
  protected readonly contentLang = computed(() => {
    const exam = this.attempt()?.exam as { language?: string | null } | undefined;
    return exam?.language || null;
  });
  /** Unknown language: the browser takes the direction from the text itself (`dir=auto`). */
  protected readonly contentDir = computed(() => {
    const lang = this.contentLang();
    return lang ? textDirection(lang) : 'auto';
  });

  protected timeLeftLabel(spoken: string): string {
    return $localize`:@@take.timeLeft:Time left: ${spoken}:time:`;
  }

  protected answeredLabel(answered: number, total: number): string {
    const n = formatCount(answered);
    const of = formatCount(total);
    return $localize`:@@take.answeredLabel:Answered ${n}:answered: of ${of}:total:`;
  }
  /** Said once when the connection drops or comes back (the status chip is not live). */
  protected readonly connectionAnnouncement = signal('');

  private dialogRef: MatDialogRef<SubmitDialog, SubmitDialogResult> | null = null;

  constructor() {
    // Fetch the result page's code now, while online: the deadline may come during an outage.
    import('../result/result.page').catch(() => undefined);
    effect(() => {
      const id = this.id();
      untracked(() => (id === null ? this.session.phase.set('not-found') : this.session.load(id)));
    });
    effect(() => {
      const attempt = this.attempt();
      if (attempt) this.titles.setPageTitle(attempt.exam.title);
    });
    // Finished (submitted here or elsewhere, or closed by time): show the result.
    effect(() => {
      if (this.session.phase() !== 'finished') return;
      const id = this.id();
      const message = this.session.closedMessage();
      untracked(() => {
        this.dialogRef?.close();
        if (message) this.notifier.info(message);
        const url = `/attempts/${id}/result`;
        // A failed navigation (the app was redeployed meanwhile: its old chunks are gone) falls
        // back to loading the page afresh.
        this.router
          .navigateByUrl(url, { replaceUrl: true })
          .catch(() => globalThis.location?.replace(url));
      });
    });
    // Time is up: close the confirmation, the page submits by itself.
    effect(() => {
      if (this.session.timeUp()) untracked(() => this.dialogRef?.close());
    });
    let wasOffline = false;
    effect(() => {
      const offline = this.session.isOffline();
      if (offline === wasOffline) return;
      wasOffline = offline;
      this.connectionAnnouncement.set(
        offline
          ? $localize`:@@take.offline:You are offline. Your answers are kept on this device and saved when the connection is back.`
          : $localize`:@@take.online:Back online.`,
      );
    });
  }

  protected onAnswer(change: AnswerChange): void {
    this.session.change(change.questionId, change.answer, change.immediate);
  }

  protected goTo(index: number): void {
    this.session.goTo(index);
    const question = this.session.questions()[this.session.position()];
    if (!question) return;
    afterNextRender(
      () => {
        const heading = this.host.nativeElement.querySelector<HTMLElement>(
          `#q-${question.id}-heading`,
        );
        heading?.focus();
        if (!this.onePerPage()) heading?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      },
      { injector: this.injector },
    );
  }

  protected openSubmit(): void {
    if (!this.canAnswer() || this.dialogRef) return;
    const data: SubmitDialogData = {
      answered: this.session.answeredCount(),
      total: this.session.total(),
      unanswered: this.session.unanswered().map((q) => q.index),
      flagged: this.session.flagged().map((q) => q.index),
      pending: this.session.pendingCount(),
      offline: this.session.isOffline(),
    };
    this.dialogRef = this.dialog.open<SubmitDialog, SubmitDialogData, SubmitDialogResult>(
      SubmitDialog,
      {
        data,
        width: '520px',
        maxWidth: 'calc(100vw - 32px)',
        autoFocus: 'first-heading',
        restoreFocus: true,
      },
    );
    this.dialogRef.afterClosed().subscribe((result) => {
      this.dialogRef = null;
      if (result?.kind === 'submit') this.session.submit();
      else if (result?.kind === 'goto') this.goTo(result.index);
    });
  }

  protected retryLoad(): void {
    const id = this.id();
    if (id !== null) this.session.load(id);
  }
}
