import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog, type MatDialogRef } from '@angular/material/dialog';
import type { RouterTestingHarness } from '@angular/router/testing';
import { of } from 'rxjs';

import type { BankCategory, BankQuestion, BankQuestionPage } from '../../core/api/api-types';
import { Notifier } from '../../core/notifier';
import { routedPage } from '../../shared/page.testing';
import { BankPage } from './bank.page';
import type { BankTarget } from './bank-target.dialog';

const category = (id: number, name: string, parent_id: number | null = null): BankCategory => ({
  id,
  name,
  parent_id,
  owner_id: 1,
  course_id: null,
  created_at: '2026-12-01T00:00:00Z',
});

const question = (id: number, text: string, tags: string[] = []): BankQuestion => ({
  id,
  category_id: 1,
  type: 'single',
  text,
  version: 2,
  tags,
  updated_at: '2026-12-01T00:00:00Z',
  question: { type: 'single', text, alternatives: [] },
});

const page = (items: BankQuestion[]): BankQuestionPage => ({
  items,
  page: 1,
  per_page: 100,
  total: items.length,
});

describe('BankPage', { timeout: 20_000 }, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const notifier = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

  beforeEach(async () => {
    vi.clearAllMocks();
    ({ harness, http } = await routedPage(
      [
        { path: 'bank', component: BankPage },
        { path: '**', children: [] },
      ],
      [{ provide: Notifier, useValue: notifier }],
    ));
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;
  const stable = () => harness.fixture.whenStable();
  const search = () => http.expectOne((r) => r.url === '/api/bank/questions');

  async function open(courses: { id: number; name: string }[] = []): Promise<void> {
    await harness.navigateByUrl('/bank');
    http
      .expectOne('/api/bank/categories')
      .flush([category(2, 'Linear', 1), category(1, 'Algebra'), category(4, 'Geometry')]);
    http
      .expectOne((r) => r.url === '/api/courses')
      .flush({ items: courses, page: 1, per_page: 100, total: courses.length });
    await stable();
  }

  const button = (text: string) =>
    [...root().querySelectorAll<HTMLButtonElement>('button')].find((b) =>
      b.textContent?.includes(text),
    )!;

  /** The move/copy dialog answers `target` at once. */
  function dialogAnswers(target: BankTarget): void {
    vi.spyOn(TestBed.inject(MatDialog), 'open').mockReturnValue({
      afterClosed: () => of(target),
    } as MatDialogRef<unknown>);
  }

  it('shows the tree and the first category’s questions', async () => {
    await open();
    const request = search();
    expect(request.request.params.get('category_id')).toBe('1');
    request.flush(page([question(5, 'Solve for x', ['linear'])]));
    await stable();
    const tree = [...root().querySelectorAll('.tree li')].map((li) => li.textContent?.trim());
    expect(tree).toEqual(['folder Algebra', 'folder Linear', 'folder Geometry']);
    expect(root().querySelector('h2#questions-heading')?.textContent).toContain(
      'Questions in Algebra',
    );
    expect(root().querySelector('.bank-question')?.textContent).toContain('Solve for x');
    expect(root().querySelector('.bank-question')?.textContent).toContain('version 2');
  });

  it('creates a category inside the selected one and selects it', async () => {
    await open();
    search().flush(page([]));
    await stable();
    const input = root().querySelector<HTMLInputElement>('input[maxlength="200"]')!;
    input.value = 'Basics';
    input.dispatchEvent(new Event('input'));
    const inside = [...root().querySelectorAll<HTMLButtonElement>('button')].find((b) =>
      b.textContent?.includes('Add inside'),
    )!;
    inside.click();
    const create = http.expectOne('/api/bank/categories');
    expect(create.request.body).toEqual({ name: 'Basics', parent_id: 1 });
    create.flush(category(3, 'Basics', 1));
    await stable();
    expect(search().request.params.get('category_id')).toBe('3');
    expect(notifier.info).toHaveBeenCalledWith('Category “Basics” created.');
  });

  it('moves the ticked questions to the chosen category and says so', async () => {
    await open();
    search().flush(page([question(5, 'Solve for x'), question(6, 'Factor'), question(7, 'Sum')]));
    await stable();
    const boxes = root().querySelectorAll<HTMLInputElement>('.bank-question input[type=checkbox]');
    boxes[0].click();
    boxes[2].click();
    await stable();
    expect(button('Move or copy selected').textContent).toContain('(2)');
    dialogAnswers({ action: 'move', categoryId: 2 });
    button('Move or copy selected').click();
    const moves = http.match((r) => r.url.endsWith('/move'));
    expect(moves.map((r) => [r.request.url, r.request.body])).toEqual([
      ['/api/bank/questions/5/move', { category_id: 2 }],
      ['/api/bank/questions/7/move', { category_id: 2 }],
    ]);
    moves.forEach((r) => r.flush(question(0, '')));
    expect(notifier.info).toHaveBeenCalledWith('Moved 2 question(s) to “Algebra / Linear”.');
    search().flush(page([]));
  });

  it('copies one question into the chosen category', async () => {
    await open();
    search().flush(page([question(5, 'Solve for x')]));
    await stable();
    dialogAnswers({ action: 'copy', categoryId: 4 });
    root()
      .querySelector<HTMLButtonElement>('button[aria-label="Move or copy Solve for x"]')!
      .click();
    const copy = http.expectOne('/api/bank/questions/5/copy');
    expect(copy.request.body).toEqual({ category_id: 4 });
    copy.flush(question(8, 'Solve for x'), { status: 201, statusText: 'Created' });
    expect(notifier.info).toHaveBeenCalledWith('Copied 1 question(s) to “Geometry”.');
    search().flush(page([]));
  });

  it('renames the selected category and shows why a delete is refused', async () => {
    await open();
    search().flush(page([]));
    await stable();
    const name = root().querySelector<HTMLInputElement>('.category-edit input')!;
    expect(name.value).toBe('Algebra');
    name.value = 'Algebra I';
    name.dispatchEvent(new Event('input'));
    button('Rename').click();
    const patch = http.expectOne('/api/bank/categories/1');
    expect([patch.request.method, patch.request.body]).toEqual(['PATCH', { name: 'Algebra I' }]);
    patch.flush(category(1, 'Algebra I'));
    search().flush(page([]));
    await stable();
    expect(notifier.info).toHaveBeenCalledWith('Category “Algebra I” renamed.');
    expect(root().querySelector('.tree')?.textContent).toContain('Algebra I');

    button('Delete category').click();
    http.expectOne('/api/bank/categories/1').flush(
      {
        error: {
          status: 409,
          code: 'conflict',
          message: 'Only an empty category can be deleted.',
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    expect(notifier.error).toHaveBeenCalledWith('Only an empty category can be deleted.');
  });

  it('creates a top category owned by a course I teach', async () => {
    await open([{ id: 4, name: 'Math 101' }]);
    search().flush(page([]));
    await stable();
    root().querySelector<HTMLElement>('mat-select .mat-mdc-select-trigger')!.click();
    await stable();
    [...document.querySelectorAll<HTMLElement>('mat-option')]
      .find((o) => o.textContent?.trim() === 'Math 101')!
      .click();
    const input = root().querySelector<HTMLInputElement>('input[maxlength="200"]')!;
    input.value = 'Shared';
    input.dispatchEvent(new Event('input'));
    button('Add category').click();
    const create = http.expectOne('/api/bank/categories');
    expect(create.request.body).toEqual({ name: 'Shared', parent_id: null, course_id: 4 });
    create.flush({ ...category(9, 'Shared'), owner_id: null, course_id: 4 });
    search().flush(page([]));
  });
});
