import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import type {
  BankCategory,
  BankCategoryCreate,
  BankCategoryPatch,
  BankQuestion,
  BankQuestionPage,
  BankVersion,
  ExamSlot,
  ExamSlotCreate,
  Question,
  QuestionCreate,
  QuestionType,
} from './api-types';
import { handledByCaller } from './error-handling';

export interface BankSearch {
  q?: string;
  type?: QuestionType | null;
  tag?: string;
  category_id?: number | null;
  page?: number;
  per_page?: number;
}

/** The question bank (`/api/bank/…`) and an exam's questions from it (fixed, random slots). */
@Injectable({ providedIn: 'root' })
export class BankApi {
  private readonly http = inject(HttpClient);

  categories(): Observable<BankCategory[]> {
    return this.http.get<BankCategory[]>('/api/bank/categories');
  }

  createCategory(body: BankCategoryCreate): Observable<BankCategory> {
    return this.http.post<BankCategory>('/api/bank/categories', body, {
      context: handledByCaller(),
    });
  }

  /** Rename, or move under another category of the same tree (`parent_id`). */
  updateCategory(id: number, body: BankCategoryPatch): Observable<BankCategory> {
    return this.http.patch<BankCategory>(`/api/bank/categories/${id}`, body, {
      context: handledByCaller(),
    });
  }

  /** Refused (409) unless empty: the caller shows the server's reason. */
  deleteCategory(id: number): Observable<void> {
    return this.http.delete<void>(`/api/bank/categories/${id}`, { context: handledByCaller() });
  }

  search(query: BankSearch): Observable<BankQuestionPage> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params = params.set(key, value);
    }
    return this.http.get<BankQuestionPage>('/api/bank/questions', { params });
  }

  create(categoryId: number, question: QuestionCreate, tags: string[]): Observable<BankQuestion> {
    return this.http.post<BankQuestion>(
      '/api/bank/questions',
      { category_id: categoryId, question, tags },
      { context: handledByCaller() },
    );
  }

  update(
    id: number,
    body: { question?: QuestionCreate; tags?: string[] },
  ): Observable<BankQuestion> {
    return this.http.patch<BankQuestion>(`/api/bank/questions/${id}`, body, {
      context: handledByCaller(),
    });
  }

  delete(id: number): Observable<void> {
    return this.http.delete<void>(`/api/bank/questions/${id}`);
  }

  versions(id: number): Observable<BankVersion[]> {
    return this.http.get<BankVersion[]>(`/api/bank/questions/${id}/versions`);
  }

  restore(id: number, number: number): Observable<BankQuestion> {
    return this.http.post<BankQuestion>(`/api/bank/questions/${id}/versions/${number}/restore`, {});
  }

  move(id: number, categoryId: number): Observable<BankQuestion> {
    return this.http.post<BankQuestion>(
      `/api/bank/questions/${id}/move`,
      { category_id: categoryId },
      { context: handledByCaller() },
    );
  }

  /** A new question (version 1 = this one's current version) in the category. */
  copy(id: number, categoryId: number): Observable<BankQuestion> {
    return this.http.post<BankQuestion>(
      `/api/bank/questions/${id}/copy`,
      { category_id: categoryId },
      { context: handledByCaller() },
    );
  }

  addToExam(examId: number, bankQuestionId: number): Observable<Question> {
    return this.http.post<Question>(`/api/exams/${examId}/questions/from-bank`, {
      bank_question_id: bankQuestionId,
    });
  }

  slots(examId: number): Observable<ExamSlot[]> {
    return this.http.get<ExamSlot[]>(`/api/exams/${examId}/slots`);
  }

  addSlot(examId: number, body: ExamSlotCreate): Observable<ExamSlot> {
    return this.http.post<ExamSlot>(`/api/exams/${examId}/slots`, body, {
      context: handledByCaller(),
    });
  }

  deleteSlot(examId: number, slotId: number): Observable<void> {
    return this.http.delete<void>(`/api/exams/${examId}/slots/${slotId}`);
  }
}
