import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { AuthService } from '../../core/auth/auth.service';
import { Notifier } from '../../core/notifier';
import { SetPasswordPage } from './set-password.page';

const TOKEN = 'tok_abc-123';
const INFO = '/api/auth/password-token/' + TOKEN;

describe('SetPasswordPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const notifier = { error: vi.fn(), info: vi.fn() };

  beforeEach(async () => {
    localStorage.clear();
    notifier.info.mockClear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'set-password/:token', component: SetPasswordPage },
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
    harness = await RouterTestingHarness.create('/set-password/' + TOKEN);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  const root = () => harness.routeNativeElement as HTMLElement;
  async function settle(): Promise<void> {
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
  }
  async function load(purpose: 'setup' | 'reset' = 'setup'): Promise<void> {
    http
      .expectOne(INFO)
      .flush({ email: 'ann@example.com', purpose, expires_at: '2030-01-01T00:00:00+00:00' });
    await settle();
  }
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

  it("shows the account's e-mail and what the link is for", async () => {
    await load();
    expect(root().querySelector('h1')?.textContent).toContain('Choose your password');
    expect(root().querySelector('.account-email')?.textContent).toBe('ann@example.com');
  });

  it('says so when a reset signs out elsewhere', async () => {
    await load('reset');
    expect(root().querySelector('h1')?.textContent).toContain('Choose a new password');
    expect(root().textContent).toContain('signs you out on every other device');
  });

  it('explains a used or expired link and offers a new one', async () => {
    http.expectOne(INFO).flush(
      {
        error: {
          status: 404,
          code: 'not_found',
          message: 'This link is invalid, was already used or has expired.',
          details: {},
        },
      },
      { status: 404, statusText: 'Not Found' },
    );
    await settle();
    expect(root().querySelector('h1')?.textContent).toContain('This link no longer works');
    expect(root().querySelector('a[href="/forgot-password"]')).not.toBeNull();
    expect(root().querySelector('form')).toBeNull();
  });

  it('checks both passwords before sending', async () => {
    await load();
    await submit();
    expect(root().textContent).toContain('Choose a password.');
    expect(root().textContent).toContain('Type the password again.');
    type('password', 'a quiet lagoon at dusk');
    type('confirm', 'a quiet lagoon at dawn');
    await submit();
    expect(root().textContent).toContain('The two passwords differ.');
    http.expectNone('/api/auth/set-password');
  });

  it("puts the server's password rules on the field", async () => {
    await load();
    type('password', 'password123');
    type('confirm', 'password123');
    await submit();
    http.expectOne('/api/auth/set-password').flush(
      {
        error: {
          status: 422,
          code: 'validation_error',
          message: 'Choose another password.',
          details: { password: ['This password is too common.'] },
        },
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await harness.fixture.whenStable();
    expect(root().querySelector('mat-error')?.textContent).toContain('too common');
  });

  it('sets the password, signs in and goes home', async () => {
    await load();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    type('password', 'a quiet lagoon at dusk');
    type('confirm', 'a quiet lagoon at dusk');
    await submit();
    const req = http.expectOne('/api/auth/set-password');
    expect(req.request.body).toEqual({ token: TOKEN, password: 'a quiet lagoon at dusk' });
    req.flush({
      access_token: 't',
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: 'r',
      refresh_expires_in: 86400,
      user: {
        id: 7,
        email: 'ann@example.com',
        display_name: 'Ann Lee',
        role: 'student',
        created_at: '',
      },
    });
    expect(TestBed.inject(AuthService).isSignedIn()).toBe(true);
    expect(notifier.info).toHaveBeenCalledWith(expect.stringContaining('Ann Lee'));
    expect(navigate).toHaveBeenCalledWith('/');
  });
});
