import { expect, test } from '../support/fixtures';

/** The demo exams come from `flask seed-demo` (backend/src/online_exam/demo_data/exams.json). */
test.describe('catalogue and exam page', () => {
  test('lists the published exams, searches, and explains an empty result', async ({ page }) => {
    await page.goto('/exams');
    await expect(page).toHaveTitle('Exams · Online Exam');
    const cards = page.locator('app-exam-card');
    await expect(cards.first()).toBeVisible();
    const count = await cards.count();
    expect(count).toBeGreaterThan(0);
    // Every card tells the time limit, the number of questions and the points.
    for (const card of await cards.all()) {
      await expect(card.getByRole('heading', { level: 2 })).toBeVisible();
      await expect(card).toContainText(/min|h|No time limit/);
      await expect(card).toContainText(/\d+ questions?/);
      await expect(card).toContainText(/\d+(\.\d+)? points?/);
    }

    // Search by a word of the first title: the list narrows (debounced; in the URL).
    const title = (await cards.first().getByRole('heading', { level: 2 }).innerText()).trim();
    const word = title.split(/\s+/).find((w) => w.length > 3) ?? title;
    await page.getByLabel('Search exams').fill(word);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(word)}`));
    await expect(cards.first()).toContainText(word, { ignoreCase: true });

    await page.getByLabel('Search exams').fill('no exam is called this');
    await expect(page.getByRole('heading', { name: /No exams match/ })).toBeVisible();
    await page.getByRole('button', { name: 'Clear search' }).first().click();
    await expect(cards).toHaveCount(count);
    await expect(page).toHaveURL(/\/exams$/);
  });

  test('an exam page shows the rules and the rendered description', async ({ page }) => {
    await page.goto('/exams');
    const card = page.locator('app-exam-card').first();
    const title = (await card.getByRole('heading', { level: 2 }).innerText()).trim();
    await card.getByRole('link', { name: `View details of ${title}` }).click();

    await expect(page).toHaveURL(/\/exams\/\d+$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page).toHaveTitle(`${title} · Online Exam`);
    const rules = page.getByRole('complementary');
    for (const term of ['Time limit', 'Attempts', 'Questions', 'Available']) {
      await expect(rules.locator('dt', { hasText: term })).toBeVisible();
    }
    // The long description is markdown, rendered as HTML.
    await expect(page.locator('.markdown')).toBeVisible();
    expect(await page.locator('.markdown').innerHTML()).toMatch(/<(p|ul|strong|h\d)>/);
    // Visitors are asked to sign in first, and come back here afterwards.
    await page.getByRole('link', { name: 'Sign in to start' }).click();
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Fexams%2F\d+$/);
  });

  test('a signed-in student can start an exam', async ({ page, signInAs }) => {
    await signInAs('student');
    await page.goto('/exams');
    await page
      .locator('app-exam-card')
      .first()
      .getByRole('link', { name: /^View details/ })
      .click();
    await page.getByRole('button', { name: 'Start exam' }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    // The exam page: the first question and the Submit button.
    await expect(page.getByRole('heading', { name: /^Question 1 of \d+/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Submit exam…' })).toBeVisible();
  });

  test('an unknown exam says so', async ({ page }) => {
    await page.goto('/exams/999999');
    await expect(page.getByRole('heading', { name: 'Exam not found' })).toBeVisible();
    await expect(page).toHaveTitle('Exam not found · Online Exam');
  });
});
