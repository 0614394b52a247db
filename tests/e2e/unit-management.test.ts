/**
 * Unit management in Chromium, as a province administrator uses it on a phone: add a commune
 * through the form, open its page (history, change forms), import a unit list (preview, then
 * "Nhập … đơn vị"), with axe on every page. The control: the same form left empty is refused
 * with the error summary, and nothing is created.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { units } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { useSite } from '../support/site.ts';

const site = useSite();
let db: Database | undefined;
after(() => db?.$client.close());

const unitsWithCode = async (code: string) => {
  db ??= openTestDatabase(site.databaseUrl);
  return (await db.select({ n: count() }).from(units).where(eq(units.code, code)))[0].n;
};

describe('managing units in the browser', () => {
  test('a province administrator adds a commune, opens its page and imports a unit list; axe passes', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signInThroughForm(page, site.baseUrl, 'quantri.songlam', 'quan-tri-tinh-2026');
    await page.goto(`${site.baseUrl}/quan-tri/quan-ly-don-vi/`);
    await page.getByRole('heading', { level: 1, name: 'Quản lý đơn vị' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);

    // Control: an empty form is refused, nothing created.
    await page.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await page.getByRole('heading', { name: 'Có lỗi cần sửa' }).waitFor();
    assert.match(await page.title(), /^Lỗi: /);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByLabel('Tên đơn vị').fill('Xã Bến Đò');
    await page.getByLabel('Mã đơn vị').fill('E2E-BD');
    await page.getByLabel('Loại đơn vị').selectOption({ label: 'Xã' });
    await page.getByLabel('Thuộc đơn vị').selectOption({ label: 'Tỉnh Sông Lam (Cấp tỉnh)' });
    await page.getByLabel('Có hiệu lực từ').fill('2026-07-01');
    await page.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await page.getByText('Đã tạo đơn vị Xã Bến Đò').waitFor();
    assert.equal(await unitsWithCode('E2E-BD'), 1);

    await page.getByRole('link', { name: 'Mở trang của Xã Bến Đò' }).click();
    await page.getByRole('heading', { level: 1, name: 'Xã Bến Đò' }).waitFor();
    assert.match(
      await page.getByRole('table', { name: /Lịch sử của Xã Bến Đò/ }).innerText(),
      /01\/07\/2026\s+Thành lập/,
    );
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);

    await page.goto(`${site.baseUrl}/quan-tri/quan-ly-don-vi/nhap/`);
    assert.deepEqual(await seriousViolations(page), []);
    const header = 'Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên,Có hiệu lực từ';
    const rows = [
      'E2E-BD-VP,Văn phòng HĐND và UBND,"Cơ quan, phòng ban",E2E-BD,01/07/2026',
      'E2E-SN,Xã Sông Nhỏ,Xã,SL,01/07/2026',
    ];
    await page.getByLabel('Tệp danh sách đơn vị').setInputFiles({
      name: 'don-vi.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${[header, ...rows].join('\r\n')}\r\n`),
    });
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByRole('heading', { level: 1, name: 'Xem trước danh sách đơn vị' }).waitFor();
    assert.equal(await unitsWithCode('E2E-SN'), 0, 'the preview writes nothing');
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: /^Nhập \d+ đơn vị$/ }).click();
    await page.getByText('Đã nhập 2 đơn vị mới').waitFor();
    assert.equal(await unitsWithCode('E2E-SN'), 1);
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });
});
