import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { of } from 'rxjs';

import type { AuthorExam } from '../../core/api/api-types';
import { Notifier } from '../../core/notifier';
import { Busy } from '../../shared/busy';
import { Confirmer } from '../../shared/confirm-dialog';
import { ExamLifecycle, type PublishOutcome } from './exam-lifecycle';

const EXAM = { id: 7, title: 'Algebra' };

function authorExam(overrides: Partial<AuthorExam> = {}): AuthorExam {
  return { id: 7, title: 'Algebra', status: 'draft', ...overrides } as AuthorExam;
}

describe('ExamLifecycle', () => {
  let lifecycle: ExamLifecycle;
  let http: HttpTestingController;
  let answer: boolean;
  const confirmer = { ask: vi.fn(() => of(answer)) };
  const notifier = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

  beforeEach(() => {
    answer = true;
    vi.clearAllMocks();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Confirmer, useValue: confirmer },
        { provide: Notifier, useValue: notifier },
      ],
    });
    lifecycle = TestBed.inject(ExamLifecycle);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('publishes without asking and reports it', () => {
    const seen: PublishOutcome[] = [];
    lifecycle.publish(EXAM).subscribe((outcome) => seen.push(outcome));
    const req = http.expectOne('/api/exams/7/publish');
    expect(req.request.method).toBe('POST');
    const published = { ...authorExam({ status: 'published' }), warnings: [] };
    req.flush(published);
    expect(confirmer.ask).not.toHaveBeenCalled();
    expect(seen).toEqual([{ published }]);
    expect(notifier.info).toHaveBeenCalledWith('“Algebra” is published and in the catalogue.');
    expect(notifier.warn).not.toHaveBeenCalled();
  });

  it('passes on the server’s advice after publishing, as a warning', () => {
    lifecycle.publish(EXAM).subscribe();
    const advice = '2 of 2 choice questions list a credited alternative first.';
    http.expectOne('/api/exams/7/publish').flush({
      ...authorExam({ status: 'published' }),
      warnings: [{ code: 'credited_alternative_first', message: advice }],
    });
    expect(notifier.warn).toHaveBeenCalledWith(
      `“Algebra” is published and in the catalogue. But: ${advice}`,
    );
    expect(notifier.info).not.toHaveBeenCalled();
  });

  it('hands back the problems of a refused publish', () => {
    const seen: PublishOutcome[] = [];
    lifecycle.publish(EXAM).subscribe((outcome) => seen.push(outcome));
    http.expectOne('/api/exams/7/publish').flush(
      {
        error: {
          status: 422,
          code: 'not_publishable',
          message: 'Not ready',
          details: { exam: ['Add a question.'] },
        },
      },
      { status: 422, statusText: 'Unprocessable' },
    );
    expect(seen).toEqual([{ problems: { exam: ['Add a question.'] } }]);
    expect(notifier.info).not.toHaveBeenCalled();
    expect(notifier.error).not.toHaveBeenCalled();
  });

  it('says why another publish failure happened, and completes empty', () => {
    let completed = false;
    const seen: unknown[] = [];
    lifecycle
      .publish(EXAM)
      .subscribe({ next: (o) => seen.push(o), complete: () => (completed = true) });
    http
      .expectOne('/api/exams/7/publish')
      .flush(
        { error: { status: 409, code: 'conflict', message: 'Archived exams stay archived.' } },
        { status: 409, statusText: 'Conflict' },
      );
    expect(seen).toEqual([]);
    expect(completed).toBe(true);
    expect(notifier.error).toHaveBeenCalledWith('Archived exams stay archived.');
  });

  it('asks before archiving, is busy only while the request runs, and reports it', () => {
    const busy = new Busy();
    const seen: AuthorExam[] = [];
    lifecycle.archive(EXAM, busy.track()).subscribe((exam) => seen.push(exam));
    expect(confirmer.ask).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Archive this exam?', confirm: 'Archive', danger: true }),
    );
    const req = http.expectOne('/api/exams/7/archive');
    expect(busy.any()).toBe(true);
    req.flush(authorExam({ status: 'archived' }));
    expect(busy.any()).toBe(false);
    expect(seen.map((e) => e.status)).toEqual(['archived']);
    expect(notifier.info).toHaveBeenCalledWith('“Algebra” is archived.');
  });

  it('does nothing when the author says no', () => {
    answer = false;
    const seen: unknown[] = [];
    lifecycle.unpublish(EXAM).subscribe((e) => seen.push(e));
    lifecycle.delete(EXAM).subscribe((e) => seen.push(e));
    http.expectNone(() => true);
    expect(seen).toEqual([]);
    expect(notifier.info).not.toHaveBeenCalled();
  });

  it('unpublishes and deletes after confirmation', () => {
    const seen: unknown[] = [];
    lifecycle.unpublish(EXAM).subscribe(() => seen.push('unpublished'));
    http.expectOne('/api/exams/7/unpublish').flush(authorExam());
    lifecycle.delete(EXAM).subscribe(() => seen.push('deleted'));
    const req = http.expectOne('/api/exams/7');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    expect(seen).toEqual(['unpublished', 'deleted']);
    expect(notifier.info).toHaveBeenCalledWith('“Algebra” is a draft again.');
    expect(notifier.info).toHaveBeenCalledWith('“Algebra” is deleted.');
  });

  it('swallows a failed confirmed action (the error interceptor has shown it)', () => {
    const busy = new Busy();
    let completed = false;
    lifecycle.delete(EXAM, busy.track()).subscribe({ complete: () => (completed = true) });
    http
      .expectOne('/api/exams/7')
      .flush({ error: { status: 409 } }, { status: 409, statusText: 'Conflict' });
    expect(completed).toBe(true);
    expect(busy.any()).toBe(false);
    expect(notifier.info).not.toHaveBeenCalled();
  });

  it('copies without asking and opens the copy', () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    lifecycle.copy(EXAM).subscribe();
    http.expectOne('/api/exams/7/copy').flush(authorExam({ id: 8, title: 'Algebra (copy)' }));
    expect(confirmer.ask).not.toHaveBeenCalled();
    expect(notifier.info).toHaveBeenCalledWith('Copied: you are editing “Algebra (copy)”.');
    expect(navigate).toHaveBeenCalledWith(['/author/exams', 8]);
  });
});
