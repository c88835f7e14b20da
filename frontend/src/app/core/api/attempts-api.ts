import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import type { Attempt } from './api-types';

@Injectable({ providedIn: 'root' })
export class AttemptsApi {
  private readonly http = inject(HttpClient);

  /** Start an attempt at an exam (201), or resume the one in progress (200). */
  start(examId: number): Observable<Attempt> {
    return this.http.post<Attempt>(`/api/exams/${examId}/attempts`, {});
  }
}
