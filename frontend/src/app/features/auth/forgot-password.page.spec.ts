import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { ForgotPasswordPage } from './forgot-password.page';

describe('ForgotPasswordPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'forgot-password', component: ForgotPasswordPage },
          { path: '**', children: [] },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/forgot-password');
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;
  function type(value: string): void {
    const input = root().querySelector('input[formcontrolname=email]') as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }
  async function submit(): Promise<void> {
    (root().querySelector('button[type=submit]') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
  }

  it('asks for a valid address before sending anything', async () => {
    await submit();
    expect(root().textContent).toContain('Enter your e-mail address.');
    type('not-an-address');
    await submit();
    expect(root().textContent).toContain('Enter a valid e-mail address');
    http.expectNone('/api/auth/forgot-password');
  });

  it("sends the trimmed address and shows the server's answer instead of the form", async () => {
    type('  sam@example.com ');
    await submit();
    const req = http.expectOne('/api/auth/forgot-password');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ email: 'sam@example.com' });
    req.flush({ message: 'If an account with this e-mail exists, a link is on its way.' });
    await harness.fixture.whenStable();
    expect(root().querySelector('[role=status]')?.textContent).toContain(
      'If an account with this e-mail exists',
    );
    expect(root().querySelector('form')).toBeNull();
  });

  it('says when there were too many requests, and keeps the form', async () => {
    type('sam@example.com');
    await submit();
    http.expectOne('/api/auth/forgot-password').flush(
      {
        error: {
          status: 429,
          code: 'rate_limited',
          message: 'Too many attempts; try again later.',
          details: { retry_after_seconds: 60 },
        },
      },
      { status: 429, statusText: 'Too Many Requests' },
    );
    await harness.fixture.whenStable();
    expect(root().querySelector('.form-error')?.textContent).toContain('Too many attempts');
    expect(root().querySelector('form')).not.toBeNull();
  });
});
