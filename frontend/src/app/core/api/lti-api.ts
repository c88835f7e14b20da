import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable } from 'rxjs';

import { handledByCaller } from './error-handling';
import type { components } from './schema';

type Schemas = components['schemas'];
export type LtiTicket = Schemas['TicketOut'];
export type LtiPlatform = Schemas['PlatformOut'];
export type LtiPlatformIn = Schemas['PlatformIn'];
export type LtiTool = Schemas['ToolOut'];
export type LtiDeepLink = Schemas['DeepLinkOut'];
export type LtiRosterSync = Schemas['RosterSyncOut'];

/** LTI 1.3: the launch ticket, deep linking, roster sync and (admins) platform registrations. */
@Injectable({ providedIn: 'root' })
export class LtiApi {
  private readonly http = inject(HttpClient);

  redeemTicket(ticket: string): Observable<LtiTicket> {
    return this.http.post<LtiTicket>(
      '/api/lti/tickets',
      { ticket },
      { context: handledByCaller({ redirectOn401: false }) },
    );
  }

  deepLink(deepLink: string, examId: number): Observable<LtiDeepLink> {
    return this.http.post<LtiDeepLink>('/api/lti/deep-link', {
      deep_link: deepLink,
      exam_id: examId,
    });
  }

  syncRoster(courseId: number): Observable<LtiRosterSync> {
    return this.http.post<LtiRosterSync>(`/api/lti/courses/${courseId}/roster-sync`, null);
  }

  tool(): Observable<LtiTool> {
    return this.http.get<LtiTool>('/api/lti/tool');
  }

  platforms(): Observable<{ items: LtiPlatform[] }> {
    return this.http.get<{ items: LtiPlatform[] }>('/api/lti/platforms');
  }

  createPlatform(body: LtiPlatformIn): Observable<LtiPlatform> {
    return this.http.post<LtiPlatform>('/api/lti/platforms', body);
  }

  deletePlatform(id: number): Observable<void> {
    return this.http.delete<void>(`/api/lti/platforms/${id}`);
  }
}
