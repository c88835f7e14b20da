import { HttpClient, HttpParams, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import type {
  Accommodation,
  AccommodationIn,
  AccommodationList,
  ClassListReport,
  Course,
  CourseCreate,
  CourseDetail,
  CoursePage,
  CoursePatch,
  CoursesQuery,
  CourseTeacher,
  Deadline,
  JoinCode,
  JoinResult,
  LiveView,
  MyCourses,
  RosterEntry,
  RosterPage,
  SetupLink,
} from './course-types';
import { handledByCaller } from './error-handling';

function pageParams(query: { page?: number; per_page?: number; q?: string }): HttpParams {
  let params = new HttpParams();
  if (query.page) params = params.set('page', query.page);
  if (query.per_page) params = params.set('per_page', query.per_page);
  if (query.q) params = params.set('q', query.q);
  return params;
}

/**
 * Courses (teachers' side), their rosters, class lists, join codes and accommodations, the
 * live view of an exam with its actions, and the student's own courses. Calls whose errors the
 * page shows in place say so with `handledByCaller()`.
 */
@Injectable({ providedIn: 'root' })
export class CoursesApi {
  private readonly http = inject(HttpClient);

  list(query: CoursesQuery = {}): Observable<CoursePage> {
    let params = pageParams(query);
    if (query.archived) params = params.set('archived', query.archived);
    return this.http.get<CoursePage>('/api/courses', { params });
  }

  create(body: CourseCreate): Observable<Course> {
    return this.http.post<Course>('/api/courses', body, { context: handledByCaller() });
  }

  get(id: number): Observable<CourseDetail> {
    return this.http.get<CourseDetail>(`/api/courses/${id}`, { context: handledByCaller() });
  }

  update(id: number, body: CoursePatch): Observable<CourseDetail> {
    return this.http.patch<CourseDetail>(`/api/courses/${id}`, body, {
      context: handledByCaller(),
    });
  }

  /** 409 while the course has exams (archive it instead). */
  delete(id: number): Observable<unknown> {
    return this.http.delete(`/api/courses/${id}`);
  }

  // --- teachers ------------------------------------------------------------------------------

  addTeacher(courseId: number, email: string): Observable<CourseTeacher[]> {
    return this.http.post<CourseTeacher[]>(
      `/api/courses/${courseId}/teachers`,
      { email },
      { context: handledByCaller() },
    );
  }

  removeTeacher(courseId: number, userId: number): Observable<unknown> {
    return this.http.delete(`/api/courses/${courseId}/teachers/${userId}`);
  }

  // --- roster --------------------------------------------------------------------------------

  students(
    courseId: number,
    query: { page?: number; per_page?: number; q?: string } = {},
  ): Observable<RosterPage> {
    return this.http.get<RosterPage>(`/api/courses/${courseId}/students`, {
      params: pageParams(query),
    });
  }

  addStudent(courseId: number, email: string): Observable<RosterEntry> {
    return this.http.post<RosterEntry>(
      `/api/courses/${courseId}/students`,
      { email },
      { context: handledByCaller() },
    );
  }

  removeStudent(courseId: number, userId: number): Observable<unknown> {
    return this.http.delete(`/api/courses/${courseId}/students/${userId}`);
  }

  /**
   * A class list (CSV). `dryRun` only checks it (200 with every error and a preview); a real run
   * with errors refuses the whole list (422, the report in `details`) unless `partial`.
   */
  uploadClassList(
    courseId: number,
    file: Blob,
    options: { dryRun: boolean; partial?: boolean },
  ): Observable<ClassListReport> {
    const body = new FormData();
    body.append('file', file, file instanceof File ? file.name : 'class-list.csv');
    const params = new HttpParams()
      .set('dry_run', options.dryRun)
      .set('partial', options.partial ?? false);
    return this.http.post<ClassListReport>(`/api/courses/${courseId}/class-list`, body, {
      params,
      context: handledByCaller(),
    });
  }

  /** Fresh set-password links of every student without a password (older ones stop working). */
  setupLinksCsv(courseId: number): Observable<HttpResponse<Blob>> {
    return this.http.get(`/api/courses/${courseId}/setup-links.csv`, {
      observe: 'response',
      responseType: 'blob',
      context: handledByCaller(),
    });
  }

  setupLink(courseId: number, userId: number): Observable<SetupLink> {
    return this.http.post<SetupLink>(`/api/courses/${courseId}/students/${userId}/setup-link`, {});
  }

  // --- join codes ----------------------------------------------------------------------------

  rotateJoinCode(courseId: number): Observable<JoinCode> {
    return this.http.post<JoinCode>(`/api/courses/${courseId}/join-code`, {});
  }

  disableJoinCode(courseId: number): Observable<unknown> {
    return this.http.delete(`/api/courses/${courseId}/join-code`);
  }

  /** Any signed-in user: 404 for an unknown or turned-off code, 409 for the course's teachers. */
  join(code: string): Observable<JoinResult> {
    return this.http.post<JoinResult>(
      '/api/courses/join',
      { code },
      { context: handledByCaller() },
    );
  }

  // --- accommodations ------------------------------------------------------------------------

  courseAccommodations(courseId: number): Observable<AccommodationList> {
    return this.http.get<AccommodationList>(`/api/courses/${courseId}/accommodations`);
  }

  examAccommodations(examId: number): Observable<AccommodationList> {
    return this.http.get<AccommodationList>(`/api/exams/${examId}/accommodations`);
  }

  /** Course-wide (`scope.course`) or for one exam (`scope.exam`). */
  saveAccommodation(
    scope: AccommodationScope,
    userId: number,
    body: AccommodationIn,
  ): Observable<Accommodation> {
    return this.http.put<Accommodation>(accommodationUrl(scope, userId), body, {
      context: handledByCaller(),
    });
  }

  deleteAccommodation(scope: AccommodationScope, userId: number): Observable<unknown> {
    return this.http.delete(accommodationUrl(scope, userId));
  }

  // --- the live view -------------------------------------------------------------------------

  /**
   * The live view. The server answers with an ETag and `Cache-Control: no-cache`, so the
   * browser's HTTP cache revalidates with If-None-Match and a 304 costs no body: the page sees
   * the cached copy as a 200.
   */
  live(examId: number): Observable<LiveView> {
    return this.http.get<LiveView>(`/api/exams/${examId}/live`, { context: handledByCaller() });
  }

  extendAttempt(attemptId: number, minutes: number): Observable<Deadline> {
    return this.http.post<Deadline>(
      `/api/attempts/${attemptId}/extend`,
      { minutes },
      { context: handledByCaller() },
    );
  }

  closeAttempt(attemptId: number): Observable<unknown> {
    return this.http.post(`/api/attempts/${attemptId}/close`, {});
  }

  extraAttempt(examId: number, userId: number): Observable<Accommodation> {
    return this.http.post<Accommodation>(
      `/api/exams/${examId}/students/${userId}/extra-attempt`,
      {},
    );
  }

  // --- the student's side --------------------------------------------------------------------

  myCourses(): Observable<MyCourses> {
    return this.http.get<MyCourses>('/api/me/courses');
  }
}

export type AccommodationScope = { course: number } | { exam: number };

function accommodationUrl(scope: AccommodationScope, userId: number): string {
  return 'course' in scope
    ? `/api/courses/${scope.course}/accommodations/${userId}`
    : `/api/exams/${scope.exam}/accommodations/${userId}`;
}
