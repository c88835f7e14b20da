import { HttpErrorResponse } from '@angular/common/http';

import {
  problemChecklist,
  problemCount,
  problemsByQuestion,
  problemsFromError,
  publishedNotice,
} from './publish-problems';

const details = {
  exam: ['The exam must close after it opens (closes_at is not after opens_at).'],
  questions: {
    '12': { position: 2, problems: ['A true/false question needs one alternative with credit 1.'] },
    '5': {
      position: 0,
      problems: ['The question text is empty.', 'Points must be greater than 0.'],
    },
  },
};

function error422(body: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status: 422, error: body, url: '/api/exams/1/publish' });
}

describe('publish problems', () => {
  it('reads them from a 422 answer', () => {
    const problems = problemsFromError(
      error422({
        error: { status: 422, code: 'validation_error', message: 'Not ready', details },
      }),
    );
    expect(problems).toEqual(details);
    expect(problemCount(problems)).toBe(4);
  });

  it('ignores other errors', () => {
    expect(problemsFromError(new HttpErrorResponse({ status: 409, error: {} }))).toBeNull();
    expect(
      problemsFromError(
        error422({ error: { status: 422, message: 'Bad', details: { json: { title: ['x'] } } } }),
      ),
    ).toBeNull();
    expect(problemsFromError(new Error('boom'))).toBeNull();
  });

  it('groups them by question id', () => {
    const map = problemsByQuestion(details);
    expect(map.get(5)).toEqual(['The question text is empty.', 'Points must be greater than 0.']);
    expect(map.get(12)).toHaveLength(1);
    expect(map.has(7)).toBe(false);
    expect(problemsByQuestion(null).size).toBe(0);
  });

  it('lists them in page order, numbered as the questions are now', () => {
    // Question 12 was dragged to the top since the server answered.
    const lines = problemChecklist(details, [{ id: 12 }, { id: 5 }, { id: 9 }]);
    expect(lines.map((l) => [l.label, l.questionId, l.problems.length])).toEqual([
      ['Exam', null, 1],
      ['Question 1', 12, 1],
      ['Question 2', 5, 2],
    ]);
    // Unknown locally (e.g. a stale list): the server's position.
    expect(problemChecklist(details, []).map((l) => l.label)).toEqual([
      'Exam',
      'Question 1',
      'Question 3',
    ]);
    expect(problemChecklist({}, [])).toEqual([]);
  });
});

describe('published notice', () => {
  it('is a plain confirmation without warnings', () => {
    expect(publishedNotice('Geography', [])).toEqual({
      message: '“Geography” is published and in the catalogue.',
      warn: false,
    });
    expect(publishedNotice('Geography', undefined).warn).toBe(false);
  });

  it('carries the server’s advice as a warning', () => {
    const advice = '2 of 2 choice questions list a credited alternative first…';
    const notice = publishedNotice('Geography', [
      { code: 'credited_alternative_first', message: advice },
    ]);
    expect(notice.warn).toBe(true);
    expect(notice.message).toContain('“Geography” is published');
    expect(notice.message).toContain(advice);
  });
});
