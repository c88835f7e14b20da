import type { APIRequestContext, Page } from '@playwright/test';

import { bearer, login, type Token } from '../support/api';
import { ACCOUNTS, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

async function bankCategory(request: APIRequestContext, token: Token, name: string) {
  const response = await request.post('/api/bank/categories', {
    headers: bearer(token),
    data: { name },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

async function bankQuestion(
  request: APIRequestContext,
  token: Token,
  category: number,
  text: string,
) {
  const response = await request.post('/api/bank/questions', {
    headers: bearer(token),
    data: {
      category_id: category,
      question: {
        type: 'single',
        text,
        points: 1,
        alternatives: [
          { text: 'right', credit: 1 },
          { text: 'wrong', credit: 0 },
        ],
      },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** Selects the category named `name` and waits until it lists exactly `texts` (any order). */
async function expectListed(page: Page, name: string, texts: string[]): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Questions in ${name}` })).toBeVisible();
  const shown = page.locator('li.bank-question .question-text');
  await expect.poll(async () => (await shown.allInnerTexts()).sort()).toEqual([...texts].sort());
}

test('a teacher moves one bank question and copies another to a second category', async ({
  page,
  request,
  signInAs,
  expectNoA11yViolations,
}) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const source = `Move source ${stamp}`;
  const target = `Move target ${stamp}`;
  const moved = `Moved question ${stamp}`;
  const copied = `Copied question ${stamp}`;
  const author = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
  const sourceId = await bankCategory(request, author, source);
  await bankCategory(request, author, target);
  await bankQuestion(request, author, sourceId, moved);
  await bankQuestion(request, author, sourceId, copied);

  await signInAs('author');
  await page.goto('/bank');
  await expectListed(page, source, [copied, moved]);

  await page.getByRole('button', { name: `Move or copy ${moved}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Move or copy questions' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Target category' }).click();
  await page.getByRole('option', { name: target, exact: true }).click();
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Moved 1 question(s) to “${target}”.`)).toBeVisible();
  await expect(page.locator('li.bank-question')).toHaveCount(1);

  // The copy through the selection: tick it, then the toolbar's button.
  await page.getByRole('checkbox', { name: copied }).check();
  await page.getByRole('button', { name: 'Move or copy selected (1)' }).click();
  await dialog.getByRole('combobox', { name: 'Target category' }).click();
  await page.getByRole('option', { name: target, exact: true }).click();
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Copied 1 question(s) to “${target}”.`)).toBeVisible();

  await expectListed(page, source, [copied]);
  await expectListed(page, target, [copied, moved]);
  await expectNoA11yViolations(page);

  // The target category: not empty, so its delete is refused with the server's reason; renamed.
  await page.getByRole('button', { name: 'Delete category' }).click();
  await expect(page.getByText(/Only an empty category can be deleted/)).toBeVisible();
  await page.getByLabel('Category name', { exact: true }).fill(`${target} renamed`);
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByText(`Category “${target} renamed” renamed.`)).toBeVisible();
  await expect(page.getByRole('button', { name: `${target} renamed`, exact: true })).toBeVisible();
});

test('a teacher creates a top category shared by one of their courses', async ({
  page,
  request,
  signInAs,
}) => {
  const stamp = Date.now();
  const author = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
  const created = await request.post('/api/courses', {
    headers: bearer(author),
    data: { name: `Bank course ${stamp}` },
  });
  expect(created.status(), await created.text()).toBe(201);
  const course = (await created.json()) as { id: number };

  await signInAs('author');
  await page.goto('/bank');
  await page.getByRole('combobox', { name: 'Owner of a new top category' }).click();
  await page.getByRole('option', { name: `Bank course ${stamp}` }).click();
  await page.getByLabel('New category name').fill(`Shared ${stamp}`);
  await page.getByRole('button', { name: 'Add category', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Questions in Shared ${stamp}` })).toBeVisible();

  const listed = await request.get('/api/bank/categories', { headers: bearer(author) });
  const categories = (await listed.json()) as { name: string; course_id: number | null }[];
  expect(categories.find((c) => c.name === `Shared ${stamp}`)?.course_id).toBe(course.id);
});
