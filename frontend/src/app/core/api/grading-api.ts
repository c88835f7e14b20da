import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import type {
  GradeRequest,
  GradingAnswer,
  GradingAnswerPage,
  GradingAnswersQuery,
  GradingOverview,
} from './api-types';
import { handledByCaller } from './error-handling';

/** The grading queue: what needs a person in an exam, its answers, and setting a grade. */
@Injectable({ providedIn: 'root' })
export class GradingApi {
  private readonly http = inject(HttpClient);

  overview(examId: number): Observable<GradingOverview> {
    return this.http.get<GradingOverview>(`/api/exams/${examId}/grading`, {
      context: handledByCaller(),
    });
  }

  answers(examId: number, query: GradingAnswersQuery): Observable<GradingAnswerPage> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) params = params.set(name, value);
    }
    return this.http.get<GradingAnswerPage>(`/api/exams/${examId}/grading/answers`, { params });
  }

  /** Grade an answer (an essay) or override an automatic grade; errors are the form's. */
  grade(attemptId: number, questionId: number, body: GradeRequest): Observable<GradingAnswer> {
    return this.http.put<GradingAnswer>(`/api/attempts/${attemptId}/grades/${questionId}`, body, {
      context: handledByCaller(),
    });
  }
}
