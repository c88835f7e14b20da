import { HttpClient, HttpParams, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import type {
  AuthorExam,
  AuthorExamPage,
  AuthorExamsQuery,
  ExamCreate,
  ExamPatch,
  ExamResultPage,
  ExamStatistics,
  ImportFormat,
  ImportReport,
  PublishedExam,
  Question,
  QuestionExportFormat,
  QuestionCreate,
  QuestionPatch,
  ResultsExportFormat,
  StatisticsPopulation,
} from './api-types';
import { handledByCaller } from './error-handling';

/**
 * The authoring endpoints: my exams, one exam with its key, its questions, its life cycle and
 * its results. Calls whose errors the page shows itself (forms, publish problems) say so with
 * `handledByCaller()`; the others leave them to the error interceptor's snack bar.
 */
@Injectable({ providedIn: 'root' })
export class AuthorApi {
  private readonly http = inject(HttpClient);

  /** My exams in every status (an admin's: everyone's), last changed first. */
  list(query: AuthorExamsQuery = {}): Observable<AuthorExamPage> {
    let params = new HttpParams();
    if (query.page) params = params.set('page', query.page);
    if (query.per_page) params = params.set('per_page', query.per_page);
    if (query.q) params = params.set('q', query.q);
    if (query.status) params = params.set('status', query.status);
    return this.http.get<AuthorExamPage>('/api/author/exams', { params });
  }

  get(id: number): Observable<AuthorExam> {
    return this.http.get<AuthorExam>(`/api/author/exams/${id}`, { context: handledByCaller() });
  }

  create(body: ExamCreate): Observable<AuthorExam> {
    return this.http.post<AuthorExam>('/api/exams', body, { context: handledByCaller() });
  }

  update(id: number, body: ExamPatch): Observable<AuthorExam> {
    return this.http.patch<AuthorExam>(`/api/exams/${id}`, body, { context: handledByCaller() });
  }

  delete(id: number): Observable<unknown> {
    return this.http.delete(`/api/exams/${id}`);
  }

  /**
   * 422 with the problems in `details` when the exam is incomplete: the caller shows them.
   * A published exam comes with `warnings` (advice) for the caller to show.
   */
  publish(id: number): Observable<PublishedExam> {
    return this.http.post<PublishedExam>(
      `/api/exams/${id}/publish`,
      {},
      { context: handledByCaller() },
    );
  }

  unpublish(id: number): Observable<AuthorExam> {
    return this.http.post<AuthorExam>(`/api/exams/${id}/unpublish`, {});
  }

  archive(id: number): Observable<AuthorExam> {
    return this.http.post<AuthorExam>(`/api/exams/${id}/archive`, {});
  }

  copy(id: number): Observable<AuthorExam> {
    return this.http.post<AuthorExam>(`/api/exams/${id}/copy`, {});
  }

  // --- questions ---------------------------------------------------------------------------

  addQuestion(examId: number, body: QuestionCreate): Observable<Question> {
    return this.http.post<Question>(`/api/exams/${examId}/questions`, body, {
      context: handledByCaller(),
    });
  }

  /** `alternatives`, when given, replaces them all. */
  updateQuestion(questionId: number, body: QuestionPatch): Observable<Question> {
    return this.http.patch<Question>(`/api/questions/${questionId}`, body, {
      context: handledByCaller(),
    });
  }

  deleteQuestion(questionId: number): Observable<unknown> {
    return this.http.delete(`/api/questions/${questionId}`);
  }

  reorderQuestions(examId: number, questionIds: number[]): Observable<Question[]> {
    return this.http.put<Question[]>(`/api/exams/${examId}/questions/order`, {
      question_ids: questionIds,
    });
  }

  // --- results -----------------------------------------------------------------------------

  results(examId: number, page = 1, perPage = 100): Observable<ExamResultPage> {
    const params = new HttpParams().set('page', page).set('per_page', perPage);
    return this.http.get<ExamResultPage>(`/api/exams/${examId}/results`, {
      params,
      context: handledByCaller(),
    });
  }

  // --- question banks ----------------------------------------------------------------------

  /**
   * Import questions from a GIFT, Aiken or JSON text. `dryRun` parses only (the preview: always
   * 200 with every error); otherwise any error refuses the whole import (422, the report in
   * `details`) unless `partial`. The dialog shows the errors itself.
   */
  importQuestions(
    examId: number,
    format: ImportFormat,
    text: string,
    options: { dryRun?: boolean; partial?: boolean } = {},
  ): Observable<ImportReport> {
    return this.http.post<ImportReport>(
      `/api/exams/${examId}/import`,
      { format, text, dry_run: options.dryRun ?? false, partial: options.partial ?? false },
      { context: handledByCaller() },
    );
  }

  /**
   * Import the items of a QTI package (3.0, 2.2 or 2.1; a zip sent as the body) by the same
   * rules as `importQuestions`. A package that cannot be read at all is a 422 even in a dry run.
   */
  importPackage(
    examId: number,
    file: Blob,
    options: { dryRun?: boolean; partial?: boolean } = {},
  ): Observable<ImportReport> {
    const params = new HttpParams()
      .set('dry_run', options.dryRun ?? false)
      .set('partial', options.partial ?? false);
    return this.http.post<ImportReport>(`/api/exams/${examId}/import/qti`, file, {
      params,
      headers: { 'Content-Type': 'application/zip' },
      context: handledByCaller(),
    });
  }

  /** The exam's questions as GIFT, the whole exam as JSON or as a QTI 3.0 package: a file. */
  exportExam(examId: number, format: QuestionExportFormat): Observable<HttpResponse<Blob>> {
    return this.download(`/api/exams/${examId}/export`, format);
  }

  /** Every attempt with its answers, as CSV (for spreadsheets) or JSON. */
  exportResults(examId: number, format: ResultsExportFormat): Observable<HttpResponse<Blob>> {
    return this.download(`/api/exams/${examId}/results/export`, format);
  }

  statistics(examId: number, attempts: StatisticsPopulation = 'all'): Observable<ExamStatistics> {
    return this.http.get<ExamStatistics>(`/api/exams/${examId}/statistics`, {
      params: new HttpParams().set('attempts', attempts),
      context: handledByCaller(),
    });
  }

  /** A download through HttpClient, so the bearer token goes in a header, never in the URL. */
  private download(url: string, format: string): Observable<HttpResponse<Blob>> {
    return this.http.get(url, {
      params: new HttpParams().set('format', format),
      observe: 'response',
      responseType: 'blob',
      // The error body is a Blob too: `Downloader` reads it and shows the server's message.
      context: handledByCaller(),
    });
  }
}
