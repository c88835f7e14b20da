import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { App } from './app';
import { SESSION_STORAGE_KEY } from './core/auth/auth.service';

function signInAs(role: string | null): void {
  localStorage.clear();
  if (role) {
    localStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({
        accessToken: 't',
        expiresAt: Date.now() + 3600_000,
        refreshToken: null,
        refreshExpiresAt: null,
        user: { id: 1, email: 'x@example.com', display_name: 'Xena', role, created_at: '' },
      }),
    );
  }
}

async function render(): Promise<HTMLElement> {
  TestBed.configureTestingModule({
    imports: [App],
    providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
  });
  const fixture = TestBed.createComponent(App);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

const links = (root: HTMLElement) =>
  Array.from(root.querySelectorAll('.nav-links a')).map((a) => a.textContent?.trim());

describe('App shell', () => {
  afterEach(() => localStorage.clear());

  it('shows the app name, Exams and Sign in to visitors', async () => {
    signInAs(null);
    const root = await render();
    expect(root.querySelector('.brand')?.textContent).toContain('Online Exam');
    expect(links(root)).toEqual(['Exams']);
    expect(root.querySelector('.sign-in-button')?.textContent).toContain('Sign in');
  });

  it('adds My courses and My results for students', async () => {
    signInAs('student');
    const root = await render();
    expect(links(root)).toEqual(['My courses', 'Exams', 'My results']);
    expect(root.querySelector('.user-button')?.textContent).toContain('Xena');
    expect(root.querySelector('.sign-in-button')).toBeNull();
  });

  it('adds Author, Bank and Courses for authors, and Admin for admins', async () => {
    signInAs('author');
    expect(links(await render())).toEqual(['Exams', 'My results', 'Author', 'Bank', 'Courses']);
    TestBed.resetTestingModule();
    signInAs('admin');
    expect(links(await render())).toEqual([
      'Exams',
      'My results',
      'Author',
      'Bank',
      'Courses',
      'Admin',
    ]);
  });
});
