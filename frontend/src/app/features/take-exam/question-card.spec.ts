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
