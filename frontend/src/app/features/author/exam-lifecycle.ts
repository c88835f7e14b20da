import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import {
  EMPTY,
  type MonoTypeOperatorFunction,
  type Observable,
  catchError,
  filter,
  identity,
  map,
  switchMap,
  tap,
} from 'rxjs';

import { apiErrorMessage } from '../../core/api/api-error';
import type {
  AuthorExam,
  AuthorExamSummary,
  PublishProblems,
  PublishedExam,
} from '../../core/api/api-types';
import { AuthorApi } from '../../core/api/author-api';
import { Notifier } from '../../core/notifier';
import { Confirmer } from '../../shared/confirm-dialog';
import { problemsFromError, publishedNotice } from './editor/publish-problems';

/** What the actions need to know of an exam (the editor's exam or a row of "My exams"). */
export type ExamRef = Pick<AuthorExamSummary, 'id' | 'title'>;

/** A publish either went through or the server listed what to fix first (422). */
export type PublishOutcome =
  | { published: PublishedExam; problems?: undefined }
  | { problems: PublishProblems; published?: undefined };

/** Marks the request busy (e.g. `Busy.track()`); applied after the user confirmed. */
export type Track = MonoTypeOperatorFunction<unknown>;

/**
 * An exam's life-cycle actions — publish, unpublish, archive, copy, delete — with their
 * confirmations and messages, for every page that offers them. Each returns a cold Observable
 * that emits once when the action succeeded; it completes empty when the user said no or the
 * request failed (the failure is already shown).
 */
@Injectable({ providedIn: 'root' })
export class ExamLifecycle {
  private readonly api = inject(AuthorApi);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);

  /** No question asked (publishing loses nothing); a refusal comes back as its problems. */
  publish(exam: ExamRef, track: Track = identity): Observable<PublishOutcome> {
    return this.api.publish(exam.id).pipe(
      track as MonoTypeOperatorFunction<PublishedExam>,
      map((published): PublishOutcome => {
        // The one place a successful publish is reported, with the server's advice if any.
        const notice = publishedNotice(published.title, published.warnings);
        if (notice.warn) this.notifier.warn(notice.message);
        else this.notifier.info(notice.message);
        return { published };
      }),
      catchError((error: unknown) => {
        const problems = problemsFromError(error);
        if (problems) return [{ problems } as PublishOutcome];
        this.notifier.error(apiErrorMessage(error));
        return EMPTY;
      }),
    );
  }

  unpublish(exam: ExamRef, track: Track = identity): Observable<AuthorExam> {
    return this.confirmed(
      {
        title: $localize`:@@author.lifecycle.unpublish.title:Take the exam back to draft?`,
        message: $localize`:@@author.lifecycle.unpublish.message:“${exam.title}:title:” leaves the catalogue until you publish it again.`,
        confirm: $localize`:@@author.lifecycle.unpublish.confirm:Unpublish`,
      },
      () => this.api.unpublish(exam.id),
      track,
      $localize`:@@author.lifecycle.unpublished:“${exam.title}:title:” is a draft again.`,
    );
  }

  archive(exam: ExamRef, track: Track = identity): Observable<AuthorExam> {
    return this.confirmed(
      {
        title: $localize`:@@author.lifecycle.archive.title:Archive this exam?`,
        message: $localize`:@@author.lifecycle.archive.message:“${exam.title}:title:” leaves the catalogue and becomes read-only, for good. Its attempts and results are kept. To reuse it later, copy it.`,
        confirm: $localize`:@@author.lifecycle.archive.confirm:Archive`,
        danger: true,
      },
      () => this.api.archive(exam.id),
      track,
      $localize`:@@author.lifecycle.archived:“${exam.title}:title:” is archived.`,
    );
  }

  /** Copies the exam (as a new draft) and opens the copy in the editor. */
  copy(exam: ExamRef, track: Track = identity): Observable<AuthorExam> {
    return this.api.copy(exam.id).pipe(
      track as MonoTypeOperatorFunction<AuthorExam>,
      tap((copy) => {
        this.notifier.info(
          $localize`:@@author.lifecycle.copied:Copied: you are editing “${copy.title}:title:”.`,
        );
        void this.router.navigate(['/author/exams', copy.id]);
      }),
      catchError(() => EMPTY),
    );
  }

  delete(exam: ExamRef, track: Track = identity): Observable<unknown> {
    return this.confirmed(
      {
        title: $localize`:@@author.lifecycle.delete.title:Delete this exam?`,
        message: $localize`:@@author.lifecycle.delete.message:“${exam.title}:title:” and its questions are deleted. This cannot be undone.`,
        confirm: $localize`:@@author.lifecycle.delete.confirm:Delete`,
        danger: true,
      },
      () => this.api.delete(exam.id),
      track,
      $localize`:@@author.lifecycle.deleted:“${exam.title}:title:” is deleted.`,
    );
  }

  private confirmed<T>(
    question: Parameters<Confirmer['ask']>[0],
    request: () => Observable<T>,
    track: Track,
    done: string,
  ): Observable<T> {
    return this.confirmer.ask(question).pipe(
      filter(Boolean),
      switchMap(() =>
        request().pipe(
          track as MonoTypeOperatorFunction<T>,
          catchError(() => EMPTY), // the error interceptor has shown the server's message
        ),
      ),
      tap(() => this.notifier.info(done)),
    );
  }
}
