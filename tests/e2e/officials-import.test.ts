/**
 * The officials import in Chromium, as a commune administrator uses it on a phone: upload a
 * file with bad rows, see them listed with their row numbers while nothing is written; fix the
 * file, upload again, confirm, and find the officials recorded.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, like } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { officials } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { useSite } from '../support/site.ts';
import { IMPORT_COLUMNS } from '../../src/schemas/official-import-row.ts';
import { csvField } from '../../src/lib/officials-import/parse-csv.ts';

const site = useSite();
const admin = DEMO_ACCOUNTS.find((account) => account.username === 'quantri.quangloi')!;
let db: Database | undefined;
after(() => db?.$client.close());

/** A template row for a new official of Quảng Lợi, valid unless changed. */
function row(staffCode: string, changes: Record<string, string> = {}): string[] {
  const values: Record<string, string> = {
    staffCode,
    fullName: 'Lê Thị Thu Hà',
    unitCode: 'SL-QL-VX',
    jobTitle: 'Công chức Phòng Văn hóa - Xã hội',
    jobPosition: 'Văn hóa - du lịch',
    group: 'Công chức chuyên môn',
    fields: 'Du lịch cộng đồng',
    underqualified: 'Không',
    underqualifiedSince: '',
    ...changes,
  };
  return IMPORT_COLUMNS.map((column) => values[column.key]);
}

/** A CSV file for the file chooser. */
function csv(name: string, rows: string[][]) {
  const text = [IMPORT_COLUMNS.map((column) => column.header), ...rows]
    .map((cells) => cells.map((cell) => csvField(cell)).join(','))
    .join('\r\n');
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}\r\n`) };
}

/** How many officials have a staff code like `pattern`, read from the site's database. */
async function officialsLike(pattern: string): Promise<number> {
  db ??= openTestDatabase(site.databaseUrl);
  return (await db.select({ n: count() }).from(officials).where(like(officials.staffCode, pattern)))[0].n;
}

async function signedInPhone(javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ viewport: PHONE, javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${site.baseUrl}/dang-nhap/?next=/quan-tri/nhap-can-bo/`);
  await page.getByLabel('Mã cán bộ hoặc tên đăng nhập').fill(admin.username);
  await page.getByLabel('Mật khẩu').fill(admin.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/quan-tri/nhap-can-bo/');
  return { context, page };
}

/** Chooses a file and uploads it; resolves on the page the upload leads to. */
async function uploadFile(page: Page, file: ReturnType<typeof csv>): Promise<void> {
  await page.getByLabel('Tệp danh sách cán bộ (.xlsx hoặc .csv)').setInputFiles(file);
  await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
  await page.waitForURL(/\/quan-tri\/nhap-can-bo\/[a-z0-9]{20,}\/$/);
}

describe('importing officials in the browser', () => {
  test('a file with bad rows is previewed with each bad row’s number and reason, and nothing is written', async () => {
    const { context, page } = await signedInPhone();

    await uploadFile(
      page,
      csv('co-loi.csv', [
        row('E2E-A-1'),
        row('E2E-A-2', { unitCode: 'SL-PT' }),
        row('E2E-A-3', { underqualified: 'Có' }),
      ]),
    );

    assert.ok(await page.getByRole('heading', { level: 1, name: 'Tệp có dòng lỗi' }).isVisible());
    const badRows = page.getByRole('table', { name: /Dòng lỗi trong tệp/ }).locator('tbody tr');
    assert.equal(await badRows.count(), 2);
    assert.match(await badRows.nth(0).innerText(), /^3\s+E2E-A-2\s+Mã đơn vị SL-PT không có trong phạm vi quản lý/);
    assert.match(await badRows.nth(1).innerText(), /^4\s+E2E-A-3\s+Thiếu ngày xác định/);
    assert.equal(await page.getByRole('button', { name: 'Xác nhận nhập' }).count(), 0);
    assert.equal(await officialsLike('E2E-A-%'), 0);
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);
    await context.close();
  });

  test('the fixed file commits nothing until “Xác nhận nhập”, then the officials are recorded', async () => {
    const { context, page } = await signedInPhone();

    await uploadFile(
      page,
      csv('da-sua.csv', [row('E2E-B-1'), row('E2E-B-2', { underqualified: 'Có', underqualifiedSince: '01/07/2026' })]),
    );
    assert.ok(await page.getByRole('heading', { level: 1, name: 'Xem trước trước khi nhập' }).isVisible());
    assert.match(await page.getByRole('table', { name: /Kết quả kiểm tra/ }).innerText(), /Cán bộ mới\s+2/);
    assert.equal(await officialsLike('E2E-B-%'), 0, 'the preview writes nothing');
    await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đã nhập danh sách cán bộ' }).waitFor();

    assert.equal(await officialsLike('E2E-B-%'), 2);
    assert.match(await page.getByRole('table', { name: /Kết quả nhập/ }).innerText(), /Cán bộ được thêm mới\s+2/);
    await context.close();
  });

  test('shows the progress of a large upload, then the preview', async () => {
    const { context, page } = await signedInPhone();
    const rows = Array.from({ length: 5000 }, (_, i) => row(`E2E-C-${i}`));

    const progressShown = page.locator('[data-import-progress]').waitFor({ state: 'visible' });
    await uploadFile(page, csv('lon.csv', rows));
    await progressShown;

    assert.match(await page.getByRole('table', { name: /Kết quả kiểm tra/ }).innerText(), /Cán bộ mới\s+5\.000/);
    await context.close();
  });

  test('without JavaScript the upload, the preview and the commit work as plain forms', async () => {
    const { context, page } = await signedInPhone(false);

    await uploadFile(page, csv('khong-js.csv', [row('E2E-D-1')]));
    await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đã nhập danh sách cán bộ' }).waitFor();

    assert.equal(await officialsLike('E2E-D-%'), 1);
    await context.close();
  });

  test('a file that is not a spreadsheet is refused in the error summary, focused, with “Lỗi: ” in the title', async () => {
    const { context, page } = await signedInPhone();

    await page
      .getByLabel('Tệp danh sách cán bộ (.xlsx hoặc .csv)')
      .setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
    const alert = page.locator('[data-import-error]');
    await alert.waitFor({ state: 'visible' });

    assert.match(await alert.innerText(), /Chỉ nhận tệp Excel \(\.xlsx\) hoặc CSV \(\.csv\)/);
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-import-error')), true);
    assert.match(await page.title(), /^Lỗi: /);
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });
});
