import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { setActiveLocale } from '../i18n/locale';
import { apiErrorMessage } from './api-error';

function failure(code: string, message: string, contentLanguage?: string): HttpErrorResponse {
  return new HttpErrorResponse({
    status: 404,
    error: { error: { status: 404, code, message, details: {} } },
    headers: contentLanguage ? new HttpHeaders({ 'Content-Language': contentLanguage }) : undefined,
  });
}

describe('apiErrorMessage per locale', () => {
  afterEach(() => setActiveLocale('en'));

  it("shows the server's message on an English page", () => {
    expect(apiErrorMessage(failure('not_found', 'Exam 7 not found.'))).toBe('Exam 7 not found.');
  });

  it("shows the app's own sentence for the code when the server spoke another language", () => {
    setActiveLocale('es');
    // No catalogue is loaded in unit tests: the sentence is the source text of error.not_found.
    expect(apiErrorMessage(failure('not_found', 'Exam 7 not found.'))).toBe(
      'This could not be found. It may have been removed.',
    );
  });

  it("keeps the server's message when it is in the page's language, or the code is unknown", () => {
    setActiveLocale('es');
    expect(apiErrorMessage(failure('not_found', 'Examen 7 no encontrado.', 'es-ES'))).toBe(
      'Examen 7 no encontrado.',
    );
    expect(apiErrorMessage(failure('exam_closed', 'The exam is closed.'))).toBe(
      'The exam is closed.',
    );
  });
});
