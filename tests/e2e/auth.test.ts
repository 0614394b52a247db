import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { DEMO_ACCOUNTS, DEMO_OFFICIAL_PASSWORD } from '../../db/seed.ts';

const site = useSite();
const learner = DEMO_ACCOUNTS.find((account) => account.username === 'hocvien')!;

/** Fills in and sends the sign-in form the way a learner does. */
async function signIn(page: Page, username: string, password: string): Promise<void> {
  await signInThroughForm(page, site.baseUrl, username, password);
}

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ viewport: PHONE });
  return { context, page: await context.newPage() };
}

describe('signing in and out', () => {
  test('a learner signs in with the demo account, lands on "Việc học của tôi" and signs out again', async () => {
    const { context, page } = await phone();

    await signIn(page, learner.username, learner.password);
    assert.equal(new URL(page.url()).pathname, '/viec-hoc-cua-toi/');
    assert.ok(await page.getByRole('heading', { level: 1, name: 'Việc học của tôi' }).isVisible());
    await page.getByRole('button', { name: /^Đăng xuất/ }).click();
    await page.waitForLoadState();

    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getByRole('button', { name: /^Đăng xuất/ }).count(), 0);
    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);
    assert.equal(new URL(page.url()).pathname, '/dang-nhap/', 'the session ended with the sign-out');
    await context.close();
  });

  test('a staff code typed in capitals signs in the same account', async () => {
    const { context, page } = await phone();

    await signIn(page, 'SL-QL-001', DEMO_OFFICIAL_PASSWORD);

    assert.equal(new URL(page.url()).pathname, '/viec-hoc-cua-toi/');
    await context.close();
  });

  test('a wrong password shows "Có lỗi cần sửa" with the message, focused, and the title starts with "Lỗi: "', async () => {
    const { context, page } = await phone();

    await signIn(page, learner.username, 'khong-phai-mat-khau');

    assert.equal(new URL(page.url()).pathname, '/dang-nhap/');
    assert.match(await page.title(), /^Lỗi: Đăng nhập/);
    const summary = page.getByRole('alert');
    assert.match((await summary.textContent()) ?? '', /Có lỗi cần sửa[\s\S]*Tên đăng nhập hoặc mật khẩu không đúng\./);
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true);
    assert.equal(await page.getByRole('button', { name: /^Đăng xuất/ }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);
    await context.close();
  });

  test('several wrong passwords bring the throttling message, even for the right password', async () => {
    const { context, page } = await phone();

    for (let attempt = 0; attempt < 3; attempt++) await signIn(page, 'sl-pt-003', `sai-lan-${attempt}`);
    await signIn(page, 'sl-pt-003', DEMO_OFFICIAL_PASSWORD);

    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      /Đã nhập sai nhiều lần\. Hãy (đợi \d+ giây|thử lại sau khoảng \d+ phút)/,
    );
    assert.equal(new URL(page.url()).pathname, '/dang-nhap/');
    await context.close();
  });

  test('while one account is throttled, another account signs in from the same browser and address', async () => {
    const { context, page } = await phone();
    for (let attempt = 0; attempt < 4; attempt++) await signIn(page, 'sl-pt-004', `sai-lan-${attempt}`);
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Đã nhập sai nhiều lần/);

    await signIn(page, 'sl-pt-005', DEMO_OFFICIAL_PASSWORD);

    assert.equal(new URL(page.url()).pathname, '/viec-hoc-cua-toi/');
    assert.ok(await page.getByRole('button', { name: /^Đăng xuất/ }).isVisible());
    await context.close();
  });
});
