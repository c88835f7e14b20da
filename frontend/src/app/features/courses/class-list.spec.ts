import { HttpErrorResponse } from '@angular/common/http';

import type { ClassListReport } from '../../core/api/course-types';
import {
  appliedSummary,
  errorWhere,
  fileProblem,
  hiddenRows,
  reportFromError,
  reportSummary,
} from './class-list';

function report(overrides: Partial<ClassListReport> = {}): ClassListReport {
  return {
    rows: 3,
    will_create: 1,
    will_enrol: 1,
    already_enrolled: 1,
    errors: [],
    more_errors: 0,
    emails_queued: 0,
    preview: [
      { line: 2, email: 'a@x.org', name: 'A', external_id: null, action: 'create' },
      { line: 3, email: 'b@x.org', name: 'B', external_id: 's2', action: 'enrol' },
      { line: 4, email: 'c@x.org', name: 'C', external_id: null, action: 'already_enrolled' },
    ],
    applied: false,
    ...overrides,
  };
}

describe('class list report', () => {
  it('summarises the preview', () => {
    expect(reportSummary(report())).toBe(
      '3 rows: 1 new account, 1 existing account to enrol, 1 already enrolled.',
    );
    const withErrors = report({
      rows: 5,
      errors: [
        { line: 5, column: 'email', message: 'Not an e-mail address.' },
        { line: 6, column: null, message: 'Duplicate of line 2.' },
      ],
    });
    expect(reportSummary(withErrors)).toBe(
      '5 rows: 1 new account, 1 existing account to enrol, 1 already enrolled; 2 errors.',
    );
    expect(appliedSummary(withErrors)).toBe(
      '2 students enrolled (1 new). 2 rows with errors skipped.',
    );
  });

  it('names where an error is', () => {
    expect(errorWhere({ line: 5, column: 'email', message: '' })).toBe('Line 5, column email');
    expect(errorWhere({ line: 1, column: null, message: '' })).toBe('Line 1');
  });

  it('counts the rows the preview leaves out', () => {
    expect(hiddenRows(report())).toBe(0);
    expect(hiddenRows(report({ rows: 3000 }))).toBe(2997);
    expect(hiddenRows(report({ rows: 3010, more_errors: 10 }))).toBe(2997);
  });

  it('reads the report of a refused upload from the error details, nothing else', () => {
    const refused = report({ errors: [{ line: 2, column: 'email', message: 'Bad.' }] });
    const error = new HttpErrorResponse({
      status: 422,
      error: { error: { status: 422, code: 'validation_error', message: 'No.', details: refused } },
    });
    expect(reportFromError(error)).toEqual(refused);
    const plain = new HttpErrorResponse({
      status: 422,
      error: { error: { status: 422, code: 'x', message: 'No.', details: { json: {} } } },
    });
    expect(reportFromError(plain)).toBeNull();
    expect(reportFromError(new Error('x'))).toBeNull();
  });

  it('refuses empty, oversized and non-CSV files before sending', () => {
    expect(fileProblem({ name: 'list.csv', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'LIST.CSV', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'list.csv', size: 0 })).toMatch(/empty/);
    expect(fileProblem({ name: 'list.csv', size: 1024 * 1024 + 1 })).toMatch(/too large/);
    expect(fileProblem({ name: 'list.xlsx', size: 10 })).toMatch(/CSV/);
  });
});
