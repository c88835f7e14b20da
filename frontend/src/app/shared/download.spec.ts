import { HttpErrorResponse } from '@angular/common/http';

import { downloadErrorMessage, filenameFromDisposition } from './download';

describe('download file names', () => {
  it.each([
    [null, 'fallback.txt'],
    ['attachment; filename="exam-3.gift.txt"', 'exam-3.gift.txt'],
    ['attachment; filename=exam-3.json', 'exam-3.json'],
    ['attachment; filename="x.csv"; filename*=UTF-8\'\'r%C3%A9sultats.csv', 'résultats.csv'],
    ['attachment; filename="../../etc/passwd"', '.._.._etc_passwd'],
    ['attachment', 'fallback.txt'],
    ['attachment; filename=""', 'fallback.txt'],
  ])('%s → %s', (header, name) => {
    expect(filenameFromDisposition(header, 'fallback.txt')).toBe(name);
  });
});

describe('download errors', () => {
  it("reads the API's error shape from a Blob body", async () => {
    const body = new Blob(
      [JSON.stringify({ error: { status: 404, code: 'not_found', message: 'Exam not found.' } })],
      {
        type: 'application/json',
      },
    );
    const error = new HttpErrorResponse({ error: body, status: 404 });
    expect(await downloadErrorMessage(error)).toBe('Exam not found.');
  });

  it('falls back to the status when the body is not JSON', async () => {
    const error = new HttpErrorResponse({ error: new Blob(['oops']), status: 502 });
    expect(await downloadErrorMessage(error)).toBe(
      'The server could not complete the request (HTTP 502).',
    );
  });
});
