import { STUDENT_PASSWORD, bearer, login, registerStudent } from '../support/api';
import { ACCOUNTS, DEMO_ACCOUNTS, PASSWORD } from '../support/env';
import { expect, test } from '../support/fixtures';

const SCREENSHOTS = 'test-results/screenshots';

test.describe('administration', () => {
  test('an admin changes a role, deactivates an account and finds both in the audit trail', async ({
    page,
    request,
    signInAs,
    expectNoA11yViolations,
  }) => {
    const rita = await registerStudent(request, 'Rita Role');
    await signInAs('admin');
    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
    await page.getByLabel('Search by name or e-mail').fill(rita.user.email);
    const row = page.getByRole('row', { name: /Rita Role/ });
    await expect(page.getByRole('row')).toHaveCount(2); // the header and Rita

    await row.getByRole('combobox', { name: 'Role of Rita Role' }).click();
    await page.getByRole('option', { name: 'Author' }).click();
    await expect(page.getByText('Rita Role is now author.')).toBeVisible();
    await expect(row.getByRole('combobox')).toHaveText(/Author/);

    // Deactivating asks first; "Cancel" changes nothing.
    const toggle = row.getByRole('switch', { name: 'Rita Role can sign in' });
    await toggle.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(toggle).toBeChecked();
    await toggle.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
    await expect(toggle).not.toBeChecked();
    await expect(row).toContainText('Deactivated');
    // The server agrees: Rita can no longer sign in.
    const denied = await request.post('/api/auth/login', {
      data: { email: rita.user.email, password: STUDENT_PASSWORD },
    });
    expect(denied.status()).toBeGreaterThanOrEqual(400);

    await page.getByLabel('Search by name or e-mail').fill('');
    await expect(page.getByRole('row', { name: /Edith Admin/ })).toContainText('you');
    await expectNoA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-admin.png`, fullPage: true });

    await page.getByRole('tab', { name: 'Audit trail' }).click();
    await expect(page).toHaveURL(/tab=audit/);
    const events = page.getByRole('table', { name: 'Audit trail' });
    const roleEvent = events.getByRole('row', { name: /role: student → author/ });
    await expect(roleEvent).toContainText('Edith Admin');
    await expect(roleEvent).toContainText(`user #${rita.user.id}`);
    await expect(roleEvent).toContainText('Account changed');
    await expect(events.getByRole('row', { name: /active: yes → no/ })).toContainText(
      `user #${rita.user.id}`,
    );
    await expectNoA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOTS}/desktop-audit.png`, fullPage: true });
  });

  test('the last active admin cannot lose the role', async ({ page, request, signInAs }) => {
    // Make the e2e admin the only active admin: the demo admin becomes an author meanwhile.
    const admin = await login(request, { email: ACCOUNTS.admin.email, password: PASSWORD });
    const search = await request.get('/api/admin/users', {
      headers: bearer(admin),
      params: { q: DEMO_ACCOUNTS.admin.email },
    });
    const demoAdmin = ((await search.json()) as { items: { id: number }[] }).items[0];
    const setRole = (role: string) =>
      request.patch(`/api/admin/users/${demoAdmin.id}`, { headers: bearer(admin), data: { role } });
    expect((await setRole('author')).status()).toBe(200);
    try {
      await signInAs('admin');
      await page.goto('/admin');
      await page.getByLabel('Search by name or e-mail').fill(ACCOUNTS.admin.email);
      const me = page.getByRole('row', { name: /Edith Admin/ });
      await expect(page.getByRole('row')).toHaveCount(2); // the search has run
      await me.getByRole('combobox', { name: 'Role of Edith Admin' }).click();
      await page.getByRole('option', { name: 'Student' }).click();
      // The server's 409, in a snack bar; the row still says Administrator.
      await expect(page.getByText('This is the last active admin')).toBeVisible();
      await expect(me.getByRole('combobox')).toHaveText(/Administrator/);
    } finally {
      expect((await setRole('admin')).status()).toBe(200);
    }
  });
});
