import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { NETWORK_ERROR_MESSAGE } from '../api/api-error';
import { handledByCaller } from '../api/error-handling';
import { AuthService } from '../auth/auth.service';
import { Notifier } from '../notifier';
import { errorInterceptor } from './error.interceptor';

describe('errorInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;
  const notifier = { error: vi.fn(), info: vi.fn() };
  const auth = { signOut: vi.fn(), isSignedIn: vi.fn(() => true) };

  beforeEach(() => {
    notifier.error.mockReset();
    auth.signOut.mockReset();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([errorInterceptor])),
        provideHttpClientTesting(),
        { provide: Notifier, useValue: notifier },
        { provide: AuthService, useValue: auth },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  const body = (status: number, message: string) => ({
    error: { status, code: 'x', message, details: {} },
  });

  it('on 401 signs out and sends the user to sign in, coming back afterwards', () => {
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    vi.spyOn(router, 'url', 'get').mockReturnValue('/exams/3?tab=rules');
    let failed = false;
    http.get('/api/attempts/1').subscribe({ error: () => (failed = true) });
    backend.expectOne('/api/attempts/1').flush(body(401, 'Token expired.'), {
      status: 401,
      statusText: 'Unauthorized',
    });
    expect(failed).toBe(true);
    expect(auth.signOut).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], {
      queryParams: { returnUrl: '/exams/3?tab=rules' },
    });
    expect(notifier.error).toHaveBeenCalledWith('Your session has ended. Please sign in again.');
  });

  it("shows the server's message for other errors", () => {
    http.post('/api/exams/1/attempts', {}).subscribe({ error: () => undefined });
    backend
      .expectOne('/api/exams/1/attempts')
      .flush(body(409, 'The exam is closed.'), { status: 409, statusText: 'Conflict' });
    expect(notifier.error).toHaveBeenCalledWith('The exam is closed.');
    expect(auth.signOut).not.toHaveBeenCalled();
  });

  it('explains network failures', () => {
    http.get('/api/exams').subscribe({ error: () => undefined });
    backend.expectOne('/api/exams').error(new ProgressEvent('error'), { status: 0 });
    expect(notifier.error).toHaveBeenCalledWith(NETWORK_ERROR_MESSAGE);
  });

  it('leaves errors to pages that show them themselves', () => {
    const navigate = vi.spyOn(router, 'navigate');
    http
      .post('/api/auth/login', {}, { context: handledByCaller({ redirectOn401: false }) })
      .subscribe({ error: () => undefined });
    backend
      .expectOne('/api/auth/login')
      .flush(body(401, 'E-mail or password is wrong.'), { status: 401, statusText: 'x' });
    expect(notifier.error).not.toHaveBeenCalled();
    expect(auth.signOut).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });
});
