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
  json: 'JSON (Online Exam export)',
  moodle_xml: 'Moodle XML',
  qti: 'QTI 3.0 package (.zip)',
};

/** The question types each format carries (both ways); others in a file are listed, not imported. */
export const IMPORT_FORMAT_TYPES: Record<DialogFormat, string> = {
  gift: 'single and multiple choice, true/false, short answer, numeric, essay, matching',
  aiken: 'single choice',
  json: 'every question type, exactly',
  moodle_xml:
    'multiple choice, true/false, short answer, numeric, essay, matching, ordering, cloze (embedded answers)',
  qti: 'choice, text entry, numeric, essay (extended text), matching, ordering, cloze (inline choice and text entry)',
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
  const parts: string[] = [];
  if (issue.line !== null) parts.push(`Line ${issue.line}`);
  if (issue.question !== null)
    parts.push(parts.length ? `question ${issue.question}` : `Question ${issue.question}`);
  return parts.join(' · ');
}

export type Mark = 'right' | 'partly' | 'wrong';

/** How an alternative counts, in words (never only a colour or an icon). */
export function alternativeMark(credit: number): { mark: Mark; label: string } {
  if (credit >= 1) return { mark: 'right', label: 'Right' };
  const percent = Math.round(credit * 1000) / 10;
  if (credit > 0) return { mark: 'partly', label: `Partly right (${percent} %)` };
  if (credit < 0) return { mark: 'wrong', label: `Wrong (${percent} %)` };
  return { mark: 'wrong', label: 'Wrong' };
}

/** For numeric questions the key is a number (± tolerance), not alternatives. */
export function numericKey(
  q: Pick<ImportedQuestion, 'numeric_answer' | 'numeric_tolerance'>,
): string {
  if (q.numeric_answer === null) return 'No answer given';
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
    ? `The file is too large (${formatBytes(file.size)}; at most ${formatBytes(maxBytes)}).`
    : null;
}

/** Reads a chosen file as UTF-8 text; refuses files over `maxBytes`. */
export function readTextFile(file: Blob, maxBytes = MAX_IMPORT_BYTES): Promise<string> {
  const problem = tooLarge(file, maxBytes);
  if (problem) return Promise.reject(new Error(problem));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(new Error('The file could not be read.'));
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
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    o.errors.length
      ? count(o.valid, 'valid question')
      : `${count(o.questions.length, 'question')} ready`,
  ];
  if (o.errors.length) parts.push(count(o.errors.length, 'error'));
  if (o.warnings.length) parts.push(count(o.warnings.length, 'warning'));
  if (o.skipped.length) parts.push(count(o.skipped.length, 'skipped item'));
  return parts.join(' · ');
}
