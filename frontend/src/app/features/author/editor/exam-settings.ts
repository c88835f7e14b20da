import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  DestroyRef,
  type Signal,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { EMPTY, type Observable, catchError, defer, of, tap } from 'rxjs';

import type { AuthorExam, ExamPatch } from '../../../core/api/api-types';
import { AuthorApi } from '../../../core/api/author-api';
import { applyServerErrors } from '../../../shared/server-errors';
import {
  buildExamForm,
  changedSettings,
  examToFormValue,
  formValueToPayload,
  newExamFormValue,
  syncExamFormState,
} from './exam-form';

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

export interface ExamSettingsSource {
  /** The exam as the server last sent it, or null before it is created. */
  exam: Signal<AuthorExam | null>;
  /** A freshly loaded exam fills the form (saves and question edits do not reload it). */
  loaded: Signal<AuthorExam | undefined>;
  readOnly: Signal<boolean>;
  gradingLocked: Signal<boolean>;
}

/**
 * The state of an exam's settings: the form, what the server has (so only what changed is sent
 * with PATCH, and "unsaved changes" can be told) and saving; with no exam yet, saving creates
 * it. Owned by the editor page (its head shows the save state), shown by `ExamSettingsForm`.
 * Create it in an injection context.
 */
export class ExamSettings {
  private readonly api = inject(AuthorApi);
  private readonly announcer = inject(LiveAnnouncer);

  readonly form = buildExamForm();
  /** The settings as the server has them (what "unsaved changes" compares with). */
  private readonly baseline = signal<ExamPatch>(formValueToPayload(newExamFormValue()));
  private readonly formValue = signal(this.form.getRawValue());
  /** How many settings differ from the server's (a new exam always has one: itself). */
  readonly pendingChanges = computed(() => {
    if (!this.source.exam()) return 1;
    return Object.keys(changedSettings(this.baseline(), formValueToPayload(this.formValue())))
      .length;
  });
  readonly saveState = signal<SaveState>('idle');
  readonly savedAt = signal<Date | null>(null);
  /** The problem shown above the form, or null. */
  readonly formError = signal<string | null>(null);
  /** Counts refused saves of an invalid form (the form moves the focus to the first field). */
  readonly invalidSaves = signal(0);

  constructor(
    private readonly source: ExamSettingsSource,
    /** After every successful save, with the exam as the server has it now. */
    private readonly saved: (exam: AuthorExam, created: boolean) => void,
  ) {
    const destroyRef = inject(DestroyRef);
    const c = this.form.controls;
    this.form.valueChanges
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => this.formValue.set(this.form.getRawValue()));
    // Toggles switch their field on and off (a switched-off field is not validated).
    for (const toggle of [c.timed, c.unlimited_attempts, c.has_pass_mark]) {
      toggle.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => this.syncState());
    }
    c.opens_at.valueChanges
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => c.closes_at.updateValueAndValidity({ emitEvent: false }));

    effect(() => {
      const exam = source.loaded();
      if (exam) untracked(() => this.fill(exam));
    });
    effect(() => {
      source.readOnly();
      source.gradingLocked();
      untracked(() => this.syncState());
    });
  }

  /** Saves the settings if anything changed; emits the exam, or completes empty on failure. */
  saveIfChanged(): Observable<AuthorExam> {
    return defer(() => {
      const current = this.source.exam();
      if (this.saveState() === 'saving') return EMPTY;
      this.formError.set(null);
      if (this.form.invalid) {
        this.form.markAllAsTouched();
        this.formError.set(
          $localize`:@@author.settings.attention:Some settings need your attention (marked in red).`,
        );
        this.invalidSaves.update((n) => n + 1);
        return EMPTY;
      }
      if (current && this.pendingChanges() === 0) return of(current);
      const payload = formValueToPayload(this.form.getRawValue());
      const request = current
        ? this.api.update(current.id, changedSettings(this.baseline(), payload))
        : this.api.create(payload);
      this.saveState.set('saving');
      return request.pipe(
        tap((exam) => {
          this.saveState.set('saved');
          this.savedAt.set(new Date());
          this.baseline.set(formValueToPayload(examToFormValue(exam)));
          this.announcer.announce($localize`:@@author.settings.saved:Settings saved.`);
          this.saved(exam, !current);
        }),
        catchError((error: unknown) => {
          this.saveState.set('error');
          this.formError.set(applyServerErrors(this.form, error));
          return EMPTY;
        }),
      );
    });
  }

  private fill(exam: AuthorExam): void {
    const value = examToFormValue(exam);
    this.form.reset(value, { emitEvent: false });
    this.formValue.set(this.form.getRawValue());
    this.baseline.set(formValueToPayload(value));
    this.syncState();
  }

  private syncState(): void {
    syncExamFormState(this.form, {
      readOnly: this.source.readOnly(),
      gradingLocked: this.source.gradingLocked(),
    });
  }
}
