import type { HttpTestingController } from '@angular/common/http/testing';
import type { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { of } from 'rxjs';

import type { Question } from '../../../core/api/api-types';
import { dialogUnderTest } from '../../../shared/page.testing';
import { authorQuestion } from '../author-exam.testing';
import { QuestionDialog, type QuestionDialogData } from './question-dialog';

// Rendering the first test's component tree takes seconds on a busy machine.
describe('QuestionDialog', { timeout: 20_000 }, () => {
  let http: HttpTestingController;
  let appRef: ApplicationRef;
  let dialog: () => HTMLElement;
  let closedWith: () => Question | undefined | 'open';

  function open(data: Partial<QuestionDialogData> = {}): void {
    ({
      http,
      appRef,
      element: dialog,
      result: closedWith,
    } = dialogUnderTest<QuestionDialog, QuestionDialogData, Question>(
      QuestionDialog,
      'app-question-dialog',
      {
        examId: 7,
        question: null,
        type: 'single',
        number: 1,
        readOnly: false,
        problems: [],
        ...data,
      },
    ));
  }

  afterEach(() => {
    http.verify();
    TestBed.inject(MatDialog).closeAll();
  });

  const text = () => dialog().textContent?.replace(/\s+/g, ' ') ?? '';
  const field = (selector: string) =>
    dialog().querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  function fill(selector: string, value: string): void {
    const input = field(selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }
  const alternativeText = (i: number) => `#alternative-${i} textarea[formcontrolname=text]`;
  async function save(): Promise<void> {
    dialog().querySelector<HTMLFormElement>('form#question-form')!.requestSubmit();
    appRef.tick();
  }

  it('points at what is missing before saving anything', async () => {
    open();
    expect(dialog().querySelector('h2')?.textContent).toContain('New question');
    await save();
    expect(text()).toContain('Some fields need your attention');
    expect(text()).toContain('Write the question.');
    expect(text()).toContain('Write the text.');
    http.expectNone('/api/exams/7/questions');
  });

  it('adds a single-choice question: the chosen alternative gets full credit', async () => {
    open();
    fill('textarea[formcontrolname=text]', '  Which city is the capital of France? ');
    fill(alternativeText(0), 'Paris');
    fill(alternativeText(1), 'Lyon');
    dialog().querySelector<HTMLInputElement>('#alternative-0 input[type=radio]')!.click();
    appRef.tick();
    await save();
    const req = http.expectOne('/api/exams/7/questions');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toMatchObject({
      type: 'single',
      text: 'Which city is the capital of France?',
      points: 1,
      alternatives: [
        { text: 'Paris', credit: 1, feedback: '' },
        { text: 'Lyon', credit: 0, feedback: '' },
      ],
    });
    const saved = authorQuestion(3, { text: 'Which city is the capital of France?' });
    req.flush(saved);
    await appRef.whenStable();
    expect(closedWith()).toEqual(saved);
  });

  it('saves through the given `save` (the question bank) instead of the exam', async () => {
    const bodies: unknown[] = [];
    const stored = authorQuestion(9, { text: 'Banked' });
    open({
      save: (body) => {
        bodies.push(body);
        return of(stored);
      },
    });
    fill('textarea[formcontrolname=text]', 'Banked');
    fill(alternativeText(0), 'Yes');
    fill(alternativeText(1), 'No');
    dialog().querySelector<HTMLInputElement>('#alternative-0 input[type=radio]')!.click();
    appRef.tick();
    await save();
    await appRef.whenStable();
    http.expectNone('/api/exams/7/questions');
    expect(bodies).toEqual([expect.objectContaining({ type: 'single', text: 'Banked' })]);
    expect(closedWith()).toEqual(stored);
  });

  it('edits a question and shows the server’s objection on its field', async () => {
    open({ question: authorQuestion(4), number: 2 });
    expect(dialog().querySelector('h2')?.textContent).toContain('Edit question 2');
    expect(field('textarea[formcontrolname=text]').value).toBe('Question text 4');
    fill('textarea[formcontrolname=text]', 'Changed');
    await save();
    const req = http.expectOne('/api/questions/4');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body.text).toBe('Changed');
    req.flush(
      {
        error: {
          status: 422,
          code: 'validation_failed',
          message: 'Invalid input.',
          details: { json: { text: ['Too similar to question 1.'] } },
        },
      },
      { status: 422, statusText: 'Unprocessable' },
    );
    await appRef.whenStable();
    expect(text()).toContain('Too similar to question 1.');
    expect(closedWith()).toBe('open');
  });

  it('adds and moves alternatives, keeping the keyboard with them', async () => {
    open();
    fill(alternativeText(0), 'First');
    fill(alternativeText(1), 'Second');
    [...dialog().querySelectorAll('button')]
      .find((b) => b.textContent?.includes('Add an alternative'))!
      .click();
    await appRef.whenStable();
    expect(dialog().querySelectorAll('.alternative').length).toBe(3);
    expect(document.activeElement).toBe(field(alternativeText(2)));

    dialog().querySelector<HTMLButtonElement>('[aria-label="Move alternative 1 down"]')!.click();
    await appRef.whenStable();
    expect(field(alternativeText(0)).value).toBe('Second');
    expect(field(alternativeText(1)).value).toBe('First');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Move alternative 2 down');
  });

  it('only shows a locked question', () => {
    open({ question: authorQuestion(4), readOnly: true });
    expect(text()).toContain('This question is locked');
    expect(field('textarea[formcontrolname=text]').disabled).toBe(true);
    expect(text()).not.toContain('Save question');
    expect(text()).not.toContain('Add an alternative');
  });

  it('lists the publish problems of the question', () => {
    open({ question: authorQuestion(4), problems: ['Mark a right answer.'] });
    const note = dialog().querySelector('.note.problems')!;
    expect(note.textContent).toContain('Before publishing:');
    expect(note.querySelector('li')?.textContent).toBe('Mark a right answer.');
  });
});
