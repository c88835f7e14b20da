import { HttpErrorResponse } from '@angular/common/http';

import {
  NETWORK_ERROR_MESSAGE,
  apiErrorDetail,
  apiErrorMessage,
  apiFieldErrors,
} from './api-error';

function failure(status: number, error: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status, error, url: '/api/x' });
}

const shape = (status: number, message: string, details: object = {}) => ({
  error: { status, code: 'c', message, details },
});

describe('api errors', () => {
  it('reads the server error shape', () => {
    const detail = apiErrorDetail(failure(409, shape(409, 'Exam is closed.')));
    expect(detail).toEqual({ status: 409, code: 'c', message: 'Exam is closed.', details: {} });
  });

  it('uses the server message', () => {
    expect(apiErrorMessage(failure(409, shape(409, 'Exam is closed.')))).toBe('Exam is closed.');
  });

  it('explains a network failure (status 0)', () => {
    expect(apiErrorMessage(failure(0, new ProgressEvent('error')))).toBe(NETWORK_ERROR_MESSAGE);
  });

  it('falls back to the status when the body is not the error shape', () => {
    expect(apiErrorMessage(failure(502, '<html>Bad gateway</html>'))).toContain('HTTP 502');
    expect(apiErrorDetail(failure(502, { error: 'x' }))).toBeNull();
    expect(apiErrorMessage(new Error('boom'))).toBe('Something went wrong.');
  });

  it('finds field errors of validation failures under details.json', () => {
    const error = failure(
      422,
      shape(422, 'invalid', {
        json: { email: ['Not a valid email address.'], password: ['Too short.', 'Weak.'] },
      }),
    );
    expect(apiFieldErrors(error)).toEqual({
      email: 'Not a valid email address.',
      password: 'Too short. Weak.',
    });
  });

  it('finds field errors of rule failures at the top of details', () => {
    const error = failure(409, shape(409, 'exists', { email: ['Already used.'] }));
    expect(apiFieldErrors(error)).toEqual({ email: 'Already used.' });
  });

  it('ignores details that are not messages', () => {
    expect(apiFieldErrors(failure(429, shape(429, 'slow down', { retry_after: 30 })))).toEqual({});
  });
});
