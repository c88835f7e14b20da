/**
 * LTI 1.3 end to end: a platform's course page (support/lti-platform.ts) launches the tool in an
 * iframe. The teacher places an exam through Deep Linking; a student opens the link, takes the
 * exam inside the iframe (no cookies needed: ticket → session), and the score arrives at the
 * platform's gradebook (AGS, sent right after the submit commits).
 */
import { expect, test } from '@playwright/test';

import { bearer, type Token } from '../support/api';
import { baseUrl, ACCOUNTS, PASSWORD } from '../support/env';
import { freePort } from '../support/global-setup';
import { CLIENT_ID, DEPLOYMENT_ID, startPlatform } from '../support/lti-platform';

test('launch from a platform, place an exam, take it in the iframe, grade arrives', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const app = new URL(baseUrl()).origin;
  const platform = await startPlatform(await freePort(), app);
  try {
    const signIn = await request.post(`${app}/api/auth/login`, {
      data: { email: ACCOUNTS.admin.email, password: PASSWORD },
    });
    expect(signIn.status()).toBe(200);
    const admin = (await signIn.json()) as Token;
    const registered = await request.post(`${app}/api/lti/platforms`, {
      headers: bearer(admin),
      data: {
        name: 'E2E platform',
        issuer: platform.url,
        client_id: CLIENT_ID,
        deployment_ids: [DEPLOYMENT_ID],
        auth_login_url: `${platform.url}/auth`,
        token_url: `${platform.url}/token`,
        jwks_url: `${platform.url}/jwks`,
      },
    });
    expect(registered.status(), await registered.text()).toBe(201);

    // 1. The teacher opens the tool's "add content" (Deep Linking): first launch creates the
    //    course and the teacher's account; they create a draft there ("Create a new exam"),
    //    write its question and publish it (here through the API), then place it.
    await page.goto(`${platform.url}/course?who=teacher&kind=deep`);
    const launchFrame = page.frameLocator('iframe[title="Online Exam"]');
    await expect(
      launchFrame.getByRole('heading', { name: 'Place an exam in the course' }),
    ).toBeVisible({
      timeout: 20_000,
    });
    await launchFrame.getByRole('textbox', { name: 'Title' }).fill('Platform quiz');
    await launchFrame.getByRole('button', { name: 'Create', exact: true }).click();
    const editor = launchFrame.getByRole('link', { name: /exam editor/ });
    await expect(editor).toHaveAttribute('target', '_blank');
    const examId = Number((await editor.getAttribute('href'))!.split('/').pop());
    const stored = await page
      .frames()
      .find((f) => f.url().startsWith(app))!
      .evaluate(() => localStorage.getItem('online-exam.session'));
    const teacher = JSON.parse(stored!) as { accessToken: string };
    const teacherToken = { access_token: teacher.accessToken } as Token;
    const draft = await request.get(`${app}/api/author/exams/${examId}`, {
      headers: bearer(teacherToken),
    });
    expect(await draft.json()).toMatchObject({ status: 'draft', title: 'Platform quiz' });
    const question = await request.post(`${app}/api/exams/${examId}/questions`, {
      headers: bearer(teacherToken),
      data: { type: 'true_false', text: 'Water is wet.', correct: true },
    });
    expect(question.status(), await question.text()).toBe(201);
    const published = await request.post(`${app}/api/exams/${examId}/publish`, {
      headers: bearer(teacherToken),
    });
    expect(published.status(), await published.text()).toBe(200);

    await launchFrame.getByRole('button', { name: 'Place “Platform quiz” in the course' }).click();
    await expect(launchFrame.getByRole('heading', { name: 'Placed: Platform quiz' })).toBeVisible();
    expect(platform.state.placedExamId).toBe(String(examId));

    // 2. A student opens the link in the course and takes the exam inside the iframe.
    await page.context().clearCookies();
    await page.goto(`${platform.url}/course?who=student&kind=link`);
    const frame = page.frameLocator('iframe[title="Online Exam"]');
    await frame.getByRole('button', { name: 'Start exam' }).click({ timeout: 20_000 });
    await frame.getByRole('radio', { name: 'True' }).check();
    await frame
      .getByRole('button', { name: /Submit/ })
      .first()
      .click();
    const confirm = frame.getByRole('dialog').getByRole('button', { name: /Submit/ });
    if (await confirm.isVisible().catch(() => false)) await confirm.click();

    // 3. The grade arrives at the platform.
    await expect.poll(() => platform.state.scores.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(platform.state.scores[0]).toMatchObject({
      userId: 'student-sub',
      scoreGiven: 1,
      scoreMaximum: 1,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
  } finally {
    await platform.stop();
  }
});
