import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import type { CatalogueQuery, ExamDetail, ExamPage } from './api-types';
import { handledByCaller } from './error-handling';

@Injectable({ providedIn: 'root' })
export class ExamsApi {
  private readonly http = inject(HttpClient);

  /** The catalogue: published exams, newest first. */
  list(query: CatalogueQuery = {}): Observable<ExamPage> {
    let params = new HttpParams();
    if (query.page) params = params.set('page', query.page);
    if (query.per_page) params = params.set('per_page', query.per_page);
    if (query.q) params = params.set('q', query.q);
    return this.http.get<ExamPage>('/api/exams', { params });
  }

  /** One exam's public details. Errors (404 above all) are shown by the page. */
  get(id: number): Observable<ExamDetail> {
    return this.http.get<ExamDetail>(`/api/exams/${id}`, { context: handledByCaller() });
  }
}
