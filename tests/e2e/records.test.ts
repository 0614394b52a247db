/**
 * The records system's side in a real Chromium: a province administrator creates an API token on
 * its page and the token reads /api/v1/records; the records screen's XLSX export downloads as a
 * workbook exceljs reads back with the Vietnamese text intact; the token page and the audit log
 * pass axe's serious checks.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { seriousViolations } from '../support/accessibility.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { TCD } from '../support/completion-fixtures.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { addClass, addCompletion, staffCodesUnder } from '../support/api-token-fixtures.ts';

const site = useSite();
const CLASS_TITLE = 'Bồi dưỡng kỹ năng tiếp công dân — đợt 1, năm 2026';
const province = DEMO_ACCOUNTS.find((account) => account.username === 'quantri.songlam')!;

let records: Promise<void> | undefined;

/** The records the tests read, written once the site's database exists (root hooks come first). */
function withRecords(): Promise<void> {
  records ??= (async () => {
    const db = openTestDatabase(site.databaseUrl);
    await addClass(db, 'SL-QL', await staffCodesUnder(db, 'SL-QL'), { content: CLASS_TITLE, endsOn: '2026-05-15' });
    await addCompletion(db, 'SL-QL-007', TCD, new Date('2026-02-10T03:00:00Z'), {
      scorePercent: 90,
      certificate: 'valid',
    });
    db.$client.close();
  })();
  return records;
}

async function provinceAdminPage(): Promise<Page> {
  await withRecords();
  const context = await site.browser.newContext({ viewport: PHONE, acceptDownloads: true });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, province.username, province.password);
  return page;
}

describe('API tokens page', () => {
  test('a province administrator creates a token on the page, and the token reads /api/v1/records', async () => {
    const page = await provinceAdminPage();
    await page.goto(`${site.baseUrl}/quan-tri/api/`);

    await page.getByLabel('Tên mã truy cập').fill('CSDL chất lượng bồi dưỡng tỉnh');
    await page.getByLabel('Đơn vị được đọc dữ liệu').selectOption({ label: 'Tỉnh Sông Lam' });
    await page.getByRole('button', { name: 'Tạo mã truy cập' }).click();
    const token = await page.getByLabel('Mã truy cập mới').inputValue();
    const response = await fetch(`${site.baseUrl}/api/v1/records?pageSize=500`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { data: { title: string; unit: { code: string } }[] };

    assert.match(token, /^hls_[a-z2-7]{32}$/);
    assert.equal(response.status, 200);
    assert.ok(body.data.some((row) => row.title === CLASS_TITLE));
    await page.reload();
    assert.equal(await page.getByLabel('Mã truy cập mới').count(), 0, 'the token is shown once only');
    assert.equal(
      await page.getByRole('row', { name: /CSDL chất lượng bồi dưỡng tỉnh/ }).count(),
      1,
      'reloading created no second token',
    );
    await page.context().close();
  });

  test('the token page, the audit log and the records screen have no serious accessibility violations', async () => {
    const page = await provinceAdminPage();

    await page.goto(`${site.baseUrl}/quan-tri/api/`);
    const tokenPage = await seriousViolations(page);
    await page.goto(`${site.baseUrl}/quan-tri/nhat-ky/`);
    const auditPage = await seriousViolations(page);
    const rows = await page.getByRole('table').getByRole('row').count();
    await page.goto(`${site.baseUrl}/quan-tri/ho-so/`);
    const recordsPage = await seriousViolations(page);

    assert.deepEqual(tokenPage, []);
    assert.deepEqual(auditPage, []);
    assert.deepEqual(recordsPage, []);
    assert.ok(rows > 1, 'the token created above is in the log');
    await page.context().close();
  });
});

describe('records export', () => {
  test('the XLSX export downloads as a valid workbook with the Vietnamese text intact', async () => {
    const page = await provinceAdminPage();
    await page.goto(`${site.baseUrl}/quan-tri/ho-so/`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải về tệp Excel (XLSX)' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const texts = sheet
      .getSheetValues()
      .flat()
      .filter((value): value is string => typeof value === 'string');

    assert.match(download.suggestedFilename(), /^ho-so-boi-duong-\d{4}-\d{2}-\d{2}\.xlsx$/);
    assert.equal(sheet.name, 'Hồ sơ bồi dưỡng');
    assert.ok(texts.includes(CLASS_TITLE));
    // The class counts with where its hours come from; the sample course's completion is no record.
    assert.ok(texts.includes('Căn cứ số giờ') && texts.includes('theo lớp bồi dưỡng đã ghi nhận'));
    assert.ok(!texts.includes('Tập huấn: tiếp công dân, giải quyết khiếu nại, tố cáo ở cấp xã'));
    assert.ok(texts.includes('Xã Quảng Lợi') || texts.some((text) => text.startsWith('Văn phòng HĐND')));
    await page.context().close();
  });

  test('the CSV export shows its progress in rows while it is made, then downloads', async () => {
    const page = await provinceAdminPage();
    await page.goto(`${site.baseUrl}/quan-tri/ho-so/`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải về tệp CSV' }).click(),
    ]);
    const text = await readFile((await download.path())!, 'utf8');

    assert.match(download.suggestedFilename(), /\.csv$/);
    assert.ok(text.includes(CLASS_TITLE));
    await page.getByRole('status').filter({ hasText: 'Đã tạo xong tệp' }).waitFor();
    assert.ok(await page.locator('progress').isVisible());
    await page.context().close();
  });
});
