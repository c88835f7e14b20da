import { login, registerStudent } from '../support/api';
import { answer, courseExam, createCourse, enrol, start, submit } from '../support/courses';
import { ACCOUNTS, DEMO_ACCOUNTS, DEMO_PASSWORD, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';

/** "29:59" → seconds. */
function seconds(text: string | null): number {
  const [m, s] = (text ?? '').trim().split(':').map(Number);
  return m * 60 + s;
}

test.describe('live view', () => {
  test('a teacher watches an exam, polls with 304s, pauses when hidden and acts on attempts', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    test.setTimeout(120_000);
    const teacher = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
    const course = await createCourse(request, teacher, `Live ${Date.now()}`);
    const [ada, bo, cy] = [
      await registerStudent(request, 'Ada Active'),
      await registerStudent(request, 'Bo Done'),
      await registerStudent(request, 'Cy Later'),
    ];
    await enrol(request, teacher, course, [ada, bo, cy]);
    const examId = await courseExam(request, teacher, course, {
      title: 'Live quiz',
      minutes: 30,
      questions: 3,
    });
    const adaAttempt = await start(request, ada, examId);
    await answer(request, ada, adaAttempt, 1);
    const boAttempt = await start(request, bo, examId);
    await answer(request, bo, boAttempt, 3);
    await submit(request, bo, boAttempt);

    // The browser's HTTP cache revalidates each poll with If-None-Match (the page's code sends
    // none); unchanged data answers 304. Chromium's own network log shows both.
    // (The server's log of this run shows them too: e2e/logs/server.log.)
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const live = new Set<string>(); // request ids of the live view's polls
    const conditional: string[] = []; // the If-None-Match values the browser sent
    const statuses: number[] = [];
    cdp.on('Network.requestWillBeSent', (event) => {
      if (event.request.url.endsWith(`/api/exams/${examId}/live`)) live.add(event.requestId);
    });
    cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
      const tag = Object.entries(event.headers).find(([k]) => k.toLowerCase() === 'if-none-match');
      if (tag) conditional.push(`${event.requestId} ${tag[1]}`);
    });
    // The status on the wire (the page itself sees the cached body as a 200).
    cdp.on('Network.responseReceivedExtraInfo', (event) => {
      if (live.has(event.requestId)) statuses.push(event.statusCode);
    });
    await signInAs('author');
    await page.goto(`/author/exams/${examId}/live`);
    await expect(page.getByRole('heading', { level: 1, name: /Live view/ })).toContainText(
      'Live quiz',
    );
    await expect(page.getByTestId('count-not_started')).toHaveText('1');
    await expect(page.getByTestId('count-in_progress')).toHaveText('1');
    await expect(page.getByTestId('count-submitted')).toHaveText('1');
    const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
    await expect(row('Ada Active')).toContainText('In progress');
    await expect(row('Ada Active')).toContainText('1 of 3');
    await expect(row('Ada Active')).toContainText(/just now|\d+ s ago/);
    const adaLeft = row('Ada Active').getByTestId('time-left');
    await expect(adaLeft).toHaveText(/^(30:00|29:\d\d)$/);
    await expect(row('Bo Done')).toContainText('3 / 3');
    await expect(row('Cy Later')).toContainText('Not started');
    await expect.poll(() => statuses, { timeout: 15_000 }).toContain(304);
    expect(statuses[0]).toBe(200);
    expect(conditional.some((c) => live.has(c.split(' ')[0]))).toBe(true);
    await expectNoA11yViolations(page);

    // Filters.
    await page.getByRole('radio', { name: /^Submitted/ }).click();
    await expect(page.getByRole('row')).toHaveCount(2);
    await expect(row('Bo Done')).toBeVisible();
    await page.getByRole('radio', { name: /^Not started/ }).click();
    await expect(row('Cy Later')).toBeVisible();
    await expect(page.getByRole('row')).toHaveCount(2);
    await page.getByRole('radio', { name: /^All/ }).click();
    await expect(page.getByRole('row')).toHaveCount(4);

    // Hidden tab: no polling until it is visible again.
    const polls: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith(`/api/exams/${examId}/live`)) polls.push(r.url());
    });
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect(page.getByTestId('poll-status')).toContainText('Paused while this tab is hidden');
    polls.length = 0;
    await page.waitForTimeout(6_000);
    expect(polls).toEqual([]);
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => polls.length).toBeGreaterThan(0);
    await expect(page.getByTestId('poll-status')).toContainText('Updates every 5 seconds');

    // Extend Ada's time by 10 minutes.
    const before = seconds(await adaLeft.textContent());
    await row('Ada Active').getByRole('button', { name: 'Actions for Ada Active' }).click();
    await page.getByRole('menuitem', { name: 'Extend time…' }).click();
    const extend = page.getByRole('dialog', { name: 'Extend Ada Active’s time' });
    await extend.getByLabel('Extra minutes').fill('0');
    await extend.getByRole('button', { name: 'Extend' }).click();
    await expect(extend.getByText('A whole number from 1 to 600.')).toBeVisible();
    await extend.getByLabel('Extra minutes').fill('10');
    await extend.getByRole('button', { name: 'Extend' }).click();
    await expect(extend).toBeHidden();
    await expect(page.getByText(/Ada Active may now work until/)).toBeVisible();
    await expect
      .poll(async () => seconds(await adaLeft.textContent()))
      .toBeGreaterThan(before + 9 * 60);

    // A per-exam accommodation for Cy.
    await row('Cy Later').getByRole('button', { name: 'Actions for Cy Later' }).click();
    await page.getByRole('menuitem', { name: 'Accommodation for this exam…' }).click();
    const accommodation = page.getByRole('dialog', { name: 'Accommodation for Cy Later' });
    await expect(accommodation).toContainText('For this exam only');
    await accommodation.getByLabel('Extra time (percent)').fill('50');
    await accommodation.getByRole('button', { name: 'Save' }).click();
    await expect(accommodation).toBeHidden();
    await expect(row('Cy Later')).toContainText('Accommodation');

    // One more attempt for Bo.
    await row('Bo Done').getByRole('button', { name: 'Actions for Bo Done' }).click();
    await page.getByRole('menuitem', { name: 'Allow one more attempt' }).click();
    await expect(page.getByText('Bo Done may make one more attempt.')).toBeVisible();
    await expect(row('Bo Done')).toContainText('Accommodation');

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-live-view.png`, fullPage: true });

    // Close Ada's attempt: graded as it stands.
    await row('Ada Active').getByRole('button', { name: 'Actions for Ada Active' }).click();
    await page.getByRole('menuitem', { name: 'Close attempt…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Close attempt' }).click();
    await expect(row('Ada Active')).toContainText('Submitted');
    await expect(row('Ada Active')).toContainText('1 / 3');
    await expect(page.getByTestId('count-submitted')).toHaveText('2');
    await expectNoA11yViolations(page);
  });

  test('an author who does not teach the course is told the exam is not found', async ({
    page,
    request,
    signInAs,
  }) => {
    const teacher = await login(request, { email: ACCOUNTS.author.email, password: PASSWORD });
    const course = await createCourse(request, teacher, `Hidden ${Date.now()}`);
    const examId = await courseExam(request, teacher, course, {
      title: 'Not yours',
      minutes: 10,
      questions: 1,
    });
    await signInAs({ email: DEMO_ACCOUNTS.author.email, password: DEMO_PASSWORD });
    await page.goto(`/author/exams/${examId}/live`);
    await expect(page.getByRole('heading', { level: 1, name: 'Exam not found' })).toBeVisible();
  });
});
