/**
 * A class list's report as the upload dialog shows it: the server's preview rows and errors,
 * the summary line, and the report a refused upload carries in its error's `details`.
 */
import { apiErrorDetail } from '../../core/api/api-error';
import type { ClassListAction, ClassListError, ClassListReport } from '../../core/api/course-types';
import { countLabel } from '../../shared/exam-format';

/** The server's limit (413 above it): checked before sending, so nothing big travels. */
export const MAX_CLASS_LIST_BYTES = 1024 * 1024;
/** The server previews this many rows. */
export const PREVIEW_ROWS = 50;

export const CLASS_LIST_ACTION_LABELS: Record<ClassListAction, string> = {
  create: 'New account',
  enrol: 'Enrol existing account',
  already_enrolled: 'Already enrolled',
};

/** "Line 4, column email" / "Line 1". */
export function errorWhere(error: ClassListError): string {
  return error.column ? `Line ${error.line}, column ${error.column}` : `Line ${error.line}`;
}

/** "12 rows: 10 new accounts, 1 existing account to enrol, 1 already enrolled; 2 errors." */
export function reportSummary(report: ClassListReport): string {
  const parts = [
    countLabel(report.will_create, 'new account'),
    countLabel(report.will_enrol, 'existing account') + ' to enrol',
    `${report.already_enrolled} already enrolled`,
  ];
  const errorCount = report.errors.length + report.more_errors;
  const errors = errorCount ? `; ${countLabel(errorCount, 'error')}` : '';
  return `${countLabel(report.rows, 'row')}: ${parts.join(', ')}${errors}.`;
}

/** What an applied list did, for the message after it. */
export function appliedSummary(report: ClassListReport): string {
  const enrolled = report.will_create + report.will_enrol;
  const errorCount = report.errors.length + report.more_errors;
  const skipped = errorCount ? ` ${countLabel(errorCount, 'row')} with errors skipped.` : '';
  const mailed = report.emails_queued
    ? ` ${countLabel(report.emails_queued, 'set-password e-mail')} on the way.`
    : '';
  return `${countLabel(enrolled, 'student')} enrolled (${report.will_create} new).${skipped}${mailed}`;
}

/** How many more valid rows the list has than the preview shows (0 when it shows them all). */
export function hiddenRows(report: ClassListReport): number {
  const valid = report.rows - report.errors.length - report.more_errors;
  return Math.max(0, valid - report.preview.length);
}

/** A refused upload (422 with errors) carries the whole report in its details; else null. */
export function reportFromError(error: unknown): ClassListReport | null {
  const details = apiErrorDetail(error)?.details;
  if (!details) return null;
  const report = details as Partial<ClassListReport>;
  return Array.isArray(report.errors) &&
    Array.isArray(report.preview) &&
    typeof report.rows === 'number'
    ? (report as ClassListReport)
    : null;
}

/** The file is refused before sending when it is too big or plainly not a CSV. */
export function fileProblem(file: { name: string; size: number }): string | null {
  if (file.size === 0) return 'The file is empty.';
  if (file.size > MAX_CLASS_LIST_BYTES) {
    return `The file is too large (at most 1 MiB: about 5000 students).`;
  }
  if (!/\.(csv|txt)$/i.test(file.name)) return 'Choose a CSV file (.csv).';
  return null;
}
