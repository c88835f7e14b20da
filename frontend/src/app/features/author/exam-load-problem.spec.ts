import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { ExamLoadProblem } from './exam-load-problem';

describe('ExamLoadProblem', () => {
  function render(inputs: { notFound?: boolean; error?: string | null }) {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(ExamLoadProblem);
    fixture.componentRef.setInput('what', 'The results');
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    fixture.detectChanges();
    return fixture;
  }

  it('says the exam is not there, with the way back to my exams', () => {
    const root = render({ notFound: true }).nativeElement as HTMLElement;
    expect(root.querySelector('[role="alert"] h1')?.textContent).toBe('Exam not found');
    expect(root.querySelector('a')?.getAttribute('href')).toBe('/author');
  });

  it('says what could not be loaded and why, and retries on request', () => {
    const fixture = render({ error: 'The server did not answer.' });
    const root = fixture.nativeElement as HTMLElement;
    let retried = 0;
    fixture.componentInstance.retry.subscribe(() => retried++);
    expect(root.querySelector('h1')?.textContent?.trim()).toBe('The results could not be loaded');
    expect(root.textContent).toContain('The server did not answer.');
    root.querySelector('button')!.click();
    expect(retried).toBe(1);
  });

  it('shows nothing when there is no problem', () => {
    const root = render({}).nativeElement as HTMLElement;
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });
});
