/**
 * The reviewer's screen of recognised programmes in a real Chromium, on a phone: the credited
 * hours of each course with their basis, a refused record (online hours above the programme's)
 * shown beside its field with the error summary, then a decision recorded and shown in the
 * catalog; the page passes axe's serious checks before and after. Another role gets 404.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';

const site = useSite();
const PATH = '/giang-vien/chuong-trinh/';
const account = (username: string) => DEMO_ACCOUNTS.find((each) => each.username === username)!;

async function signedIn(username: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const { password } = account(username);
  await signInThroughForm(page, site.baseUrl, username, password);
  return page;
}

async function fillDecision(page: Page, onlineHours: string): Promise<void> {
  await page.getByLabel('Khóa học', { exact: true }).selectOption({
    label: 'Kiến thức chung về quản lý nhà nước: vận hành chính quyền địa phương 2 cấp',
  });
  await page.getByLabel('Tên chương trình bồi dưỡng').fill('Chương trình bồi dưỡng kiến thức chung về QLNN');
  await page.getByLabel('Số quyết định').fill('77/QĐ-UBND');
  await page.getByLabel('Ngày ban hành').fill('2026-09-01');
  await page.getByLabel('Cơ quan ban hành').fill('UBND tỉnh Sông Lam');
  await page.getByLabel('Tổng số giờ của chương trình').fill('80');
  await page.getByLabel('Số giờ học trực tuyến theo quyết định').fill(onlineHours);
  await page.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
}

describe('recognised programmes screen', () => {
  test('a reviewer sees the credited hours, is told what is wrong, records a decision, and the page passes axe', async () => {
    const page = await signedIn('thamdinh');
    const response = await page.goto(`${site.baseUrl}${PATH}`);
    assert.equal(response?.status(), 200);
    const table = page.getByRole('table');
    await assert.doesNotReject(
      table
        .getByRole('row', { name: /vận hành chính quyền địa phương 2 cấp.*3,5 giờ.*3,5 giờ.*theo nội dung khóa học/ })
        .waitFor(),
    );
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);

    await fillDecision(page, '100');
    assert.match(await page.title(), /^Lỗi:/);
    const message = 'Số giờ học trực tuyến (100) không được lớn hơn tổng số giờ của chương trình (80).';
    assert.ok((await page.getByText(message).count()) >= 2, 'in the summary and beside the field');
    assert.equal(await page.getByLabel('Số giờ học trực tuyến theo quyết định').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByLabel('Số giờ học trực tuyến theo quyết định').fill('16');
    await page.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi nhận chương trình' }).waitFor();
    await table
      .getByRole('row', {
        name: /vận hành chính quyền.*3,5 giờ.*16 giờ.*theo Quyết định số 77\/QĐ-UBND ngày 01\/09\/2026/,
      })
      .waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.goto(`${site.baseUrl}/khoa-hoc/`);
    await page.getByText(/16 giờ được ghi nhận theo Quyết định số 77\/QĐ-UBND/).waitFor();
    await page.context().close();
  });

  test('an administrator who is no reviewer gets 404', async () => {
    const page = await signedIn('quantri.songlam');
    const response = await page.goto(`${site.baseUrl}${PATH}`);
    assert.equal(response?.status(), 404);
    await page.context().close();
  });
});
