import { HttpErrorResponse } from '@angular/common/http';

import { activeLocale, primaryTag } from '../i18n/locale';
import type { ApiErrorDetail } from './api-types';

export const NETWORK_ERROR_MESSAGE = $localize`:@@error.network:Network error — check your connection`;

/**
 * The web app's own sentence per stable error `code` (issue 18). The server's message is more
 * specific, so it is shown whenever it is in the page's language (English, or a server that
 * answered in that language); a translated page falls back to it for a code not listed here.
 */
const CODE_MESSAGES: Record<string, () => string> = {
  bad_request: () => $localize`:@@error.bad_request:The request could not be understood.`,
  unauthorized: () => $localize`:@@error.unauthorized:Please sign in.`,
  forbidden: () => $localize`:@@error.forbidden:You do not have access to this.`,
  not_found: () => $localize`:@@error.not_found:This could not be found. It may have been removed.`,
  method_not_allowed: () =>
    $localize`:@@error.method_not_allowed:This action is not available here.`,
  conflict: () =>
    $localize`:@@error.conflict:This cannot be done now (it may have changed meanwhile). Reload the page and try again.`,
  payload_too_large: () => $localize`:@@error.payload_too_large:The file or text is too large.`,
  unsupported_media_type: () =>
    $localize`:@@error.unsupported_media_type:This kind of file is not supported.`,
  validation_error: () => $localize`:@@error.validation_error:Some of the data is not valid.`,
  rate_limited: () =>
    $localize`:@@error.rate_limited:Too many requests. Wait a moment and try again.`,
  internal_error: () =>
    $localize`:@@error.internal_error:Something went wrong on the server. Try again later.`,
  service_unavailable: () =>
    $localize`:@@error.service_unavailable:The service is busy or unavailable. Try again in a moment.`,
  identity_provider_unavailable: () =>
    $localize`:@@error.identity_provider_unavailable:The sign-in provider cannot be reached. Try again later.`,
};

/** The translated sentence for an error code, or null when there is none. */
export function codeMessage(code: string): string | null {
  return CODE_MESSAGES[code]?.() ?? null;
}

/** The server's `{"error": {...}}` body of a failed request, or null if it has none. */
export function apiErrorDetail(error: unknown): ApiErrorDetail | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body: unknown = error.error;
  if (!isRecord(body) || !isRecord(body['error'])) return null;
  const detail = body['error'];
  if (typeof detail['message'] !== 'string') return null;
  return {
    status: typeof detail['status'] === 'number' ? detail['status'] : error.status,
    code: typeof detail['code'] === 'string' ? detail['code'] : 'error',
    message: detail['message'],
    details: isRecord(detail['details']) ? detail['details'] : {},
  };
}

/** A sentence for people: the server's message, else a description of what went wrong. */
export function apiErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return NETWORK_ERROR_MESSAGE;
    const detail = apiErrorDetail(error);
    if (detail) return localizedMessage(detail, error.headers?.get('Content-Language'));
    const status = error.status;
    return $localize`:@@error.http:The server could not complete the request (HTTP ${status}:status:).`;
  }
  return $localize`:@@error.unknown:Something went wrong.`;
}

/** The server's message when it is in the page's language, else ours for its code. */
function localizedMessage(
  detail: ApiErrorDetail,
  contentLanguage: string | null | undefined,
): string {
  const locale = activeLocale();
  const serverLanguage = contentLanguage ? primaryTag(contentLanguage) : 'en';
  if (locale === 'en' || serverLanguage === locale) return detail.message;
  return codeMessage(detail.code) ?? detail.message;
}

/**
 * Field problems of a failed request, as `{field: "message"}`.
 *
 * Validation errors (422) carry them under `details.json` (`{"json": {"email": ["…"]}}`); rule
 * errors raised by the services carry them at the top of `details` (`{"email": ["Already used."]}`).
 */
export function apiFieldErrors(error: unknown): Record<string, string> {
  const details = apiErrorDetail(error)?.details ?? {};
  const source = isRecord(details['json']) ? details['json'] : details;
  const fields: Record<string, string> = {};
  for (const [field, problems] of Object.entries(source)) {
    const message = firstMessage(problems);
    if (message) fields[field] = message;
  }
  return fields;
}

function firstMessage(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const text = value.filter((item): item is string => typeof item === 'string');
    return text.length ? text.join(' ') : null;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
