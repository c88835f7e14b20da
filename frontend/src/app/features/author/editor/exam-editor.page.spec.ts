import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { RouterTestingHarness } from '@angular/router/testing';
import { of } from 'rxjs';

import { CoursesApi } from '../../../core/api/courses-api';
import { Notifier } from '../../../core/notifier';
import { Confirmer } from '../../../shared/confirm-dialog';
import { routedPage } from '../../../shared/page.testing';
import { authorExam, authorQuestion } from '../author-exam.testing';
import { ExamEditorPage } from './exam-editor.page';

// Rendering the first test's component tree takes seconds on a busy machine.
describe('ExamEditorPage', { timeout: 20_000 }, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const notifier = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const confirmer = { ask: vi.fn(() => of(true)) };
  // The course selector's choices: the courses I teach.
  const courses = {
    list: vi.fn(() =>
      of({
        items: [{ id: 3, name: 'Biology 101' }],
        page: 1,
        per_page: 100,
        total: 1,
      }),
    ),
  };

  beforeEach(async () => {
    vi.clearAllMocks();
    ({ harness, http } = await routedPage(
      [
        { path: 'author/exams/:id', component: ExamEditorPage },
        { path: '**', children: [] },
      ],
      [
        { provide: Notifier, useValue: notifier },
        { provide: Confirmer, useValue: confirmer },
        { provide: CoursesApi, useValue: courses },
      ],
    ));
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;
  const text = () => root().textContent ?? '';
  /** "icon label": the label is its own translatable element, so no text node separates them. */
  const buttonText = (b: HTMLElement): string => {
    const copy = b.cloneNode(true) as HTMLElement;
    const icons = [...copy.querySelectorAll('mat-icon')].map((icon) => {
      icon.remove();
      return icon.textContent?.trim() ?? '';
    });
    return [...icons, copy.textContent?.replace(/\s+/g, ' ').trim()].join(' ').trim();
  };
  const button = (label: string) =>
    [...root().querySelectorAll<HTMLButtonElement>('button')].find((b) => buttonText(b) === label);
  const stable = () => harness.fixture.whenStable();
  function type(name: string, value: string): void {
    const input = root().querySelector<HTMLInputElement>(`[formcontrolname=${name}]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }
  async function open(exam = authorExam()): Promise<void> {
    await harness.navigateByUrl(`/author/exams/${exam.id}`);
    http.expectOne(`/api/author/exams/${exam.id}`).flush(exam);
    await stable();
  }

  it('creates a new exam on the first save, after pointing at what is missing', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate');
    await harness.navigateByUrl('/author/exams/new');
    expect(root().querySelector('h1')?.textContent).toContain('New exam');
    expect(text()).toContain('Not created yet');
    expect(text()).toContain('Create the exam first');

    button('add Create exam')!.click();
    await stable();
    expect(text()).toContain('Some settings need your attention');
    expect(text()).toContain('Give the exam a title.');
    expect(document.activeElement?.getAttribute('formcontrolname')).toBe('title');
    http.expectNone('/api/exams');

    type('title', 'Algebra');
    button('add Create exam')!.click();
    const req = http.expectOne('/api/exams');
    expect(req.request.method).toBe('POST');
    expect(req.request.body.title).toBe('Algebra');
    expect(req.request.body.course_id).toBeNull(); // public
    req.flush(authorExam());
    expect(notifier.info).toHaveBeenCalledWith('Exam created. Now add its questions.');
    expect(navigate).toHaveBeenCalledWith(['/author/exams', 7], { replaceUrl: true });
    // The editor now loads the exam it created (the navigation settles first).
    const load = await vi.waitFor(() => http.expectOne('/api/author/exams/7'));
    load.flush(authorExam());
    await stable();
    expect(root().querySelector('h1')?.textContent).toContain('Algebra');
  });

  it('creates a new exam in the course it was started from', async () => {
    await harness.navigateByUrl('/author/exams/new?course=3');
    await stable();
    const chosen = () => root().querySelector('.mat-mdc-select-value')?.textContent?.trim();
    expect(courses.list).toHaveBeenCalledWith({ archived: 'false', per_page: 100 });
    expect(chosen()).toBe('Students of Biology 101');
    type('title', 'Cells');
    button('add Create exam')!.click();
    const req = http.expectOne('/api/exams');
    expect(req.request.body.course_id).toBe(3);
    req.flush(authorExam({ course_id: 3, course_name: 'Biology 101' }));
    await vi
      .waitFor(() => http.expectOne('/api/author/exams/7'))
      .then((r) => r.flush(authorExam({ course_id: 3, course_name: 'Biology 101' })));
    await stable();
  });

  it('saves only the settings that changed', async () => {
    await open(authorExam({ questions: [authorQuestion(1)] }));
    expect(text()).toContain('All changes saved');
    expect(button('save Save settings')!.disabled).toBe(true);

    type('title', 'Algebra II');
    await stable();
    expect(text()).toContain('Unsaved changes');
    expect(text()).toContain('1 unsaved change');
    button('save Save settings')!.click();
    const req = http.expectOne('/api/exams/7');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ title: 'Algebra II' });
    req.flush(authorExam({ title: 'Algebra II', questions: [authorQuestion(1)] }));
    await stable();
    expect(text()).toContain('Saved at');
    expect(root().querySelector('h1')?.textContent).toContain('Algebra II');
  });

  it('shows a refused publish as a focused checklist', async () => {
    await open(authorExam({ questions: [authorQuestion(1)] }));
    expect(text()).toContain('Ready to publish');
    button('publish Publish')!.click();
    http.expectOne('/api/exams/7/publish').flush(
      {
        error: {
          status: 422,
          code: 'not_publishable',
          message: 'Not ready',
          details: { questions: { '1': { position: 1, problems: ['Mark a right answer.'] } } },
        },
      },
      { status: 422, statusText: 'Unprocessable' },
    );
    await stable();
    const checklist = root().querySelector<HTMLElement>('#publish-checklist')!;
    expect(checklist.getAttribute('role')).toBe('alert');
    expect(checklist.textContent).toContain('Not published: 1 problem to fix');
    expect(checklist.textContent).toContain('Mark a right answer.');
    expect(document.activeElement).toBe(checklist);
    expect(root().querySelector('#question-1')?.textContent).toContain('Mark a right answer.');
  });

  it('publishes, saving pending settings first', async () => {
    await open(authorExam({ questions: [authorQuestion(1)] }));
    type('description', 'Linear equations');
    await stable();
    button('publish Publish')!.click();
    const save = http.expectOne('/api/exams/7');
    expect(save.request.body).toEqual({ description: 'Linear equations' });
    save.flush(authorExam({ description: 'Linear equations', questions: [authorQuestion(1)] }));
    http
      .expectOne('/api/exams/7/publish')
      .flush(authorExam({ status: 'published', questions: [authorQuestion(1)] }));
    await stable();
    expect(notifier.info).toHaveBeenCalledWith('“Algebra” is published and in the catalogue.');
    expect(button('publish Publish')).toBeUndefined();
    expect(text()).toContain('Published');
  });

  it('moves a question and keeps the keyboard on it', async () => {
    const [q1, q2, q3] = [authorQuestion(1), authorQuestion(2), authorQuestion(3)];
    await open(authorExam({ questions: [q1, q2, q3] }));
    root().querySelector<HTMLButtonElement>('[aria-label="Move question 1 down"]')!.click();
    await stable();
    const req = http.expectOne('/api/exams/7/questions/order');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ question_ids: [2, 1, 3] });
    // Shown in the new order at once.
    expect(root().querySelectorAll('li.question')[0].id).toBe('question-2');
    req.flush([q2, q1, q3]);
    await stable();
    // The same button of the moved question, now number 2.
    const focused = document.activeElement!;
    expect(focused.getAttribute('aria-label')).toBe('Move question 2 down');
    expect(focused.closest('li')?.id).toBe('question-1');

    // At the end of the list its "down" button is off: the question itself gets the focus.
    root().querySelector<HTMLButtonElement>('[aria-label="Move question 2 down"]')!.click();
    await stable();
    http.expectOne('/api/exams/7/questions/order').flush([q2, q3, q1]);
    await stable();
    expect(document.activeElement?.id).toBe('question-1');
  });

  it('puts the questions back when the server refuses the new order', async () => {
    const questions = [authorQuestion(1), authorQuestion(2)];
    await open(authorExam({ questions }));
    root().querySelector<HTMLButtonElement>('[aria-label="Move question 2 up"]')!.click();
    await stable();
    http
      .expectOne('/api/exams/7/questions/order')
      .flush({ error: { status: 409 } }, { status: 409, statusText: 'Conflict' });
    await stable();
    const ids = [...root().querySelectorAll('li.question')].map((li) => li.id);
    expect(ids).toEqual(['question-1', 'question-2']);
  });

  it('deletes a question after confirmation and reloads the exam', async () => {
    await open(authorExam({ questions: [authorQuestion(1), authorQuestion(2)] }));
    root().querySelector<HTMLButtonElement>('[aria-label="Delete question 2"]')!.click();
    expect(confirmer.ask).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Delete question 2?', danger: true }),
    );
    const req = http.expectOne('/api/questions/2');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/author/exams/7').flush(authorExam({ questions: [authorQuestion(1)] }));
    await stable();
    expect(notifier.info).toHaveBeenCalledWith('Question 2 deleted.');
    expect(root().querySelectorAll('li.question').length).toBe(1);
  });

  it('locks the questions of an exam with attempts', async () => {
    await open(
      authorExam({ status: 'published', attempt_count: 3, questions: [authorQuestion(1)] }),
    );
    expect(text()).toContain('3 attempts already taken');
    expect(button('add Add question')).toBeUndefined();
    expect(root().querySelector('[aria-label="Delete question 1"]')).toBeNull();
    expect(text()).toContain('Importing is off: students have attempts');
    const passMark = root().querySelector<HTMLInputElement>('[formcontrolname=pass_mark_percent]');
    expect(passMark?.disabled).toBe(true);
  });

  it('archives after confirmation and becomes read-only', async () => {
    await open(authorExam({ status: 'published' }));
    root().querySelector<HTMLButtonElement>('[aria-label="More actions for this exam"]')!.click();
    await stable();
    const archive = [...document.querySelectorAll<HTMLButtonElement>('[mat-menu-item]')].find((b) =>
      b.textContent?.includes('Archive'),
    )!;
    archive.click();
    http.expectOne('/api/exams/7/archive').flush(authorExam({ status: 'archived' }));
    await stable();
    expect(notifier.info).toHaveBeenCalledWith('“Algebra” is archived.');
    expect(text()).toContain('This exam is archived and read-only');
    expect(button('save Save settings')).toBeUndefined();
    expect(root().querySelector<HTMLInputElement>('[formcontrolname=title]')?.disabled).toBe(true);
  });

  it('says when the exam does not exist', async () => {
    await harness.navigateByUrl('/author/exams/99');
    http
      .expectOne('/api/author/exams/99')
      .flush({ error: { status: 404 } }, { status: 404, statusText: 'Not Found' });
    await stable();
    expect(text()).toContain('Exam not found');
  });
});
