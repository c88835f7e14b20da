/**
 * A class list's report as the upload dialog shows it: the server's preview rows and errors,
 * the summary line, and the report a refused upload carries in its error's `details`.
 */
import { apiErrorDetail } from '../../core/api/api-error';
import type { ClassListAction, ClassListError, ClassListReport } from '../../core/api/course-types';

/** The server's limit (413 above it): checked before sending, so nothing big travels. */
export const MAX_CLASS_LIST_BYTES = 1024 * 1024;
/** The server previews this many rows. */
export const PREVIEW_ROWS = 50;

export const CLASS_LIST_ACTION_LABELS: Record<ClassListAction, string> = {
  create: $localize`:@@author.classList.action.create:New account`,
  enrol: $localize`:@@author.classList.action.enrol:Enrol existing account`,
  already_enrolled: $localize`:@@author.classList.action.already:Already enrolled`,
};

/** "Line 4, column email" / "Line 1". */
export function errorWhere(error: ClassListError): string {
  const { line, column } = error;
  return column
    ? $localize`:@@author.classList.lineColumn:Line ${line}:line:, column ${column}:column:`
    : $localize`:@@author.classList.line:Line ${line}:line:`;
}

/** "12 rows: 10 new accounts, 1 existing account to enrol, 1 already enrolled; 2 errors." */
export function reportSummary(report: ClassListReport): string {
  const { will_create: create, will_enrol: enrol, already_enrolled: already, rows } = report;
  // One message per English plural form (TS messages cannot hold ICU plurals); the
  // translations phrase the "other" form so that it reads right for any number.
  const parts = [
    create === 1
      ? $localize`:@@author.classList.sum.create1:1 new account`
      : $localize`:@@author.classList.sum.create:${create}:count: new accounts`,
    enrol === 1
      ? $localize`:@@author.classList.sum.enrol1:1 existing account to enrol`
      : $localize`:@@author.classList.sum.enrol:${enrol}:count: existing accounts to enrol`,
    $localize`:@@author.classList.sum.already:${already}:count: already enrolled`,
  ].join(', ');
  const errorCount = report.errors.length + report.more_errors;
  const errors =
    errorCount === 0
      ? ''
      : errorCount === 1
        ? $localize`:@@author.classList.sum.error1:; 1 error`
        : $localize`:@@author.classList.sum.errors:; ${errorCount}:count: errors`;
  return rows === 1
    ? $localize`:@@author.classList.sum.row1:1 row: ${parts}:parts:${errors}:errors:.`
    : $localize`:@@author.classList.sum.rows:${rows}:count: rows: ${parts}:parts:${errors}:errors:.`;
}

/** What an applied list did, for the message after it. */
export function appliedSummary(report: ClassListReport): string {
  const enrolled = report.will_create + report.will_enrol;
  const errorCount = report.errors.length + report.more_errors;
  const created = report.will_create;
  const mails = report.emails_queued;
  const skipped =
    errorCount === 0
      ? ''
      : errorCount === 1
        ? $localize`:@@author.classList.applied.skipped1: 1 row with errors skipped.`
        : $localize`:@@author.classList.applied.skipped: ${errorCount}:count: rows with errors skipped.`;
  const mailed = !mails
    ? ''
    : mails === 1
      ? $localize`:@@author.classList.applied.mailed1: 1 set-password e-mail on the way.`
      : $localize`:@@author.classList.applied.mailed: ${mails}:count: set-password e-mails on the way.`;
  const done =
    enrolled === 1
      ? $localize`:@@author.classList.applied.enrolled1:1 student enrolled (${created}:created: new).`
      : $localize`:@@author.classList.applied.enrolled:${enrolled}:count: students enrolled (${created}:created: new).`;
  return `${done}${skipped}${mailed}`;
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
  if (file.size === 0) return $localize`:@@author.classList.fileEmpty:The file is empty.`;
  if (file.size > MAX_CLASS_LIST_BYTES) {
    return $localize`:@@author.classList.fileTooLarge:The file is too large (at most 1 MiB: about 5000 students).`;
  }
  if (!/\.(csv|txt)$/i.test(file.name))
    return $localize`:@@author.classList.fileNotCsv:Choose a CSV file (.csv).`;
  return null;
}
