/**
 * Issue 16: a province's first day, in Chromium, with nothing from the seed but the system
 * administrator. The system administrator creates a province and its administrator; that
 * administrator imports 120 units and 2,000 officials, grants a commune administrator and an
 * instructor, prints activation letters for one commune (the PDF's text read with pdf.js, its QR
 * decoded), and an official activates their account with the code on the letter, chooses a
 * password and lands on "Việc học của tôi". axe runs on every page on the way.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq, like, ne } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { auditLog, officials, roleGrants, units, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { IMPORT_COLUMNS } from '../../src/schemas/official-import-row.ts';
import { csvField } from '../../src/lib/officials-import/parse-csv.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations } from '../support/accessibility.ts';
import { qrCodeOnRenderedPdf } from '../support/pdf-qr.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { useSite } from '../support/site.ts';

const site = useSite();
const systemAdmin = DEMO_ACCOUNTS.find((account) => account.username === 'quantri.hethong')!;
let db: Database | undefined;
const database = () => (db ??= openTestDatabase(site.databaseUrl));
after(() => db?.$client.close());

const PROVINCE = { code: 'BS', name: 'Tỉnh Bến Sông' };
const PROVINCE_ADMIN = { username: 'quantri.bensong', name: 'Trần Thị Hạnh', password: 'ben-song-ngay-dau-2026' };
/** Each commune's offices: code suffix, name, the position and field of the officials imported into it. */
const OFFICES = [
  ['VP', 'Văn phòng HĐND và UBND', 'Văn phòng - thống kê', 'Thủ tục hành chính'],
  ['KT', 'Phòng Kinh tế', 'Địa chính - nông nghiệp', 'Đất đai'],
  ['VX', 'Phòng Văn hóa - Xã hội', 'Lao động - thương binh và xã hội', 'Chính sách an sinh xã hội'],
  ['TP', 'Phòng Tư pháp', 'Tư pháp - hộ tịch', 'Khiếu nại, tố cáo'],
  ['HCC', 'Trung tâm Phục vụ hành chính công', 'Một cửa', 'Thủ tục hành chính'],
] as const;
const COMMUNES = Array.from({ length: 20 }, (_, index) => {
  const number = String(index + 1).padStart(2, '0');
  return { code: `BS-X${number}`, name: `Xã Bến Sông ${number}` };
});
const OFFICIALS_PER_OFFICE = 20;
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const GIVEN = ['Văn An', 'Thị Bích', 'Minh Châu', 'Quốc Dũng', 'Thu Hà', 'Đức Huy', 'Ngọc Lan', 'Thanh Sơn'];

/** What the steps hand on to each other. */
const story: {
  adminPage?: Page;
  adminContext?: BrowserContext;
  temporaryPassword?: string;
  letterUrl?: string;
  letterAccount?: string;
} = {};

/** A CSV file for a file chooser, with the BOM Excel writes. */
function csvFile(name: string, rows: string[][]) {
  const text = rows.map((cells) => cells.map((cell) => csvField(cell)).join(',')).join('\r\n');
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}\r\n`) };
}

/** The 120 units: 20 communes, each with its five offices. */
function unitsFile() {
  const rows: string[][] = [['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã đơn vị cấp trên', 'Có hiệu lực từ']];
  for (const commune of COMMUNES) {
    rows.push([commune.code, commune.name, 'Xã', PROVINCE.code, '2025-07-01']);
    for (const [suffix, office] of OFFICES)
      rows.push([`${commune.code}-${suffix}`, office, 'Cơ quan, phòng ban', commune.code, '2025-07-01']);
  }
  return csvFile('don-vi-ben-song.csv', rows);
}

/** 2,000 officials: 20 in each office; staff codes BS-X01-VP-01 and so on. */
function officialsFile() {
  const rows: string[][] = [IMPORT_COLUMNS.map((column) => column.header)];
  let serial = 0;
  for (const commune of COMMUNES)
    for (const [suffix, office, position, field] of OFFICES)
      for (let index = 1; index <= OFFICIALS_PER_OFFICE; index += 1) {
        serial += 1;
        const values: Record<string, string> = {
          staffCode: `${commune.code}-${suffix}-${String(index).padStart(2, '0')}`,
          fullName: `${FAMILY[serial % FAMILY.length]} ${GIVEN[serial % GIVEN.length]}`,
          unitCode: `${commune.code}-${suffix}`,
          jobTitle: `Công chức ${office}`,
          jobPosition: position,
          group: 'Công chức chuyên môn',
          fields: field,
          underqualified: 'Không',
        };
        rows.push(IMPORT_COLUMNS.map((column) => values[column.key] ?? ''));
      }
  return csvFile('can-bo-ben-song.csv', rows);
}

async function expectAccessible(page: Page): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `axe trên ${page.url()}`);
}

describe('the first day of a new province, in the browser', () => {
  test('the system administrator creates the province', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signInThroughForm(page, site.baseUrl, systemAdmin.username, systemAdmin.password);
    await page.goto(`${site.baseUrl}/quan-tri/quan-ly-don-vi/`);
    await page.getByRole('heading', { level: 1, name: 'Quản lý đơn vị' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Tên đơn vị').fill(PROVINCE.name);
    await page.getByLabel('Mã đơn vị').fill(PROVINCE.code);
    await page.getByLabel('Loại đơn vị').selectOption({ label: 'Tỉnh' });
    await page.getByLabel('Có hiệu lực từ').fill('2025-07-01');
    await page.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await page
      .getByText(/Đã tạo đơn vị/)
      .first()
      .waitFor();
    await expectAccessible(page);
    const [province] = await database().select().from(units).where(eq(units.code, PROVINCE.code));
    assert.equal(province.name, PROVINCE.name);
    assert.equal(province.level, 'province');

    await page.goto(`${site.baseUrl}/quan-tri/vai-tro/tai-khoan-moi/`);
    await expectAccessible(page);
    await page.getByLabel('Tên đăng nhập').fill(PROVINCE_ADMIN.username);
    await page.getByLabel('Họ và tên').fill(PROVINCE_ADMIN.name);
    await page.getByLabel('Thư điện tử').fill('hanh.tt@bensong.gov.vn');
    await page.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Quản trị viên cấp tỉnh' });
    await page.getByLabel('Đơn vị').selectOption({ label: PROVINCE.name });
    await page.getByLabel('Lý do').fill('Quyết định phân công quản trị hệ thống của Sở Nội vụ');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const password = page.locator('[data-temporary-password]');
    await password.waitFor();
    story.temporaryPassword = (await password.innerText()).trim();
    assert.ok(story.temporaryPassword.length >= 12);
    await expectAccessible(page);
    await context.close();
  });

  test('the province administrator signs in, chooses a password and imports 120 units', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    story.adminContext = context;
    story.adminPage = page;
    await page.goto(`${site.baseUrl}/dang-nhap/`);
    await page.getByLabel('Mã cán bộ hoặc tên đăng nhập').fill(PROVINCE_ADMIN.username);
    await page.getByLabel('Mật khẩu').fill(story.temporaryPassword!);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL('**/doi-mat-khau/**');
    await expectAccessible(page);
    await page.getByLabel('Mật khẩu hiện tại').fill(story.temporaryPassword!);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(PROVINCE_ADMIN.password);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(PROVINCE_ADMIN.password);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/doi-mat-khau/'));

    await page.goto(`${site.baseUrl}/quan-tri/quan-ly-don-vi/nhap/`);
    await expectAccessible(page);
    await page.getByLabel('Tệp danh sách đơn vị').setInputFiles(unitsFile());
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const commit = page.getByRole('button', { name: /^Nhập/ });
    await commit.waitFor();
    await expectAccessible(page);
    await commit.click();
    await page
      .getByText(/Đã nhập/)
      .first()
      .waitFor();
    await expectAccessible(page);
    const [{ n }] = await database().select({ n: count() }).from(units).where(like(units.code, 'BS-%'));
    assert.equal(n, 120);
  });

  test('… imports 2,000 officials', async () => {
    const page = story.adminPage!;
    await page.goto(`${site.baseUrl}/quan-tri/nhap-can-bo/`);
    await expectAccessible(page);
    await page.getByLabel('Tệp danh sách cán bộ (.xlsx hoặc .csv)').setInputFiles(officialsFile());
    await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Xem trước trước khi nhập' })
      .waitFor({ timeout: 60_000 })
      .catch(async (error) => {
        console.log((await page.locator('main').innerText()).slice(0, 1500));
        throw error;
      });
    assert.match(await page.getByRole('table', { name: /Kết quả kiểm tra/ }).innerText(), /Cán bộ mới\s+2\.000/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đã nhập danh sách cán bộ' }).waitFor({ timeout: 60_000 });
    await expectAccessible(page);
    const [{ n }] = await database().select({ n: count() }).from(officials).where(like(officials.staffCode, 'BS-%'));
    assert.equal(n, 2000);
  });

  test('… grants a commune administrator and an instructor, audited', async () => {
    const page = story.adminPage!;
    const grant = async (account: string, role: string, unit: string) => {
      await page.goto(`${site.baseUrl}/quan-tri/vai-tro/`);
      await page.getByLabel('Tài khoản', { exact: true }).fill(account);
      await page.getByLabel('Vai trò', { exact: true }).selectOption({ label: role });
      await page.getByLabel('Đơn vị', { exact: true }).selectOption({ label: unit });
      await page.getByLabel('Lý do', { exact: true }).fill('Phân công ngày đầu triển khai');
      await page.getByRole('button', { name: 'Cấp vai trò' }).click();
      await page
        .getByText(/Đã cấp vai trò/)
        .first()
        .waitFor();
      await expectAccessible(page);
    };
    await grant('bs-x01-vp-01', 'Quản trị viên cấp xã', COMMUNES[0].name);
    await grant('bs-x02-vx-01', 'Giảng viên', PROVINCE.name);

    const granted = await database()
      .select({ username: users.username, role: roleGrants.role, grantedBy: roleGrants.grantedBy })
      .from(roleGrants)
      .innerJoin(users, eq(users.id, roleGrants.userId))
      .where(and(like(users.username, 'bs-x0%'), ne(roleGrants.role, 'learner')));
    assert.deepEqual(granted.map((row) => `${row.username} ${row.role}`).sort(), [
      'bs-x01-vp-01 commune_admin',
      'bs-x02-vx-01 instructor',
    ]);
    assert.ok(granted.every((row) => row.grantedBy));
    // Three: the province administrator's own grant, made with their account, and these two.
    const [{ n }] = await database().select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'grant-role'));
    assert.equal(n, 3);
  });

  test('… prints activation letters for one commune: one A4 page each, the text and the QR right', async () => {
    const page = story.adminPage!;
    await page.goto(`${site.baseUrl}/quan-tri/thu-kich-hoat/`);
    await expectAccessible(page);
    await page.getByLabel('Đơn vị').selectOption({ label: `${PROVINCE.name} › ${COMMUNES[0].name}` });
    await page.getByLabel('Định dạng').selectOption({ label: 'PDF (thư in A4)' });
    // Issuing codes hands over accounts: the page may first ask for the password again.
    let download = page.waitForEvent('download', { timeout: 20_000 }).catch(() => null);
    await page.getByRole('button', { name: 'Tạo thư kích hoạt' }).click();
    if (!(await download)) {
      await page.waitForURL('**/xac-nhan-mat-khau/**');
      await expectAccessible(page);
      await page.getByLabel('Mật khẩu').fill(PROVINCE_ADMIN.password);
      await page.getByRole('button', { name: 'Xác nhận' }).click();
      await page.waitForURL('**/quan-tri/thu-kich-hoat/**');
      await page.getByLabel('Đơn vị').selectOption({ label: `${PROVINCE.name} › ${COMMUNES[0].name}` });
      download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Tạo thư kích hoạt' }).click();
    }
    const file = await (await download)!.path();
    const pdf = new Uint8Array(await (await import('node:fs/promises')).readFile(file));

    const perCommune = OFFICES.length * OFFICIALS_PER_OFFICE;
    const document = await pdfjs.getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
    assert.equal(document.numPages, perCommune);
    const first = await document.getPage(1);
    const [width, height] = [first.view[2], first.view[3]];
    assert.deepEqual([Math.round(width), Math.round(height)], [595, 842], 'A4');
    const text = (await first.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    // Letters come in the order the unit's list is printed; whoever is on page 1 is read back.
    const staffCode = /BS-X01-[A-Z]+-\d{2}/.exec(text)?.[0];
    assert.ok(staffCode, `mã cán bộ trong thư: ${text}`);
    const [official] = await database().select().from(officials).where(eq(officials.staffCode, staffCode));
    assert.ok(text.includes(official.fullName), `tên trong thư: ${text}`);
    assert.ok(text.includes(COMMUNES[0].name), `đơn vị trong thư: ${text}`);

    const qr = await qrCodeOnRenderedPdf(story.adminContext!, pdf, 1);
    assert.ok(qr.decoded, 'mã QR đọc được');
    const url = new URL(qr.decoded!);
    assert.equal(url.pathname, '/kich-hoat/');
    assert.equal(url.searchParams.get('tk'), staffCode);
    story.letterAccount = staffCode.toLowerCase();
    const code = url.searchParams.get('ma')!;
    assert.ok(text.replace(/\s/g, '').includes(code.replace(/-/g, '')) || text.includes(code), 'mã in trên thư');
    story.letterUrl = `${site.baseUrl}${url.pathname}${url.search}`;
  });

  test('an official activates with the letter, chooses a password and lands on "Việc học của tôi"', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(story.letterUrl!);
    await expectAccessible(page);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('lang-que-ben-song-2026');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('lang-que-ben-song-2026');
    await page.getByRole('button', { name: 'Kích hoạt tài khoản' }).click();
    await page.waitForURL('**/viec-hoc-cua-toi/**');
    await page.getByRole('heading', { level: 1, name: 'Việc học của tôi' }).waitFor();
    await expectAccessible(page);

    // The control: the same letter does not open the account a second time.
    const again = await context.browser()!.newContext({ viewport: PHONE });
    const second = await again.newPage();
    await second.goto(story.letterUrl!);
    await second.getByLabel('Mật khẩu mới', { exact: true }).fill('mot-mat-khau-khac-2026');
    await second.getByLabel('Nhập lại mật khẩu mới').fill('mot-mat-khau-khac-2026');
    await second.getByRole('button', { name: 'Kích hoạt tài khoản' }).click();
    await second
      .getByText(/Mã kích hoạt không đúng/)
      .first()
      .waitFor();
    assert.ok(!second.url().includes('/viec-hoc-cua-toi/'));
    const [account] = await database()
      .select({ mustChange: users.mustChangePassword })
      .from(users)
      .where(eq(users.username, story.letterAccount!));
    assert.equal(account.mustChange, false);
    await again.close();
    await context.close();
    await story.adminContext?.close();
  });
});
