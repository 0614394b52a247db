/**
 * Recording an in-person class in Debian Chromium: a commune administrator records the class and
 * two attendees by hand, the class page passes axe, another commune's administrator gets 404,
 * and the attendee's own record export lists the class. A class that ends next week takes an
 * enrolment but refuses "Hoàn thành" with the end date in the error (axe on that page too).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { officials } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/database.ts';
import { todayInVietnam } from '../../src/lib/vietnam-time.ts';

const site = useSite();
const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;

async function signedIn(username: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, passwordOf(username));
  return page;
}

let classUrl = '';
let opened: Database | undefined;
const database = () => (opened ??= openTestDatabase(site.databaseUrl));
after(() => opened?.$client.close());

async function officialId(staffCode: string): Promise<string> {
  const [row] = await database().select({ id: officials.id }).from(officials).where(eq(officials.staffCode, staffCode));
  return row.id;
}

/** Adds one attendee through the class page's hand-entry form. */
async function addAttendee(page: Page, staffCode: string, result: string, score: string): Promise<number> {
  await page.getByLabel('Mã cán bộ').fill(staffCode);
  await page.getByRole('radio', { name: result, exact: true }).check();
  await page.getByLabel('Điểm (thang 10, có thể để trống)').fill(score);
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.request().method() === 'POST'),
    page.getByRole('button', { name: 'Lưu học viên' }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

/** Records a class through the new-class form; returns its page's address. */
async function recordClass(page: Page, content: string, startsOn: string, endsOn: string): Promise<string> {
  await page.goto(`${site.baseUrl}/quan-tri/lop-hoc/`);
  await page.getByRole('link', { name: 'Ghi nhận lớp học mới' }).click();
  await page.getByLabel('Loại hình bồi dưỡng').selectOption('tap-huan-nghiep-vu');
  await page.getByLabel('Nội dung bồi dưỡng').fill(content);
  await page.getByLabel('Ngày bắt đầu').fill(startsOn);
  await page.getByLabel('Ngày kết thúc').fill(endsOn);
  await page.getByLabel('Số giờ học').fill('24');
  await page.getByLabel('Địa điểm').fill('Hội trường UBND xã Quảng Lợi');
  await page.getByLabel('Cơ quan tổ chức lớp').fill('UBND xã Quảng Lợi');
  await page.getByRole('button', { name: 'Lưu lớp học' }).click();
  await page.waitForLoadState();
  return page.url();
}

describe('recording a class', () => {
  test('a commune administrator records a class with two attendees and sees both results', async () => {
    const page = await signedIn('quantri.quangloi');
    classUrl = await recordClass(page, 'Tập huấn giải quyết thủ tục hành chính', '2026-10-05', '2026-10-07');

    await addAttendee(page, 'SL-QL-007', 'Hoàn thành', '8,5');
    await addAttendee(page, 'SL-QL-001', 'Vắng', '');

    const rows = page.getByRole('table').getByRole('row');
    assert.equal(await rows.count(), 3);
    assert.match((await rows.nth(2).textContent()) ?? '', /SL-QL-007.*Hoàn thành.*8,5/s);
    assert.match((await rows.nth(1).textContent()) ?? '', /SL-QL-001.*Vắng/s);
    await page.context().close();
  });

  test('the class page has no serious accessibility violations and fits a phone', async () => {
    const page = await signedIn('quantri.quangloi');
    await page.goto(classUrl);

    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);
    await page.context().close();
  });

  test('the new-class form has no serious accessibility violations', async () => {
    const page = await signedIn('quantri.quangloi');
    await page.goto(`${site.baseUrl}/quan-tri/lop-hoc/moi/`);
    await page.getByRole('button', { name: 'Lưu lớp học' }).click();
    await page.waitForLoadState();

    assert.equal(await page.title().then((title) => title.startsWith('Lỗi: ')), true);
    assert.deepEqual(await seriousViolations(page), []);
    await page.context().close();
  });

  test("another commune's administrator gets 404 for the class", async () => {
    const page = await signedIn('quantri.phuthinh');

    const response = await page.goto(classUrl);

    assert.equal(response?.status(), 404);
    await page.context().close();
  });

  test("the attendee's own CSV record lists the class, with a BOM", async () => {
    const page = await signedIn('hocvien');

    const response = await page.request.get(`${site.baseUrl}/viec-hoc-cua-toi/ho-so.csv`);
    const body = await response.body();

    assert.equal(response.status(), 200);
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(
      body.toString('utf8'),
      /Tập huấn giải quyết thủ tục hành chính,05\/10\/2026,07\/10\/2026,24,theo lớp bồi dưỡng đã ghi nhận,Hoàn thành,8.5/,
    );
    await page.context().close();
  });

  test("the administrator's XLSX export of the attendee's record holds the class in Vietnamese", async () => {
    const page = await signedIn('quantri.quangloi');
    const response = await page.request.get(
      `${site.baseUrl}/quan-tri/can-bo/${await officialId('SL-QL-007')}/ho-so.xlsx`,
    );
    const workbook = new ExcelJS.Workbook();

    await workbook.xlsx.load((await response.body()) as unknown as ArrayBuffer);

    const rows = workbook.worksheets[0]
      .getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1).join('|'));
    assert.equal(rows[0].startsWith('Mã cán bộ|Họ và tên|Hình thức|Loại hình bồi dưỡng|Nội dung'), true);
    assert.equal(
      rows.some(
        (row) =>
          row.includes('SL-QL-007') &&
          row.includes('Lớp học|Tập huấn chuyên môn, nghiệp vụ, kỹ năng|Tập huấn giải quyết thủ tục hành chính'),
      ),
      true,
    );
    await page.context().close();
  });

  test("another commune's administrator gets 404 for the attendee's record and its exports", async () => {
    const page = await signedIn('quantri.phuthinh');
    const id = await officialId('SL-QL-007');

    const statuses = await Promise.all(
      ['ho-so/', 'ho-so.xlsx', 'ho-so.csv'].map(async (path) =>
        (await page.request.get(`${site.baseUrl}/quan-tri/can-bo/${id}/${path}`)).status(),
      ),
    );

    assert.deepEqual(statuses, [404, 404, 404]);
    await page.context().close();
  });

  test('the class list and the record page have no serious accessibility violations', async () => {
    const page = await signedIn('quantri.quangloi');

    await page.goto(`${site.baseUrl}/quan-tri/lop-hoc/`);
    const list = await seriousViolations(page);
    await page.goto(`${site.baseUrl}/quan-tri/can-bo/${await officialId('SL-QL-007')}/ho-so/`);
    const record = await seriousViolations(page);

    assert.deepEqual([list, record], [[], []]);
    await page.context().close();
  });

  test('an attendance list with a wrong row shows the row-numbered error and records nobody new', async () => {
    const page = await signedIn('quantri.quangloi');
    await page.goto(classUrl);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh sách');
    sheet.addRow(['Mã cán bộ', 'Họ và tên', 'Kết quả', 'Điểm', 'Số chứng chỉ']);
    sheet.addRow(['SL-QL-002', '', 'Hoàn thành', 9, '']);
    sheet.addRow(['SL-PT-001', '', 'Hoàn thành', 9, '']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.getByLabel('Tệp danh sách (.xlsx)').setInputFiles({
      name: 'danh-sach.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await page.getByRole('button', { name: 'Nhập danh sách' }).click();
    await page.waitForLoadState();

    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      /Dòng 3: không tìm thấy cán bộ có mã SL-PT-001 trong phạm vi quản lý\./,
    );
    assert.equal(await page.getByRole('table').getByRole('row').count(), 3);
    await page.context().close();
  });

  test('a class that has not ended takes an enrolment and refuses "Hoàn thành", naming its end date', async () => {
    const page = await signedIn('quantri.quangloi');
    const day = (days: number) => todayInVietnam(Date.now() + days * 86_400_000);
    const end = day(9);
    await recordClass(page, 'Lớp bồi dưỡng tuần sau', day(7), end);

    const refused = await addAttendee(page, 'SL-QL-007', 'Hoàn thành', '9');
    const alert = (await page.getByRole('alert').textContent()) ?? '';
    console.log(`lớp chưa kết thúc: ${refused}, ${alert.replace(/\s+/g, ' ').trim()}`);
    assert.equal(refused, 400);
    assert.match(
      alert,
      new RegExp(`Lớp học kết thúc ngày ${end.split('-').reverse().join('/')}: chưa thể ghi kết quả "Hoàn thành"`),
    );
    assert.equal(await page.getByText('Chưa có học viên nào.').count(), 1, 'nothing written');
    assert.deepEqual(await seriousViolations(page), []);

    const enrolled = await addAttendee(page, 'SL-QL-007', 'Đã đăng ký (chưa có kết quả)', '');
    assert.ok(enrolled < 400, `enrolment answered ${enrolled}`);
    const rows = page.getByRole('table').getByRole('row');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(1).textContent()) ?? '', /SL-QL-007.*Đã đăng ký/s);
    await page.context().close();
  });
});
