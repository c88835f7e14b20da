import { HttpErrorResponse } from '@angular/common/http';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { of, throwError } from 'rxjs';

import type { AuthorExam } from '../../core/api/api-types';
import { AuthorApi } from '../../core/api/author-api';
import { LtiNewExam } from './lti-new-exam';

@Component({
  imports: [LtiNewExam],
  template: `<app-lti-new-exam [courseId]="4" (created)="made.set($event)" />`,
})
class Host {
  readonly made = signal<AuthorExam | null>(null);
}

describe('LtiNewExam', () => {
  const author = { create: vi.fn() };

  function render() {
    TestBed.configureTestingModule({ providers: [{ provide: AuthorApi, useValue: author }] });
    const fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    const root = fixture.nativeElement as HTMLElement;
    const input = root.querySelector('input') as HTMLInputElement;
    const submit = (title: string) => {
      input.value = title;
      input.dispatchEvent(new Event('input'));
      (root.querySelector('button[type=submit]') as HTMLButtonElement).click();
      fixture.detectChanges();
    };
    return { fixture, root, input, submit };
  }

  beforeEach(() => vi.clearAllMocks());

  it('creates a draft with the title in the launch course and emits it', () => {
    const exam = { id: 9, title: 'Week 3', status: 'draft' };
    author.create.mockReturnValue(of(exam));
    const { fixture, input, submit } = render();
    submit('  Week 3 ');
    expect(author.create).toHaveBeenCalledWith({ title: 'Week 3', course_id: 4 });
    expect(fixture.componentInstance.made()).toEqual(exam);
    expect(input.value).toBe(''); // ready for another
  });

  it('requires a title and keeps to the maximum length', () => {
    const { root, input, submit } = render();
    submit('   ');
    expect(root.textContent).toContain('Give the exam a title.');
    expect(input.getAttribute('maxlength')).toBe('200');
    submit('x'.repeat(201)); // a paste can exceed the attribute
    expect(root.textContent).toContain('At most 200 characters.');
    expect(author.create).not.toHaveBeenCalled();
  });

  it("shows the API's error messages", () => {
    const refusal = (details: object, message: string) =>
      new HttpErrorResponse({
        status: 422,
        error: { error: { status: 422, code: 'validation_error', message, details } },
      });
    author.create.mockReturnValue(
      throwError(() => refusal({ json: { title: ['Title taken.'] } }, 'Invalid input.')),
    );
    const { fixture, root, submit } = render();
    submit('Quiz');
    expect(root.textContent).toContain('Title taken.');
    author.create.mockReturnValue(
      throwError(() => refusal({ json: { course_id: ['Not a course you teach.'] } }, 'Refused.')),
    );
    submit('Quiz 2');
    expect(root.querySelector('[role=alert]')?.textContent).toContain('Refused.');
    expect(fixture.componentInstance.made()).toBeNull();
  });
});
