import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { of } from 'rxjs';

import type { AdminUser, AdminUserPage } from '../../core/api/api-types';
import { AuthService } from '../../core/auth/auth.service';
import { Notifier } from '../../core/notifier';
import { Confirmer } from '../../shared/confirm-dialog';
import { UserAdmin } from './user-admin';

function user(id: number, overrides: Partial<AdminUser> = {}): AdminUser {
  return {
    id,
    email: `user${id}@example.com`,
    display_name: `User ${id}`,
    role: 'student',
    is_active: true,
    external: false,
    created_at: '2026-05-01T09:00:00Z',
    updated_at: '2026-05-01T09:00:00Z',
    ...overrides,
  };
}

function page(items: AdminUser[], total = items.length): AdminUserPage {
  return { items, page: 1, per_page: 20, total };
}

// Rendering the first test's component tree takes seconds on a busy machine.
describe('UserAdmin', { timeout: 20_000 }, () => {
  let fixture: ComponentFixture<UserAdmin>;
  let http: HttpTestingController;
  let answer: boolean;
  const notifier = { info: vi.fn(), error: vi.fn() };
  const confirmer = { ask: vi.fn(() => of(answer)) };

  beforeEach(() => {
    answer = true;
    vi.clearAllMocks();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AuthService, useValue: { user: signal({ id: 1 }) } },
        { provide: Notifier, useValue: notifier },
        { provide: Confirmer, useValue: confirmer },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UserAdmin);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  const root = () => fixture.nativeElement as HTMLElement;
  const text = () => root().textContent?.replace(/\s+/g, ' ') ?? '';
  const usersRequest = () => http.expectOne((r) => r.url === '/api/admin/users');
  async function load(body: AdminUserPage) {
    const req = usersRequest();
    req.flush(body);
    await fixture.whenStable();
    return req.request;
  }
  const rows = () => [...root().querySelectorAll('tr.mat-mdc-row')];
  const toggle = (name: string) =>
    root().querySelector<HTMLButtonElement>(
      `button[role=switch][aria-label="${name} can sign in"]`,
    )!;

  it('lists the accounts with their role and whether they can sign in', async () => {
    const request = await load(
      page([user(1, { role: 'admin' }), user(2, { is_active: false, external: true })]),
    );
    expect(request.params.get('page')).toBe('1');
    expect(request.params.get('per_page')).toBe('20');
    expect(request.params.has('q')).toBe(false);
    expect(rows().length).toBe(2);
    expect(rows()[0].textContent).toContain('you');
    expect(rows()[0].textContent).toContain('Administrator');
    expect(rows()[1].textContent).toContain('sign-in provider');
    expect(rows()[1].textContent).toContain('Deactivated');
    expect(rows()[1].classList).toContain('inactive');
    expect(text()).toContain('2 accounts found');
    // One page only: no paginator.
    expect(root().querySelector('mat-paginator')).toBeNull();
  });

  it('searches once the typing pauses, from the first page', async () => {
    await load(page([user(1)], 45));
    expect(root().querySelector('mat-paginator')).not.toBeNull();
    const search = root().querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = '  ada ';
    search.dispatchEvent(new Event('input'));
    const req = await vi.waitFor(usersRequest);
    expect(req.request.params.get('q')).toBe('ada');
    expect(req.request.params.get('page')).toBe('1');
    req.flush(page([]));
    await fixture.whenStable();
    expect(text()).toContain('No accounts match.');
  });

  it('changes a role', async () => {
    await load(page([user(2)]));
    const select = root().querySelector<HTMLElement>('mat-select[aria-label="Role of User 2"]')!;
    select.querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await fixture.whenStable();
    [...document.querySelectorAll<HTMLElement>('mat-option')]
      .find((o) => o.textContent?.trim() === 'Author')!
      .click();
    const req = http.expectOne('/api/admin/users/2');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ role: 'author' });
    req.flush(user(2, { role: 'author' }));
    await fixture.whenStable();
    expect(notifier.info).toHaveBeenCalledWith('User 2 is now author.');
    expect(rows()[0].textContent).toContain('Author');
  });

  it('deactivates an account after confirmation', async () => {
    await load(page([user(2)]));
    toggle('User 2').click();
    expect(confirmer.ask).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Deactivate User 2?', danger: true }),
    );
    const req = http.expectOne('/api/admin/users/2');
    expect(req.request.body).toEqual({ is_active: false });
    req.flush(user(2, { is_active: false }));
    await fixture.whenStable();
    expect(notifier.info).toHaveBeenCalledWith('User 2 is deactivated.');
    expect(rows()[0].textContent).toContain('Deactivated');
    expect(toggle('User 2').getAttribute('aria-checked')).toBe('false');
  });

  it('leaves the account as it was when the admin says no', async () => {
    answer = false;
    await load(page([user(2)]));
    toggle('User 2').click();
    await fixture.whenStable();
    http.expectNone('/api/admin/users/2');
    expect(toggle('User 2').getAttribute('aria-checked')).toBe('true');
  });

  it('shows the server’s state again when a change is refused', async () => {
    await load(page([user(1, { role: 'admin' })]));
    toggle('User 1').click();
    http
      .expectOne('/api/admin/users/1')
      .flush(
        { error: { status: 409, code: 'conflict', message: 'The last administrator stays.' } },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(rows()[0].textContent).toContain('Active');
    expect(toggle('User 1').getAttribute('aria-checked')).toBe('true');
  });

  it('offers a retry when the accounts cannot be loaded', async () => {
    usersRequest().flush({ error: { status: 500 } }, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    expect(root().querySelector('[role=alert]')?.textContent).toContain(
      'The accounts could not be loaded',
    );
    [...root().querySelectorAll('button')]
      .find((b) => b.textContent?.includes('Try again'))!
      .click();
    (await vi.waitFor(usersRequest)).flush(page([user(1)]));
    await fixture.whenStable();
    expect(rows().length).toBe(1);
  });
});
