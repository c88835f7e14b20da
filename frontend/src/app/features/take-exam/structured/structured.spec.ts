import { LiveAnnouncer } from '@angular/cdk/a11y';
import type { Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import type { AttemptQuestion } from '../../../core/api/api-types';
import { type Answer, EMPTY_ANSWER, describeAnswer, isAnswered, toRequest } from '../answers';
import { ClozeInput, clozePieces } from './cloze-input';
import { MatchingInput } from './matching-input';
import { OrderingInput } from './ordering-input';

const MATCHING: AttemptQuestion = {
  id: 1,
  type: 'matching',
  text: 'Capitals',
  points: 2,
  alternatives: [
    { id: 11, text: 'France' },
    { id: 12, text: 'Italy' },
  ],
  answers: [
    { id: 12, text: 'Rome' },
    { id: 13, text: 'Berlin' },
    { id: 11, text: 'Paris' },
  ],
  gaps: [],
};

const ORDERING: AttemptQuestion = {
  id: 2,
  type: 'ordering',
  text: 'Smallest first',
  points: 1,
  alternatives: [
    { id: 23, text: 'horse' },
    { id: 21, text: 'ant' },
    { id: 22, text: 'cat' },
  ],
  answers: [],
  gaps: [],
};

const CLOZE: AttemptQuestion = {
  id: 3,
  type: 'cloze',
  text: 'Water boils at {#1} degrees and is {#2}.',
  points: 2,
  alternatives: [],
  answers: [],
  gaps: [
    { gap: 1, kind: 'text', choices: [] },
    {
      gap: 2,
      kind: 'choice',
      choices: [
        { id: 32, text: 'dry' },
        { id: 31, text: 'wet' },
      ],
    },
  ],
};

function render<T>(component: Type<T>, question: AttemptQuestion, answer: Answer) {
  const fixture = TestBed.createComponent(component);
  fixture.componentRef.setInput('question', question);
  fixture.componentRef.setInput('answer', answer);
  fixture.detectChanges();
  return { fixture, element: fixture.nativeElement as HTMLElement };
}

describe('matching input', () => {
  it('offers every answer per item, labelled by the item, and emits the pairs', () => {
    const { fixture, element } = render(MatchingInput, MATCHING, {
      ...EMPTY_ANSWER,
      pairs: [{ item_id: 12, answer_id: 13 }],
    });
    const emitted: Answer[] = [];
    fixture.componentInstance.answerChange.subscribe((a) => emitted.push(a));
    const selects = element.querySelectorAll('select');
    expect(selects.length).toBe(2);
    const labels = [...element.querySelectorAll('label')].map((l) => l.textContent?.trim());
    expect(labels).toEqual(['France', 'Italy']);
    expect(element.querySelector(`label[for="${selects[0].id}"]`)?.textContent).toContain('France');
    const options = [...selects[0].options].map((o) => o.text.trim());
    expect(options).toEqual(['Choose an answer…', 'Rome', 'Berlin', 'Paris']);
    expect(selects[1].value).toBe('13');

    selects[0].value = '11';
    selects[0].dispatchEvent(new Event('change'));
    expect(emitted.at(-1)?.pairs).toEqual([
      { item_id: 11, answer_id: 11 },
      { item_id: 12, answer_id: 13 },
    ]);
    selects[1].value = '';
    selects[1].dispatchEvent(new Event('change'));
    expect(emitted.at(-1)?.pairs).toEqual([]);
  });
});

describe('ordering input', () => {
  it('shows the attempt order, moves by keyboard buttons and announces the move', () => {
    const announce = vi.fn().mockResolvedValue(undefined);
    TestBed.configureTestingModule({
      providers: [{ provide: LiveAnnouncer, useValue: { announce } }],
    });
    const { fixture, element } = render(OrderingInput, ORDERING, EMPTY_ANSWER);
    const emitted: Answer[] = [];
    fixture.componentInstance.answerChange.subscribe((a) => emitted.push(a));
    const texts = () =>
      [...element.querySelectorAll('.ordering-text')].map((e) => e.textContent?.trim());
    expect(texts()).toEqual(['horse', 'ant', 'cat']);
    const up = element.querySelectorAll<HTMLButtonElement>('button[aria-label^="Move up"]');
    expect(up[0].disabled).toBe(true);
    element.querySelector<HTMLButtonElement>('button[aria-label="Move down: horse"]')!.click();
    expect(emitted.at(-1)?.orderedIds).toEqual([21, 23, 22]);
    expect(announce).toHaveBeenCalledWith('Moved horse to position 2 of 3.', 'polite');

    fixture.componentRef.setInput('answer', { ...EMPTY_ANSWER, orderedIds: [21, 22, 23] });
    fixture.detectChanges();
    expect(texts()).toEqual(['ant', 'cat', 'horse']);
  });
});

describe('cloze input', () => {
  it('splits the text at its markers', () => {
    expect(clozePieces('a {#1} b {#2}')).toEqual([
      { text: 'a ' },
      { gap: 1 },
      { text: ' b ' },
      { gap: 2 },
    ]);
    expect(clozePieces('{x} {#}')).toEqual([{ text: '{x} {#}' }]);
  });

  it('puts a labelled field or select in each gap and emits the gaps', () => {
    const { fixture, element } = render(ClozeInput, CLOZE, EMPTY_ANSWER);
    const emitted: { answer: Answer; immediate: boolean }[] = [];
    fixture.componentInstance.answerChange.subscribe((a) => emitted.push(a));
    const input = element.querySelector<HTMLInputElement>('input[aria-label="Gap 1 of 2"]')!;
    const select = element.querySelector<HTMLSelectElement>('select[aria-label="Gap 2 of 2"]')!;
    expect(element.querySelector('.cloze-text')?.textContent).toContain('Water boils at');
    input.value = '100';
    input.dispatchEvent(new Event('input'));
    expect(emitted.at(-1)).toEqual({
      answer: { ...EMPTY_ANSWER, gaps: [{ gap: 1, selected_id: null, text: '100' }] },
      immediate: false,
    });
    fixture.componentRef.setInput('answer', emitted.at(-1)!.answer);
    fixture.detectChanges();
    select.value = '31';
    select.dispatchEvent(new Event('change'));
    expect(emitted.at(-1)).toEqual({
      answer: {
        ...EMPTY_ANSWER,
        gaps: [
          { gap: 1, selected_id: null, text: '100' },
          { gap: 2, selected_id: 31, text: null },
        ],
      },
      immediate: true,
    });
  });
});

describe('structured answers', () => {
  it('sends only the field of the type and knows when it is answered', () => {
    const answer: Answer = {
      ...EMPTY_ANSWER,
      pairs: [{ item_id: 11, answer_id: 11 }],
      orderedIds: [21, 22, 23],
      gaps: [{ gap: 2, selected_id: 31, text: null }],
    };
    expect(toRequest('matching', answer, 3)).toEqual({ pairs: answer.pairs, seq: 3 });
    expect(toRequest('ordering', answer, 3)).toEqual({ ordered_ids: [21, 22, 23], seq: 3 });
    expect(toRequest('cloze', answer, 3)).toEqual({ gaps: answer.gaps, seq: 3 });
    expect(isAnswered('matching', EMPTY_ANSWER)).toBe(false);
    expect(isAnswered('ordering', answer)).toBe(true);
    expect(
      isAnswered('cloze', { ...EMPTY_ANSWER, gaps: [{ gap: 1, selected_id: null, text: ' ' }] }),
    ).toBe(false);
    expect(describeAnswer(MATCHING, answer)).toBe('France → Paris; Italy → —');
    expect(describeAnswer(ORDERING, answer)).toBe('ant → cat → horse');
    expect(describeAnswer(CLOZE, answer)).toBe('Gap 1: —; Gap 2: wet');
  });
});
