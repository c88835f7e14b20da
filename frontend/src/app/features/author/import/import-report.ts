/** The import dialog's pure parts: the server's report (200 or 422) and how it reads. */
import { apiErrorDetail } from '../../../core/api/api-error';
import type {
  ImportFormat,
  ImportIssue,
  ImportReport,
  ImportSkipped,
  ImportedQuestion,
} from '../../../core/api/api-types';

/** The request limit of the server (1 MiB); a file larger than this is refused before upload. */
export const MAX_IMPORT_BYTES = 1024 * 1024;
/** The server's own, larger limit for packages (a zip: banks/qti_package.py). */
export const MAX_PACKAGE_BYTES = 10 * 1024 * 1024;

/** A package (a zip file, sent as it is) rather than a text format. */
export const PACKAGE_FORMAT = 'qti';
/** What the import dialog offers: the text formats and QTI packages. */
export type DialogFormat = ImportFormat | typeof PACKAGE_FORMAT;

export const IMPORT_FORMAT_LABELS: Record<DialogFormat, string> = {
  gift: 'GIFT (Moodle)',
  aiken: 'Aiken',
  json: $localize`:@@author.import.format.json:JSON (Online Exam export)`,
  moodle_xml: 'Moodle XML',
  qti: $localize`:@@author.import.format.qti:QTI 3.0 package (.zip)`,
};

/** The question types each format carries (both ways); others in a file are listed, not imported. */
export const IMPORT_FORMAT_TYPES: Record<DialogFormat, string> = {
  gift: $localize`:@@author.import.types.gift:single and multiple choice, true/false, short answer, numeric, essay, matching`,
  aiken: $localize`:@@author.import.types.aiken:single choice`,
  json: $localize`:@@author.import.types.json:every question type, exactly`,
  moodle_xml: $localize`:@@author.import.types.xml:multiple choice, true/false, short answer, numeric, essay, matching, ordering, cloze (embedded answers)`,
  qti: $localize`:@@author.import.types.qti:choice, text entry, numeric, essay (extended text), matching, ordering, cloze (inline choice and text entry)`,
};

/** A report the dialog can show: the server's, plus how many questions are valid. */
export interface ImportOutcome {
  errors: ImportIssue[];
  warnings: ImportIssue[];
  skipped: ImportSkipped[];
  questions: ImportedQuestion[];
  /** Questions without errors: what "Import the valid part" would import. */
  valid: number;
  imported: number;
}

/** A 200 report (preview or import): `questions` holds only the valid ones. */
export function outcomeFromReport(report: ImportReport): ImportOutcome {
  const valid = report.questions.length;
  return {
    errors: sortIssues(report.errors),
    warnings: sortIssues(report.warnings),
    skipped: report.skipped,
    questions: report.questions,
    valid,
    imported: report.imported,
  };
}

/**
 * A refused import (422, nothing saved): `details` holds `{errors, warnings, skipped,
 * valid_questions}`. Null when the error is something else (409, 413, network…).
 */
export function outcomeFromError(error: unknown): ImportOutcome | null {
  const detail = apiErrorDetail(error);
  if (!detail || detail.status !== 422) return null;
  const details = detail.details ?? {};
  const errors = issues(details['errors']);
  if (errors.length === 0) return null;
  return {
    errors: sortIssues(errors),
    warnings: sortIssues(issues(details['warnings'])),
    skipped: Array.isArray(details['skipped']) ? (details['skipped'] as ImportSkipped[]) : [],
    questions: [],
    valid: typeof details['valid_questions'] === 'number' ? details['valid_questions'] : 0,
    imported: 0,
  };
}

function issues(value: unknown): ImportIssue[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
    .map((v) => ({
      line: typeof v['line'] === 'number' ? v['line'] : null,
      question: typeof v['question'] === 'number' ? v['question'] : null,
      message: typeof v['message'] === 'string' ? v['message'] : String(v['message'] ?? ''),
    }));
}

/** By line (issues without a line last), then by question. */
export function sortIssues(list: readonly ImportIssue[]): ImportIssue[] {
  const key = (n: number | null) => (n === null ? Number.MAX_SAFE_INTEGER : n);
  return [...list].sort((a, b) => key(a.line) - key(b.line) || key(a.question) - key(b.question));
}

/** "Line 7 · question 2" / "Question 2" / "" (where a problem is). */
export function issueWhere(issue: Pick<ImportIssue, 'line' | 'question'>): string {
  const { line, question } = issue;
  if (line !== null && question !== null) {
    return $localize`:@@author.import.lineQuestion:Line ${line}:line: · question ${question}:question:`;
  }
  if (line !== null) return $localize`:@@author.import.line:Line ${line}:line:`;
  if (question !== null) return $localize`:@@author.import.question:Question ${question}:question:`;
  return '';
}

export type Mark = 'right' | 'partly' | 'wrong';

/** How an alternative counts, in words (never only a colour or an icon). */
export function alternativeMark(credit: number): { mark: Mark; label: string } {
  if (credit >= 1) return { mark: 'right', label: $localize`:@@author.import.mark.right:Right` };
  const percent = Math.round(credit * 1000) / 10;
  if (credit > 0) {
    return {
      mark: 'partly',
      label: $localize`:@@author.import.mark.partly:Partly right (${percent}:percent: %)`,
    };
  }
  if (credit < 0) {
    return {
      mark: 'wrong',
      label: $localize`:@@author.import.mark.penalty:Wrong (${percent}:percent: %)`,
    };
  }
  return { mark: 'wrong', label: $localize`:@@author.import.mark.wrong:Wrong` };
}

/** For numeric questions the key is a number (± tolerance), not alternatives. */
export function numericKey(
  q: Pick<ImportedQuestion, 'numeric_answer' | 'numeric_tolerance'>,
): string {
  if (q.numeric_answer === null) return $localize`:@@author.import.noAnswer:No answer given`;
  const tolerance = q.numeric_tolerance ? ` ± ${q.numeric_tolerance}` : '';
  return `${q.numeric_answer}${tolerance}`;
}

/** The format a file's name suggests (.gift, .json, .zip; Aiken has no extension of its own). */
export function formatFromFileName(name: string): DialogFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return PACKAGE_FORMAT;
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.gift') || lower.endsWith('.gift.txt')) return 'gift';
  if (lower.endsWith('.aiken') || lower.endsWith('.aiken.txt')) return 'aiken';
  if (lower.endsWith('.xml')) return 'moodle_xml';
  return null;
}

/** Start and end offsets of a 1-based line in `text` (to select it in the text area). */
export function lineRange(text: string, line: number): [number, number] | null {
  if (!Number.isInteger(line) || line < 1) return null;
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return null;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end === -1 ? text.length : end];
}

/** Why a file is too large to send, or null when it is not. */
export function tooLarge(file: Blob, maxBytes: number): string | null {
  return file.size > maxBytes
    ? $localize`:@@author.import.tooLarge:The file is too large (${formatBytes(file.size)}:size:; at most ${formatBytes(maxBytes)}:max:).`
    : null;
}

/** Reads a chosen file as UTF-8 text; refuses files over `maxBytes`. */
export function readTextFile(file: Blob, maxBytes = MAX_IMPORT_BYTES): Promise<string> {
  const problem = tooLarge(file, maxBytes);
  if (problem) return Promise.reject(new Error(problem));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () =>
      reject(new Error($localize`:@@author.import.unreadable:The file could not be read.`));
    reader.readAsText(file, 'utf-8');
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 102.4) / 10} KiB`;
  return `${Math.round(bytes / (1024 * 102.4)) / 10} MiB`;
}

/** "3 questions ready · 1 error · 2 warnings · 1 skipped". */
export function outcomeSummary(o: ImportOutcome): string {
  // One message per English plural form (a TS message cannot hold an ICU plural).
  const [valid, ready, errors, warnings, skipped] = [
    o.valid,
    o.questions.length,
    o.errors.length,
    o.warnings.length,
    o.skipped.length,
  ];
  const parts = [
    errors
      ? valid === 1
        ? $localize`:@@author.import.sum.valid1:1 valid question`
        : $localize`:@@author.import.sum.valid:${valid}:count: valid questions`
      : ready === 1
        ? $localize`:@@author.import.sum.ready1:1 question ready`
        : $localize`:@@author.import.sum.ready:${ready}:count: questions ready`,
  ];
  if (errors) {
    parts.push(
      errors === 1
        ? $localize`:@@author.import.sum.error1:1 error`
        : $localize`:@@author.import.sum.errors:${errors}:count: errors`,
    );
  }
  if (warnings) {
    parts.push(
      warnings === 1
        ? $localize`:@@author.import.sum.warning1:1 warning`
        : $localize`:@@author.import.sum.warnings:${warnings}:count: warnings`,
    );
  }
  if (skipped) {
    parts.push(
      skipped === 1
        ? $localize`:@@author.import.sum.skipped1:1 skipped item`
        : $localize`:@@author.import.sum.skipped:${skipped}:count: skipped items`,
    );
  }
  return parts.join(' · ');
}
