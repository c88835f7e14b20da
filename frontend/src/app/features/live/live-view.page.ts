import { LiveAnnouncer } from '@angular/cdk/a11y';
import { DOCUMENT, DatePipe, DecimalPipe, PercentPipe, formatDate } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  LOCALE_ID,
  computed,
  inject,
  input,
  numberAttribute,
  signal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import {
  EMPTY,
  type Observable,
  Subject,
  catchError,
  distinctUntilChanged,
  exhaustMap,
  finalize,
  fromEvent,
  interval,
  map,
  merge,
  startWith,
  switchMap,
  tap,
  timer,
} from 'rxjs';

import { apiErrorMessage } from '../../core/api/api-error';
import type { LiveStudent, LiveView } from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { ExamsApi } from '../../core/api/exams-api';
import { Notifier } from '../../core/notifier';
import { Busy } from '../../shared/busy';
import { Confirmer } from '../../shared/confirm-dialog';
import { StatusChip } from '../../shared/status-chip';
import { formatRemaining } from '../take-exam/exam-clock';
import {
  AccommodationDialog,
  type AccommodationDialogData,
  type AccommodationDialogResult,
} from '../courses/accommodation-dialog';
import { ExamLoadProblem } from '../author/exam-load-problem';
import { ExtendDialog, type ExtendDialogData, type ExtendDialogResult } from './extend-dialog';
import {
  type Announced,
  type ClockReading,
  LIVE_FILTERS,
  type LiveFilter,
  POLL_MS,
  countsSentence,
  filterCounts,
  formatAgo,
  matchesFilter,
  nextClock,
  shouldAnnounce,
  sinceLastSaveMs,
  timeLeftMs,
} from './live-state';

/** One row as the table shows it, on the server's clock. */
interface LiveRow {
  student: LiveStudent;
  lastSave: string;
  timeLeft: string | null;
}

/**
 * An exam's live view for its teachers: every student's state, progress, last save and time
 * left, polled every 5 s while the tab is visible (the server answers 304 when nothing changed),
 * with the day's actions: extend time, close an attempt, one more attempt, an accommodation.
 */
@Component({
  selector: 'app-live-view-page',
  imports: [
    DatePipe,
    DecimalPipe,
    PercentPipe,
    ExamLoadProblem,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatMenuModule,
    MatProgressBarModule,
    StatusChip,
  ],
  templateUrl: './live-view.page.html',
  styleUrl: './live-view.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LiveViewPage {
  private readonly api = inject(CoursesApi);
  private readonly exams = inject(ExamsApi);
  private readonly dialog = inject(MatDialog);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly document = inject(DOCUMENT);
  private readonly locale = inject(LOCALE_ID);

  /** Route parameter `:id`. */
  readonly id = input.required({ transform: numberAttribute });

  protected readonly exam = rxResource({
    params: () => (Number.isInteger(this.id()) && this.id() > 0 ? this.id() : undefined),
    stream: ({ params: id }) => this.exams.get(id),
  });

  protected readonly view = signal<LiveView | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<unknown>(null);
  protected readonly visible = signal(true);
  protected readonly updatedAt = signal<number | null>(null);
  protected readonly filter = signal<LiveFilter>('all');
  /** The client's clock, ticking every second while the tab is visible. */
  private readonly clientNow = signal(Date.now());
  private readonly offset = signal(0);
  private clock: ClockReading | null = null;
  private announced: Announced | null = null;
  private readonly refresh$ = new Subject<void>();
  private refreshAgain = false;

  /** The students an action is running on. */
  protected readonly busy = new Busy<number>();
  protected readonly filters = LIVE_FILTERS;

  protected readonly notFound = computed(() => {
    const error = this.error();
    return (
      !Number.isInteger(this.id()) ||
      (error instanceof HttpErrorResponse && (error.status === 404 || error.status === 403))
    );
  });
  protected readonly problem = computed(() => {
    const error = this.error();
    return error && !this.notFound() ? apiErrorMessage(error) : null;
  });

  protected readonly counts = computed(() =>
    filterCounts(this.view()?.students ?? [], this.offset(), this.clientNow()),
  );

  protected readonly rows = computed<LiveRow[]>(() => {
    const view = this.view();
    if (!view) return [];
    const offset = this.offset();
    const now = this.clientNow();
    const filter = this.filter();
    return view.students
      .filter((s) => matchesFilter(s, filter, offset, now))
      .map((student) => {
        const since = sinceLastSaveMs(student, offset, now);
        const left = timeLeftMs(student, offset, now);
        return {
          student,
          lastSave: since === null ? '—' : formatAgo(since),
          timeLeft: left === null ? null : formatRemaining(left),
        };
      });
  });

  constructor() {
    const visible$ = merge(
      fromEvent(this.document, 'visibilitychange'),
      // The first value, once the id is known.
      toObservable(this.id),
    ).pipe(
      startWith(null),
      map(() => this.document.visibilityState !== 'hidden'),
      distinctUntilChanged(),
      tap((visible) => this.visible.set(visible)),
    );
    // Polls only while the tab is visible; a visible tab polls at once.
    visible$
      .pipe(
        switchMap((visible) => (visible ? merge(timer(0, POLL_MS), this.refresh$) : EMPTY)),
        exhaustMap(() => (this.notFound() ? EMPTY : this.poll())),
        takeUntilDestroyed(),
      )
      .subscribe();
    visible$
      .pipe(
        switchMap((visible) => (visible ? interval(1000) : EMPTY)),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.clientNow.set(Date.now()));
  }

  /** After an action: at once, or right after the poll under way. */
  protected refresh(): void {
    if (this.loading()) this.refreshAgain = true;
    else this.refresh$.next();
  }

  private poll(): Observable<unknown> {
    const sentAt = Date.now();
    this.loading.set(true);
    return this.api.live(this.id()).pipe(
      tap((view) => this.received(view, sentAt, Date.now())),
      catchError((error: unknown) => {
        this.error.set(error);
        return EMPTY;
      }),
      finalize(() => {
        this.loading.set(false);
        if (this.refreshAgain) {
          this.refreshAgain = false;
          queueMicrotask(() => this.refresh$.next());
        }
      }),
    );
  }

  private received(view: LiveView, sentAt: number, receivedAt: number): void {
    this.clock = nextClock(this.clock, view.server_now, sentAt, receivedAt);
    this.offset.set(this.clock.offset);
    this.clientNow.set(receivedAt);
    this.view.set(view);
    this.error.set(null);
    this.updatedAt.set(receivedAt);
    if (!this.announced) {
      this.announced = { at: receivedAt, counts: view.counts };
    } else if (shouldAnnounce(this.announced, view.counts, receivedAt)) {
      this.announced = { at: receivedAt, counts: view.counts };
      void this.announcer.announce(countsSentence(view.counts), 'polite');
    }
  }

  // --- actions -------------------------------------------------------------------------------

  protected actionsFor(student: LiveStudent): string {
    return $localize`:@@author.live.actionsFor:Actions for ${student.display_name}:name:`;
  }

  protected extend(student: LiveStudent): void {
    if (student.attempt_id === null) return;
    this.dialog
      .open<ExtendDialog, ExtendDialogData, ExtendDialogResult>(ExtendDialog, {
        data: { attemptId: student.attempt_id, studentName: student.display_name },
        width: '420px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((result) => {
        if (!result) return;
        const name = student.display_name;
        const until = result.deadline
          ? formatDate(result.deadline, 'mediumTime', this.locale)
          : null;
        this.notifier.info(
          until
            ? $localize`:@@author.live.extendedUntil:${name}:name: may now work until ${until}:time:.`
            : $localize`:@@author.live.extended:${name}:name: may now work.`,
        );
        this.refresh();
      });
  }

  protected close(student: LiveStudent): void {
    const attemptId = student.attempt_id;
    if (attemptId === null) return;
    this.confirmer
      .ask({
        title: $localize`:@@author.live.close.title:Close ${student.display_name}:name:’s attempt?`,
        message: $localize`:@@author.live.close.message:The attempt is graded as it stands now, as at its deadline. The student cannot change it afterwards.`,
        confirm: $localize`:@@author.live.close.confirm:Close attempt`,
        danger: true,
      })
      .pipe(
        switchMap((yes) =>
          yes ? this.api.closeAttempt(attemptId).pipe(this.busy.track(student.user_id)) : EMPTY,
        ),
      )
      .subscribe(() => {
        this.notifier.info(
          $localize`:@@author.live.closed:${student.display_name}:name:’s attempt is closed and graded.`,
        );
        this.refresh();
      });
  }

  protected extraAttempt(student: LiveStudent): void {
    this.api
      .extraAttempt(this.id(), student.user_id)
      .pipe(this.busy.track(student.user_id))
      .subscribe(() => {
        this.notifier.info(
          $localize`:@@author.live.extraGranted:${student.display_name}:name: may make one more attempt.`,
        );
        this.refresh();
      });
  }

  protected accommodation(student: LiveStudent): void {
    const examId = this.id();
    this.api
      .examAccommodations(examId)
      .pipe(
        this.busy.track(student.user_id),
        map((list) => list.items.find((a) => a.user_id === student.user_id) ?? null),
        switchMap((current) =>
          this.dialog
            .open<AccommodationDialog, AccommodationDialogData, AccommodationDialogResult>(
              AccommodationDialog,
              {
                data: {
                  scope: { exam: examId },
                  userId: student.user_id,
                  studentName: student.display_name,
                  current,
                },
                width: '560px',
                maxWidth: 'calc(100vw - 32px)',
              },
            )
            .afterClosed(),
        ),
      )
      .subscribe((result) => {
        if (!result) return;
        this.notifier.info(
          result === 'saved'
            ? $localize`:@@author.live.accommodationSaved:${student.display_name}:name:’s accommodation for this exam is saved.`
            : $localize`:@@author.live.accommodationRemoved:${student.display_name}:name:’s accommodation for this exam is removed.`,
        );
        this.refresh();
      });
  }
}
