import { HttpErrorResponse } from '@angular/common/http';

import type { ImportReport } from '../../../core/api/api-types';
import {
  alternativeMark,
  formatBytes,
  formatFromFileName,
  issueWhere,
  lineRange,
  numericKey,
  outcomeFromError,
  outcomeFromReport,
  outcomeSummary,
  readTextFile,
  tooLarge,
} from './import-report';

const question = {
  index: 1,
  line: 1,
  title: null,
  warnings: [],
  id: null,
  type: 'single' as const,
  text: 'Capital of France?',
  points: 1,
  general_feedback: '',
  numeric_answer: null,
  numeric_tolerance: null,
  case_sensitive: false,
  alternatives: [
    { text: 'Paris', credit: 1, feedback: '' },
    { text: 'Lyon', credit: 0, feedback: '' },
  ],
};

describe('import report', () => {
  it('reads a preview: issues sorted by line, valid = the parsed questions', () => {
    const report: ImportReport = {
      imported: 0,
      dry_run: true,
      skipped: [
        {
          line: 9,
          question: null,
          kind: 'essay',
          title: null,
          message: 'Essay questions are not supported.',
        },
      ],
      warnings: [{ line: null, question: null, message: 'Category ignored.' }],
      errors: [
        { line: 7, question: 3, message: 'No right answer.' },
        { line: null, question: 4, message: 'Too many alternatives.' },
        { line: 3, question: 2, message: 'Unclosed {.' },
      ],
      questions: [question],
    };
    const outcome = outcomeFromReport(report);
    expect(outcome.errors.map((e) => e.line)).toEqual([3, 7, null]);
    expect(outcome.valid).toBe(1);
    expect(outcomeSummary(outcome)).toBe(
      '1 valid question · 3 errors · 1 warning · 1 skipped item',
    );
  });

  it('summarises a clean preview', () => {
    const outcome = outcomeFromReport({
      imported: 0,
      dry_run: true,
      skipped: [],
      warnings: [],
      errors: [],
      questions: [question, { ...question, index: 2 }],
    });
    expect(outcomeSummary(outcome)).toBe('2 questions ready');
  });

  it('reads a refused import (422 with details)', () => {
    const error = new HttpErrorResponse({
      status: 422,
      error: {
        error: {
          status: 422,
          code: 'validation_failed',
          message: 'The file has 1 error; nothing was imported.',
          details: {
            errors: [{ line: 4, question: 2, message: 'Unknown answer.' }],
            warnings: [],
            skipped: [],
            valid_questions: 3,
          },
        },
      },
    });
    const outcome = outcomeFromError(error);
    expect(outcome).toMatchObject({ valid: 3, imported: 0, questions: [] });
    expect(outcome?.errors).toEqual([{ line: 4, question: 2, message: 'Unknown answer.' }]);
  });

  it('is no import report for other errors', () => {
    expect(
      outcomeFromError(
        new HttpErrorResponse({
          status: 409,
          error: { error: { status: 409, code: 'conflict', message: 'Has attempts.' } },
        }),
      ),
    ).toBeNull();
    expect(outcomeFromError(new Error('x'))).toBeNull();
  });

  it.each([
    [{ line: 7, question: 3 }, 'Line 7 · question 3'],
    [{ line: 7, question: null }, 'Line 7'],
    [{ line: null, question: 2 }, 'Question 2'],
    [{ line: null, question: null }, ''],
  ])('where %o → %s', (issue, text) => {
    expect(issueWhere(issue)).toBe(text);
  });

  it.each([
    [1, 'right', 'Right'],
    [0.5, 'partly', 'Partly right (50 %)'],
    [0.333, 'partly', 'Partly right (33.3 %)'],
    [0, 'wrong', 'Wrong'],
    [-0.5, 'wrong', 'Wrong (-50 %)'],
  ])('credit %s → %s', (credit, mark, label) => {
    expect(alternativeMark(credit)).toEqual({ mark, label });
  });

  it('writes a numeric key', () => {
    expect(numericKey({ numeric_answer: 3.14, numeric_tolerance: 0.01 })).toBe('3.14 ± 0.01');
    expect(numericKey({ numeric_answer: 3, numeric_tolerance: 0 })).toBe('3');
    expect(numericKey({ numeric_answer: null, numeric_tolerance: null })).toBe('No answer given');
  });

  it.each([
    ['questions.gift', 'gift'],
    ['exam-3.gift.txt', 'gift'],
    ['EXAM.JSON', 'json'],
    ['quiz.aiken.txt', 'aiken'],
    ['questions-Physics-20260101.xml', 'moodle_xml'],
    ['exam-3.moodle.XML', 'moodle_xml'],
    ['quiz.txt', null],
  ])('file %s → %s', (name, format) => {
    expect(formatFromFileName(name)).toBe(format);
  });

  it('finds a line in the text', () => {
    const text = 'one\ntwo\n\nfour';
    expect(lineRange(text, 1)).toEqual([0, 3]);
    expect(lineRange(text, 2)).toEqual([4, 7]);
    expect(lineRange(text, 3)).toEqual([8, 8]);
    expect(lineRange(text, 4)).toEqual([9, 13]);
    expect(lineRange(text, 5)).toBeNull();
    expect(lineRange(text, 0)).toBeNull();
  });

  it('reads a file, and refuses one that is too large', async () => {
    await expect(readTextFile(new Blob(['::Q:: 2+2? {=4 ~5}']))).resolves.toBe(
      '::Q:: 2+2? {=4 ~5}',
    );
    await expect(readTextFile(new Blob(['x'.repeat(2048)]), 1024)).rejects.toThrow(
      'The file is too large (2 KiB; at most 1 KiB).',
    );
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB'); // was 9.8 MiB
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(500)).toBe('500 B');
  });

  it('recognises packages by their extension and checks their own size limit', () => {
    expect(formatFromFileName('exam-3.qti.zip')).toBe('qti');
    expect(formatFromFileName('EXPORT.ZIP')).toBe('qti');
    expect(tooLarge(new Blob([new Uint8Array(10)]), 10)).toBeNull();
    expect(tooLarge(new Blob([new Uint8Array(11)]), 10)).toBe(
      'The file is too large (11 B; at most 10 B).',
    );
  });
});
