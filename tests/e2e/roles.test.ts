/**
 * The roles screens in Chromium on a phone, through their accessible names (the contract other
 * tests use): a province administrator grants an instructor limited to one course; the system
 * administrator creates the administrator of a province and reads the temporary password, which
 * then signs in and must be changed. axe finds nothing serious on either page, before and after.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { roleGrants, units, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';

const site = useSite();
let opened: Database | undefined;
const database = () => (opened ??= openTestDatabase(site.databaseUrl));
after(() => opened?.$client.close());

async function signedIn(username: string, password: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, password);
  return page;
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], what);
  assert.equal(await sidewaysOverflow(page), 0, `${what} scrolls sideways at 360 px`);
}

const unitName = async (code: string) => (await database().select().from(units).where(eq(units.code, code)))[0].name;

describe('roles screens', () => {
  test('a province administrator grants an instructor limited to one course', async () => {
    const page = await signedIn('quantri.songlam', 'quan-tri-tinh-2026');
    await page.goto(`${site.baseUrl}/quan-tri/vai-tro/`);
    await page.getByRole('heading', { name: 'Vai trò', exact: true }).waitFor();
    await expectAccessible(page, 'roles page');

    const form = page.getByRole('form', { name: 'Cấp vai trò' });
    await form.getByLabel('Tài khoản', { exact: true }).fill('SL-QL-002');
    await form.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Giảng viên' });
    await form.getByLabel('Đơn vị', { exact: true }).selectOption({ label: await unitName('SL') });
    await form.getByLabel('Lý do', { exact: true }).fill('Phân công soạn khóa Kỹ năng số');
    await form.getByLabel('Giới hạn khóa học').fill('ky-nang-so-dich-vu-cong');
    await form.getByRole('button', { name: 'Cấp vai trò' }).click();
    await page.getByText('Đã cấp vai trò').waitFor();
    await expectAccessible(page, 'roles page after a grant');

    const [account] = await database().select().from(users).where(eq(users.username, 'sl-ql-002'));
    const [grant] = await database()
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, account.id), eq(roleGrants.role, 'instructor')));
    assert.deepEqual(grant.courseSlugs, ['ky-nang-so-dich-vu-cong']);
    assert.equal(grant.reason, 'Phân công soạn khóa Kỹ năng số');
    await page.context().close();
  });

  test('the system administrator creates a province administrator with a temporary password', async () => {
    const page = await signedIn('quantri.hethong', 'quan-tri-he-thong-2026');
    await page.goto(`${site.baseUrl}/quan-tri/vai-tro/tai-khoan-moi/`);
    await expectAccessible(page, 'new account page');
    await page.getByLabel('Tên đăng nhập').fill('quantri.caonguyen.moi');
    await page.getByLabel('Họ và tên').fill('Giám đốc Sở Nội vụ Cao Nguyên');
    await page.getByLabel('Thư điện tử').fill('giamdoc@snv.caonguyen.gov.vn');
    await page.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Quản trị viên cấp tỉnh' });
    await page.getByLabel('Đơn vị', { exact: true }).selectOption({ label: await unitName('CN') });
    await page.getByLabel('Lý do', { exact: true }).fill('Quyết định 5/QĐ-BNV');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByText('Mật khẩu tạm thời').first().waitFor();
    const password = (await page.locator('[data-temporary-password]').textContent())?.trim() ?? '';
    assert.match(password, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await expectAccessible(page, 'new account page with the password');
    await page.context().close();

    const newcomer = await signedIn('quantri.caonguyen.moi', password);
    assert.match(new URL(newcomer.url()).pathname, /^\/doi-mat-khau\//);
    await newcomer.context().close();
  });
});
