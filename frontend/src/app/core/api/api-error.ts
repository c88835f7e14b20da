import { HttpErrorResponse } from '@angular/common/http';

import type { ApiErrorDetail } from './api-types';

export const NETWORK_ERROR_MESSAGE = 'Network error — check your connection';

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
    if (detail) return detail.message;
    return `The server could not complete the request (HTTP ${error.status}).`;
  }
  return 'Something went wrong.';
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
