import type { HttpTestingController } from '@angular/common/http/testing';
import type { RouterTestingHarness } from '@angular/router/testing';

import type { BankCategory, BankQuestion, BankQuestionPage } from '../../core/api/api-types';
import { Notifier } from '../../core/notifier';
import { routedPage } from '../../shared/page.testing';
import { BankPage } from './bank.page';

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

  async function open(): Promise<void> {
    await harness.navigateByUrl('/bank');
    http
      .expectOne('/api/bank/categories')
      .flush([category(2, 'Linear', 1), category(1, 'Algebra')]);
    await stable();
  }

  it('shows the tree and the first category’s questions', async () => {
    await open();
    const request = search();
    expect(request.request.params.get('category_id')).toBe('1');
    request.flush(page([question(5, 'Solve for x', ['linear'])]));
    await stable();
    const tree = [...root().querySelectorAll('.tree li')].map((li) => li.textContent?.trim());
    expect(tree).toEqual(['folder Algebra', 'folder Linear']);
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
});
