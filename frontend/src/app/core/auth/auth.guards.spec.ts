import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  type CanActivateFn,
  Router,
  type RouterStateSnapshot,
  UrlTree,
  provideRouter,
} from '@angular/router';

import type { Role } from '../api/api-types';
import { Notifier } from '../notifier';
import { roleGuard, signedInGuard } from './auth.guards';
import { AuthService } from './auth.service';

describe('guards', () => {
  let role: Role | null;
  const notifier = { error: vi.fn(), info: vi.fn() };

  beforeEach(() => {
    role = null;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: Notifier, useValue: notifier },
        {
          provide: AuthService,
          useValue: {
            isSignedIn: () => role !== null,
            hasRole: (...roles: Role[]) => role !== null && roles.includes(role),
          },
        },
      ],
    });
  });

  function run(guard: CanActivateFn, url: string): boolean | UrlTree {
    return TestBed.runInInjectionContext(
      () =>
        guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot) as boolean | UrlTree,
    );
  }

  const serialize = (result: boolean | UrlTree) =>
    result instanceof UrlTree ? TestBed.inject(Router).serializeUrl(result) : result;

  it('signedInGuard sends visitors to sign in with the return URL', () => {
    expect(serialize(run(signedInGuard, '/my-results'))).toBe('/sign-in?returnUrl=%2Fmy-results');
    role = 'student';
    expect(run(signedInGuard, '/my-results')).toBe(true);
  });

  it('roleGuard lets the listed roles in', () => {
    const guard = roleGuard(['author', 'admin']);
    role = 'author';
    expect(run(guard, '/author')).toBe(true);
    role = 'admin';
    expect(run(guard, '/author')).toBe(true);
  });

  it('roleGuard turns other roles away with a message', () => {
    role = 'student';
    expect(serialize(run(roleGuard(['author', 'admin']), '/author'))).toBe('/exams');
    expect(notifier.error).toHaveBeenCalled();
  });

  it('roleGuard sends visitors to sign in', () => {
    expect(serialize(run(roleGuard(['admin']), '/admin'))).toBe('/sign-in?returnUrl=%2Fadmin');
  });
});
