import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import type {
  AdminUser,
  AdminUserPage,
  AdminUserPatch,
  AdminUsersQuery,
  AuditPage,
  AuditQuery,
} from './api-types';

/** Account management and the audit trail (admins only). */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  users(query: AdminUsersQuery = {}): Observable<AdminUserPage> {
    return this.http.get<AdminUserPage>('/api/admin/users', { params: toParams(query) });
  }

  /** 409 when the change would leave no active admin (shown by the error interceptor). */
  updateUser(id: number, changes: AdminUserPatch): Observable<AdminUser> {
    return this.http.patch<AdminUser>(`/api/admin/users/${id}`, changes);
  }

  audit(query: AuditQuery = {}): Observable<AuditPage> {
    return this.http.get<AuditPage>('/api/admin/audit', { params: toParams(query) });
  }
}

function toParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params = params.set(key, value);
  }
  return params;
}
