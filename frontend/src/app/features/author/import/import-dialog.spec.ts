import type { HttpTestingController } from '@angular/common/http/testing';
import type { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';

import type { ImportReport, ImportedQuestion } from '../../../core/api/api-types';
import { dialogUnderTest } from '../../../shared/page.testing';
import { ImportDialog, type ImportDialogData, type ImportDialogResult } from './import-dialog';

const GIFT = '::Capital:: Which city is the capital of France? {=Paris ~Lyon}';

function parsed(index: number, text = `Question ${index}?`): ImportedQuestion {
  return {
    index,
    line: index,
    title: null,
    warnings: [],
    id: null,
    type: 'single',
    text,
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
}

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    imported: 0,
    dry_run: true,
    skipped: [],
    warnings: [],
    errors: [],
    questions: [],
    ...overrides,
  };
}

// Rendering the first test's component tree takes seconds on a busy machine.
describe('ImportDialog', { timeout: 20_000 }, () => {
  let http: HttpTestingController;
  let appRef: ApplicationRef;
  let dialog: () => HTMLElement;
  let closedWith: () => ImportDialogResult | undefined | 'open';

  beforeEach(() => {
    // jsdom has no layout, so no scrolling: the dialog scrolls the preview into view.
    Element.prototype.scrollIntoView = vi.fn();
    ({
      http,
      appRef,
      element: dialog,
      result: closedWith,
    } = dialogUnderTest<ImportDialog, ImportDialogData, ImportDialogResult>(
      ImportDialog,
      'app-import-dialog',
      { examId: 7, examTitle: 'Algebra' },
    ));
  });

  afterEach(() => {
    http.verify();
    TestBed.inject(MatDialog).closeAll();
  });

  const button = (label: string) =>
    [...dialog().querySelectorAll<HTMLButtonElement>('button')].find((b) =>
      b.textContent?.replace(/\s+/g, ' ').includes(label),
    )!;
  function paste(text: string): void {
    const area = dialog().querySelector<HTMLTextAreaElement>('textarea')!;
    area.value = text;
    area.dispatchEvent(new Event('input'));
    appRef.tick();
  }
  function previewRequest() {
    const req = http.expectOne('/api/exams/7/import');
    expect(req.request.method).toBe('POST');
    return req;
  }

  it('previews the pasted questions, then imports them and closes with the count', async () => {
    expect(dialog().textContent).toContain('Into “Algebra”');
    expect(button('Preview').disabled).toBe(true);
    paste(GIFT);
    expect(button('Preview').disabled).toBe(false);
    expect(button('Import').disabled).toBe(true);

    button('Preview').click();
    const preview = previewRequest();
    expect(preview.request.body).toEqual({
      format: 'gift',
      text: GIFT,
      dry_run: true,
      partial: false,
    });
    preview.flush(report({ questions: [parsed(1, 'Which city is the capital of France?')] }));
    await appRef.whenStable();
    expect(dialog().textContent).toContain('1 question ready');
    expect(dialog().textContent).toContain('Which city is the capital of France?');
    expect(document.activeElement?.id).toBe('import-preview-heading');

    button('Import 1 question').click();
    const done = previewRequest();
    expect(done.request.body).toEqual({
      format: 'gift',
      text: GIFT,
      dry_run: false,
      partial: false,
    });
    done.flush(report({ dry_run: false, imported: 1 }));
    await appRef.whenStable();
    expect(closedWith()).toBe(1);
  });

  it('asks for a new preview when the text changed', async () => {
    paste(GIFT);
    button('Preview').click();
    previewRequest().flush(report({ questions: [parsed(1)] }));
    await appRef.whenStable();
    paste(GIFT + '\n');
    expect(dialog().textContent).toContain('preview again before importing');
    expect(button('Import').disabled).toBe(true);
  });

  it('lists errors by line, and imports only the valid part when asked', async () => {
    paste(GIFT);
    button('Preview').click();
    previewRequest().flush(
      report({
        questions: [parsed(1)],
        errors: [{ line: 3, question: 2, message: 'Unclosed {.' }],
      }),
    );
    await appRef.whenStable();
    expect(dialog().textContent).toContain('1 valid question · 1 error');
    expect(dialog().textContent).toContain('Unclosed {.');
    button('Import the valid part (1)').click();
    const req = previewRequest();
    expect(req.request.body.partial).toBe(true);
    req.flush(report({ dry_run: false, imported: 1 }));
    await appRef.whenStable();
    expect(closedWith()).toBe(1);
  });

  it('shows a refused import in place and stays open', async () => {
    paste(GIFT);
    button('Preview').click();
    previewRequest().flush(report({ questions: [parsed(1)] }));
    await appRef.whenStable();
    button('Import 1 question').click();
    previewRequest().flush(
      { error: { status: 409, code: 'conflict', message: 'The exam has attempts.' } },
      { status: 409, statusText: 'Conflict' },
    );
    await appRef.whenStable();
    expect(dialog().querySelector('[role=alert]')?.textContent).toContain('The exam has attempts.');
    expect(closedWith()).toBe('open');
  });

  it('offers Moodle XML and sends the chosen format', async () => {
    const radio = [...dialog().querySelectorAll<HTMLElement>('mat-radio-button')].find((r) =>
      r.textContent?.includes('Moodle XML'),
    )!;
    radio.querySelector<HTMLInputElement>('input')!.click();
    await appRef.whenStable();
    expect(dialog().querySelector('mat-label')?.textContent).toContain('Moodle XML');
    // What the format carries, new types included.
    expect(dialog().querySelector('mat-hint')?.textContent).toContain(
      'essay, matching, ordering, cloze (embedded answers)',
    );
    const xml = '<quiz><question type="truefalse">…</question></quiz>';
    paste(xml);
    button('Preview').click();
    const preview = previewRequest();
    expect(preview.request.body).toEqual({
      format: 'moodle_xml',
      text: xml,
      dry_run: true,
      partial: false,
    });
    preview.flush(
      report({
        skipped: [
          {
            line: 4,
            question: null,
            kind: 'essay',
            title: 'Summer',
            message: 'An essay was skipped.',
          },
        ],
      }),
    );
    await appRef.whenStable();
    expect(dialog().textContent).toContain('essay “Summer”');
  });

  function choose(file: File): void {
    const input = dialog().querySelector<HTMLInputElement>('input[type=file]')!;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    appRef.tick();
  }
  function packageRequest(dryRun: boolean, partial = false) {
    const req = http.expectOne((r) => r.url === '/api/exams/7/import/qti');
    expect(req.request.method).toBe('POST');
    expect(req.request.params.get('dry_run')).toBe(String(dryRun));
    expect(req.request.params.get('partial')).toBe(String(partial));
    expect(req.request.headers.get('Content-Type')).toBe('application/zip');
    return req;
  }
  const zip = (size = 4) => new File([new Uint8Array(size)], 'exam-3.qti.zip');

  it('accepts a QTI package: sends the zip as it is, previews, imports', async () => {
    const input = dialog().querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.accept).toContain('.zip');
    const file = zip();
    choose(file);
    await appRef.whenStable();
    expect(dialog().textContent).toContain('Loaded: exam-3.qti.zip');
    expect(dialog().querySelector('textarea')).toBeNull(); // nothing to paste for a package
    const qti = [...dialog().querySelectorAll<HTMLInputElement>('input[type=radio]')].find(
      (r) => r.value === 'qti',
    )!;
    expect(qti.checked).toBe(true);

    button('Preview').click();
    const preview = packageRequest(true);
    expect(preview.request.body).toBe(file);
    preview.flush(
      report({
        questions: [{ ...parsed(1), line: null, title: 'Unattended Luggage' }],
        skipped: [
          {
            line: null,
            question: 2,
            kind: 'essay (extended text)',
            title: 'Postcard',
            message: 'Item 2 (items/essay.xml): no question type here for essays yet.',
          },
        ],
      }),
    );
    await appRef.whenStable();
    expect(dialog().textContent).toContain('1 question ready · 1 skipped item');
    expect(dialog().textContent).toContain('essay (extended text) “Postcard”');

    button('Import 1 question').click();
    packageRequest(false).flush(report({ dry_run: false, imported: 1 }));
    await appRef.whenStable();
    expect(closedWith()).toBe(1);
  });

  it('refuses a package over 10 MiB before sending it', async () => {
    choose(zip(10 * 1024 * 1024 + 1));
    await appRef.whenStable();
    expect(dialog().querySelector('[role=alert]')?.textContent).toContain(
      'The file is too large (10 MiB; at most 10 MiB)',
    );
    expect(button('Preview').disabled).toBe(true);
  });

  it('shows why a package cannot be read, and offers no import', async () => {
    choose(zip());
    button('Preview').click();
    packageRequest(true).flush(
      {
        error: {
          status: 422,
          code: 'validation_error',
          message: 'The QTI package cannot be read: refused entry ../evil.xml.',
          details: {
            errors: [{ line: null, question: null, message: "Refused entry '../evil.xml'." }],
            warnings: [],
            skipped: [],
          },
        },
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await appRef.whenStable();
    expect(dialog().querySelector('[role=alert]')?.textContent).toContain(
      'The QTI package cannot be read',
    );
    expect(dialog().textContent).toContain("Refused entry '../evil.xml'.");
    expect(button('Import the valid part (0)').disabled).toBe(true);
  });

  it('closes with nothing when cancelled', async () => {
    button('Cancel').click();
    await appRef.whenStable();
    expect(closedWith()).not.toBe('open');
    expect(typeof closedWith()).not.toBe('number'); // the editor reloads only on a number
    http.expectNone('/api/exams/7/import');
  });
});
