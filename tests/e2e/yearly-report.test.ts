/**
 * The yearly report page in Debian Chromium on a phone: reached from the administrator menu,
 * a unit and a year are chosen, the preview passes axe and fits the screen, and both download
 * links give a file (PDF and XLSX) named after the unit and year.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';

const site = useSite();
const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;

async function signedIn(username: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: PHONE, acceptDownloads: true });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, passwordOf(username));
  return page;
}

/** Opens the report page from the administrator menu and shows Quảng Lợi's report for 2026. */
async function openReport(page: Page): Promise<void> {
  await page.goto(`${site.baseUrl}/quan-tri/`);
  await page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Báo cáo năm' }).click();
  await page.waitForLoadState();
  await page.getByLabel('Năm báo cáo').selectOption('2026');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  await page.waitForLoadState();
}

describe('the yearly report page', () => {
  test('a province administrator previews a commune report that passes axe and fits a phone', async () => {
    const page = await signedIn('quantri.songlam');
    await openReport(page);
    await page.getByLabel('Đơn vị báo cáo').selectOption({ label: 'Xã Quảng Lợi' });
    await page.getByRole('button', { name: 'Xem báo cáo' }).click();
    await page.waitForLoadState();

    assert.equal(await page.getByRole('heading', { level: 2, name: 'Xã Quảng Lợi, năm 2026' }).count(), 1);
    assert.equal(await page.getByRole('table', { name: /Chỉ tiêu Đề án 700, năm 2026/ }).count(), 1);
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);
    await page.context().close();
  });

  test('the PDF and Excel links download the report of the unit and year shown', async () => {
    const page = await signedIn('quantri.quangloi');
    await openReport(page);

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải báo cáo (PDF)' }).click(),
    ]);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải báo cáo (Excel, .xlsx)' }).click(),
    ]);
    const pdfBytes = await readFile((await pdf.path())!);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsx.path())!);

    assert.equal(pdf.suggestedFilename(), 'Báo cáo bồi dưỡng năm 2026 Xã Quảng Lợi.pdf');
    assert.equal(pdfBytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(xlsx.suggestedFilename(), 'Báo cáo bồi dưỡng năm 2026 Xã Quảng Lợi.xlsx');
    assert.equal(workbook.worksheets[0]!.getCell('A2').value, 'XÃ QUẢNG LỢI');
    await page.context().close();
  });

  test("a unit outside the administrator's scope is not found", async () => {
    const page = await signedIn('quantri.quangloi');

    const response = await page.goto(`${site.baseUrl}/quan-tri/bao-cao-nam/?don-vi=SL-PT&nam=2026`);

    assert.equal(response?.status(), 404);
    await page.context().close();
  });
});
