/**
 * A training plan in Debian Chromium: a commune administrator files a plan with two rows, the
 * plan page passes axe, and the XLSX export reads back with exceljs in the plan form's layout
 * with Vietnamese text intact; another commune's administrator gets 404 for the export.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, passwordOf(username));
  return page;
}

let planUrl = '';

async function fillRow(page: Page, row: number, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await page.locator(`#dong-${row}-${name}`).fill(value);
}

describe('a training plan', () => {
  test('a commune administrator files a plan with two rows and sees the totals', async () => {
    const page = await signedIn('quantri.quangloi');
    await page.goto(`${site.baseUrl}/quan-tri/ke-hoach/moi/`);
    await page.getByLabel('Năm hoặc giai đoạn').fill('2027');
    await page.getByLabel('Tên kế hoạch').fill('Kế hoạch bồi dưỡng cán bộ, công chức xã Quảng Lợi năm 2027');
    await fillRow(page, 1, {
      content: 'Kiến thức chung về quản lý nhà nước',
      audience: 'Công chức chuyên môn',
      classCount: '1',
      peopleCount: '25',
      duration: '2 tuần',
      place: 'Trung tâm Chính trị tỉnh',
      fundProvince: '45,5',
      organiser: 'Sở Nội vụ tỉnh Sông Lam',
    });
    await fillRow(page, 2, {
      content: 'Tập huấn kỹ năng số, dịch vụ công trực tuyến',
      audience: 'Cán bộ, công chức xã',
      classCount: '2',
      peopleCount: '60',
      duration: '3 ngày',
      place: 'Hội trường UBND xã',
      fundScheme: '20',
      fundOther: '4',
      organiser: 'UBND xã Quảng Lợi',
      note: 'Ưu tiên người chưa đạt chuẩn',
    });
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
    await page.waitForLoadState();
    planUrl = page.url().split('?')[0];

    const totals = await page.locator('.plan-table tfoot').textContent();
    assert.match(totals ?? '', /Tổng cộng\s*3\s*85\s*45,5\s*0\s*20\s*4/);
    await page.context().close();
  });

  test('the plan page has no serious accessibility violations and fits a phone', async () => {
    const page = await signedIn('quantri.quangloi');
    await page.goto(planUrl);

    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);
    await page.context().close();
  });

  test("the XLSX export reads back in the plan form's layout with Vietnamese text intact", async () => {
    const page = await signedIn('quantri.quangloi');
    await page.goto(planUrl);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải kế hoạch (Excel, .xlsx)' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();

    await workbook.xlsx.readFile((await download.path())!);

    const sheet = workbook.worksheets[0];
    assert.equal(sheet.getCell('A1').value, 'XÃ QUẢNG LỢI');
    assert.deepEqual(
      [sheet.getCell('D5').value, sheet.getCell('D6').value, sheet.getCell('E6').value],
      ['Số lượng', 'Số lớp', 'Số người'],
    );
    assert.deepEqual(
      [sheet.getCell('H5').value, sheet.getCell('K6').value],
      ['Nguồn kinh phí (triệu đồng)', 'Khác (XHH)'],
    );
    assert.equal(sheet.getCell('L5').value, 'Cơ quan chịu trách nhiệm tổ chức mở lớp');
    assert.equal(sheet.getCell('K5').isMerged && sheet.getCell('A6').isMerged, true);
    assert.equal(sheet.getCell('B8').value, 'Tập huấn kỹ năng số, dịch vụ công trực tuyến');
    assert.equal(sheet.getCell('M8').value, 'Ưu tiên người chưa đạt chuẩn');
    assert.deepEqual(
      [sheet.getCell('B9').value, sheet.getCell('E9').value, sheet.getCell('H9').value],
      ['Tổng cộng', 85, 45.5],
    );
    await page.context().close();
  });

  test("another commune's administrator gets 404 for the plan and its export", async () => {
    const page = await signedIn('quantri.phuthinh');

    const pageResponse = await page.goto(planUrl);
    const exportResponse = await page.request.get(`${planUrl}ke-hoach.xlsx`);

    assert.deepEqual([pageResponse?.status(), exportResponse.status()], [404, 404]);
    await page.context().close();
  });
});
