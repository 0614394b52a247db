/**
 * Re-authentication in Chromium: a province administrator whose password was last entered eleven
 * minutes ago is told on the API token page that the password is needed, tries to create a token
 * anyway, is sent to /xac-nhan-mat-khau/ (accessible, with and without an error), enters the
 * password, comes back to the token page and creates the token.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { apiTokens, sessions, users } from '../../db/schema/index.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';

const site = useSite();
const admin = DEMO_ACCOUNTS.find((account) => account.username === 'quantri.songlam')!;
const DAY = 24 * 60 * 60 * 1000;

/** Makes every session of `username` look as if its password was entered `minutes` ago. */
async function passwordEnteredAgo(username: string, minutes: number): Promise<void> {
  const db = openTestDatabase(site.databaseUrl);
  try {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
    await db
      .update(sessions)
      .set({ passwordConfirmedAt: new Date(Date.now() - minutes * 60_000) })
      .where(eq(sessions.userId, user.id));
  } finally {
    db.$client.close();
  }
}

describe('re-authentication before creating an API token', () => {
  test('a stale password sends the administrator to the re-authentication page, which brings them back to create the token', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signInThroughForm(page, site.baseUrl, admin.username, admin.password);
    await passwordEnteredAgo(admin.username, 11);

    await page.goto(`${site.baseUrl}/quan-tri/api/`);
    // Said before the form is filled in.
    assert.ok(await page.locator('[data-reauth-prompt]').isVisible(), 'no prompt before the form');
    await page.getByLabel('Tên mã truy cập').fill('Hệ thống CSDL chất lượng bồi dưỡng');
    await page.getByLabel('Thời hạn').selectOption('30');
    await page.getByRole('button', { name: 'Tạo mã truy cập' }).click();
    await page.waitForLoadState();

    const reauth = new URL(page.url());
    assert.equal(reauth.pathname, '/xac-nhan-mat-khau/');
    assert.equal(reauth.searchParams.get('next'), '/quan-tri/api/');
    assert.ok(await page.getByRole('heading', { level: 1, name: 'Xác nhận mật khẩu' }).isVisible());
    assert.equal(await page.getByLabel('Mật khẩu').getAttribute('autocomplete'), 'current-password');
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);

    await page.getByLabel('Mật khẩu').fill('khong-phai-mat-khau');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, '/xac-nhan-mat-khau/');
    assert.match(await page.title(), /^Lỗi: Xác nhận mật khẩu/);
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Mật khẩu không đúng/);
    assert.match((await page.getByLabel('Mật khẩu').getAttribute('aria-describedby')) ?? '', /mat-khau-loi/);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByLabel('Mật khẩu').fill(admin.password);
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.waitForLoadState();

    assert.equal(new URL(page.url()).pathname, '/quan-tri/api/');
    assert.equal(
      await page.locator('[data-reauth-prompt]').count(),
      0,
      'still asked for the password after confirming it',
    );
    await page.getByLabel('Tên mã truy cập').fill('Hệ thống CSDL chất lượng bồi dưỡng');
    await page.getByLabel('Thời hạn').selectOption('30');
    await page.getByRole('button', { name: 'Tạo mã truy cập' }).click();
    await page.waitForLoadState();

    assert.match((await page.locator('[data-new-token]').inputValue()) ?? '', /^hls_[a-z2-7]{32}$/);
    const db = openTestDatabase(site.databaseUrl);
    try {
      const rows = await db.select().from(apiTokens).where(eq(apiTokens.name, 'Hệ thống CSDL chất lượng bồi dưỡng'));
      assert.equal(rows.length, 1, 'the refused attempt created a token too');
      assert.ok(Math.abs(rows[0].expiresAt!.getTime() - rows[0].createdAt.getTime() - 30 * DAY) < 1000);
    } finally {
      db.$client.close();
    }
    await context.close();
  });
});
