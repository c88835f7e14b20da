import { TestBed } from '@angular/core/testing';

import type { AttemptQuestion } from '../../core/api/api-types';
import { EMPTY_ANSWER } from './answers';
import { type AnswerChange, QuestionCard } from './question-card';

const ESSAY: AttemptQuestion = {
  id: 21,
  type: 'essay',
  text: 'Why are leaves green?',
  points: 4,
  word_limit: 3,
  alternatives: [],
  answers: [],
  gaps: [],
};

describe('QuestionCard: essay', () => {
  function render(text: string | null) {
    const fixture = TestBed.createComponent(QuestionCard);
    fixture.componentRef.setInput('question', ESSAY);
    fixture.componentRef.setInput('index', 0);
    fixture.componentRef.setInput('total', 2);
    fixture.componentRef.setInput('answer', { ...EMPTY_ANSWER, text });
    fixture.detectChanges();
    return fixture;
  }

  it('is a labelled text area with a polite live word count', () => {
    const fixture = render('Chlorophyll reflects green');
    const root = fixture.nativeElement as HTMLElement;
    const area = root.querySelector('textarea')!;
    expect(area.value).toBe('Chlorophyll reflects green');
    const count = root.querySelector('.word-count')!;
    expect(count.getAttribute('aria-live')).toBe('polite');
    expect(area.getAttribute('aria-describedby')).toContain(count.id);
    expect(count.textContent).toContain('3 of 3 words');
    expect(count.classList).not.toContain('over-limit');
  });

  it('warns over the limit, and still hands the whole text on to be saved', () => {
    const fixture = render('Chlorophyll reflects green light');
    const root = fixture.nativeElement as HTMLElement;
    const count = root.querySelector('.word-count')!;
    expect(count.textContent).toContain('4 of 3 words');
    expect(count.textContent).toContain('over the limit');
    expect(count.classList).toContain('over-limit');

    const changes: AnswerChange[] = [];
    fixture.componentInstance.answerChange.subscribe((change) => changes.push(change));
    const area = root.querySelector('textarea')!;
    area.value = 'one two three four five';
    area.dispatchEvent(new Event('input'));
    expect(changes).toEqual([
      {
        questionId: 21,
        answer: { ...EMPTY_ANSWER, text: 'one two three four five' },
        immediate: false,
      },
    ]);
  });
});

describe("QuestionCard: the exam's language on the author's text", () => {
  function render(contentLang: string | null) {
    const fixture = TestBed.createComponent(QuestionCard);
    fixture.componentRef.setInput('question', ESSAY);
    fixture.componentRef.setInput('index', 0);
    fixture.componentRef.setInput('total', 2);
    fixture.componentRef.setInput('contentLang', contentLang);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('marks the question and the answer field with the exam language and its direction', () => {
    const root = render('ar');
    const text = root.querySelector('.question-text')!;
    expect(text.getAttribute('lang')).toBe('ar');
    expect(text.getAttribute('dir')).toBe('rtl');
    expect(root.querySelector('textarea')!.getAttribute('dir')).toBe('rtl');
    // Our own words stay in the interface's language.
    expect(root.querySelector('.question-heading')!.hasAttribute('lang')).toBe(false);
  });

  it('lets the browser find the direction when the language is unknown', () => {
    const text = render(null).querySelector('.question-text')!;
    expect(text.hasAttribute('lang')).toBe(false);
    expect(text.getAttribute('dir')).toBe('auto');
  });

  it('is left to right for a left-to-right language', () => {
    expect(render('es').querySelector('.question-text')!.getAttribute('dir')).toBe('ltr');
  });
});
