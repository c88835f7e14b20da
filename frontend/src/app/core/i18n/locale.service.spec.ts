import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Injectable } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { LOCALE_STORAGE_KEY } from './locale';
import { LocaleService } from './locale.service';

/** The service with its reload counted instead of done (a reload would end the test page). */
@Injectable()
class CountingLocaleService extends LocaleService {
  reloads = 0;
  protected override reload(): void {
    this.reloads++;
  }
}

function setUp(): { service: CountingLocaleService; http: HttpTestingController } {
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      CountingLocaleService,
    ],
  });
  return {
    service: TestBed.inject(CountingLocaleService),
    http: TestBed.inject(HttpTestingController),
  };
}

describe('LocaleService', () => {
  afterEach(() => localStorage.clear());

  it('signed in: stores the choice, saves it to the account, then reloads', async () => {
    const { service, http } = setUp();
    const done = service.choose('ar', true);
    const request = http.expectOne('/api/auth/me');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ locale: 'ar' });
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ar');
    request.flush({ locale: 'ar' });
    await done;
    expect(service.reloads).toBe(1);
  });

  it('keeps the choice in this browser when the server has no such setting (404/405)', async () => {
    const { service, http } = setUp();
    const done = service.choose('es', true);
    http
      .expectOne('/api/auth/me')
      .flush(
        { error: { status: 405, code: 'method_not_allowed', message: 'No.' } },
        { status: 405, statusText: 'Method Not Allowed' },
      );
    await done;
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('es');
    expect(service.reloads).toBe(1);
  });

  it('signed out: no request, only the browser', async () => {
    const { service, http } = setUp();
    await service.choose('es', false);
    http.expectNone('/api/auth/me');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('es');
    expect(service.reloads).toBe(1);
  });

  it("adopts the account's language, reloading only when it differs from the page's", () => {
    const { service } = setUp();
    // This page runs in English (the tests' default).
    expect(service.adopt('en')).toBe(false);
    expect(service.reloads).toBe(0);
    expect(service.adopt(null)).toBe(false);
    expect(service.adopt('fr')).toBe(false);
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(service.adopt('ar')).toBe(true);
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ar');
    expect(service.reloads).toBe(1);
  });
});
