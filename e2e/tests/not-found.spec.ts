import { expect, test } from '../support/fixtures';

test('an unknown address shows the 404 page, served by the SPA fallback', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(200); // index.html; the client router decides
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('/no/such/page')).toBeVisible();
  await expect(page).toHaveTitle('Page not found · Online Exam');
  await page.getByRole('link', { name: 'Browse the exams' }).click();
  await expect(page).toHaveURL(/\/exams$/);
});

test('unknown API addresses stay JSON errors', async ({ request }) => {
  const response = await request.get('/api/no-such-endpoint');
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe('not_found');
});
