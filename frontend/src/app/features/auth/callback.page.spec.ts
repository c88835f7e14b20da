import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { of, throwError } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { OidcService } from '../../core/auth/oidc.service';
import { AuthCallbackPage } from './callback.page';

describe('AuthCallbackPage', () => {
  const token = { accessToken: 'provider-at', expiresAt: Date.now() + 300_000 };
  const oidc = { completeSignIn: vi.fn() };
  const auth = { signInWithOidc: vi.fn() };

  async function open(): Promise<RouterTestingHarness> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'auth/callback', component: AuthCallbackPage },
          { path: '**', children: [] },
        ]),
        { provide: OidcService, useValue: oidc },
        { provide: AuthService, useValue: auth },
      ],
    });
    const harness = await RouterTestingHarness.create('/auth/callback?code=c&state=s');
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
    harness.fixture.detectChanges();
    return harness;
  }

  beforeEach(() => vi.clearAllMocks());

  it("starts the session with the provider's token and goes where the user was going", async () => {
    oidc.completeSignIn.mockResolvedValue({ token, returnUrl: '/exams/4' });
    auth.signInWithOidc.mockReturnValue(of({ id: 1 }));
    await open();
    expect(auth.signInWithOidc).toHaveBeenCalledWith(token);
    expect(TestBed.inject(Router).url).toBe('/exams/4');
  });

  it('never returns to another site', async () => {
    oidc.completeSignIn.mockResolvedValue({ token, returnUrl: 'https://evil.example/' });
    auth.signInWithOidc.mockReturnValue(of({ id: 1 }));
    await open();
    // Home, which sends each role to its own landing page.
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('explains a failed sign-in and offers to try again', async () => {
    oidc.completeSignIn.mockResolvedValue({ token, returnUrl: null });
    auth.signInWithOidc.mockReturnValue(throwError(() => new Error('409')));
    const harness = await open();
    const root = harness.routeNativeElement as HTMLElement;
    expect(root.querySelector('[role=alert]')?.textContent).toContain('could not be completed');
    expect(root.querySelector('a[href="/sign-in"]')).not.toBeNull();
  });
});
