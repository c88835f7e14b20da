import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { AuthService } from '../../core/auth/auth.service';
import { Notifier } from '../../core/notifier';
import { RegisterPage } from './register.page';

describe('RegisterPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const notifier = { error: vi.fn(), info: vi.fn() };

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'register', component: RegisterPage },
            { path: '**', children: [] },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Notifier, useValue: notifier },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/register?returnUrl=%2Fexams%2F4');
  });

  afterEach(() => localStorage.clear());

  const root = () => harness.routeNativeElement as HTMLElement;
  function type(name: string, value: string): void {
    const input = root().querySelector(`input[formcontrolname=${name}]`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }
  async function submit(): Promise<void> {
    (root().querySelector('button[type=submit]') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
  }

  it('explains what is missing or wrong', async () => {
    await submit();
    expect(root().textContent).toContain('Enter your name');
    expect(root().textContent).toContain('Enter your e-mail address.');
    expect(root().textContent).toContain('Choose a password.');

    type('email', 'not-an-email');
    type('password', 'short');
    await harness.fixture.whenStable();
    expect(root().textContent).toContain('Enter a valid e-mail address');
    expect(root().textContent).toContain('At least 10 characters (5 so far)');
    http.expectNone('/api/auth/register');
  });

  it('shows the server field errors on the fields', async () => {
    type('display_name', 'Sam');
    type('email', 'sam@example.com');
    type('password', 'a long password');
    await submit();
    http.expectOne('/api/auth/register').flush(
      {
        error: {
          status: 409,
          code: 'conflict',
          message: 'An account with this e-mail already exists.',
          details: { email: ['Already used.'] },
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await harness.fixture.whenStable();
    expect(root().querySelector('mat-error')?.textContent).toContain('Already used.');
    expect(root().querySelector('.form-error')).toBeNull();
  });

  it('shows other server errors above the form', async () => {
    type('display_name', 'Sam');
    type('email', 'sam@example.com');
    type('password', 'a long password');
    await submit();
    http.expectOne('/api/auth/register').flush(
      {
        error: {
          status: 403,
          code: 'forbidden',
          message: 'Self-registration is disabled on this server.',
          details: {},
        },
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await harness.fixture.whenStable();
    expect(root().querySelector('.form-error')?.textContent).toContain(
      'Self-registration is disabled',
    );
  });

  it('signs in and goes back to the return URL', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    type('display_name', '  Sam  ');
    type('email', 'sam@example.com');
    type('password', 'a long password');
    await submit();
    const req = http.expectOne('/api/auth/register');
    expect(req.request.body).toEqual({
      display_name: 'Sam',
      email: 'sam@example.com',
      password: 'a long password',
    });
    req.flush({
      access_token: 't',
      token_type: 'Bearer',
      expires_in: 3600,
      user: {
        id: 1,
        email: 'sam@example.com',
        display_name: 'Sam',
        role: 'student',
        created_at: '',
      },
    });
    expect(TestBed.inject(AuthService).isSignedIn()).toBe(true);
    expect(navigate).toHaveBeenCalledWith('/exams/4');
  });
});
