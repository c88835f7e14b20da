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

/** The question texts listed for the category named `name`. */
async function listed(page: Page, name: string): Promise<string[]> {
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Questions in ${name}` })).toBeVisible();
  await expect(page.getByText(/\d+ question\(s\)|No questions here/).first()).toBeVisible();
  return (await page.locator('li.bank-question .question-text').allInnerTexts()).sort();
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
  expect(await listed(page, source)).toEqual([copied, moved]);

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

  expect(await listed(page, source)).toEqual([copied]);
  expect(await listed(page, target)).toEqual([copied, moved]);
  await expectNoA11yViolations(page);
});
