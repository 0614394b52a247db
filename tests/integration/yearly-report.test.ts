/**
 * The yearly training report on the built server: its XLSX figures equal the Decision 700
 * indicators (as the records API gives them, the same aggregate indicatorSummary runs), for the
 * year, for the phase and for each sub-unit; the XLSX and the PDF keep Vietnamese text intact;
 * another commune's report is not found; a bad year is refused; every download is audited.
 * The sizes and times of the downloads are printed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Database } from '../../db/client.ts';
import { auditLog, trainingPlanItems, trainingPlans } from '../../db/schema/index.ts';
import { formatNumber } from '../../src/lib/format.ts';
import { INDICATOR_SHORT_TITLES } from '../../src/lib/server/reports/yearly-report-tables.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import {
  addClass,
  addCompletion,
  sessionUserOf,
  staffCodesUnder,
  tokenFor,
  unitOf,
} from '../support/api-token-fixtures.ts';

const GENERAL = 'van-hanh-chinh-quyen-dia-phuong-2-cap';
const FIELD = 'tiep-cong-dan-khieu-nai-to-cao';
const SKILLS = 'ky-nang-so-dich-vu-cong';
const KEYS = ['underqualified-sent', 'general-management', 'field-skills'] as const;
// The published demo courses are all samples (tài liệu mẫu): their completions count nowhere. A
// course no longer published is real training, counted with its certificate's hours (4 in the fixture).
const RETIRED = 'tiep-cong-dan-ban-cu';
const OTHER_KIND = 'Khác (khóa học không còn trong danh mục)';

let server: RunningServer;
let db: Database;
let token: string;
const cookie: Record<'province' | 'commune' | 'otherCommune', string> = {} as never;

before(async () => {
  const databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  cookie.province = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.songlam')).id)}`;
  cookie.commune = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.quangloi')).id)}`;
  cookie.otherCommune = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.phuthinh')).id)}`;
  token = (await tokenFor(db, 'quantri.songlam', 'SL')).token;

  const quangLoi = await staffCodesUnder(db, 'SL-QL');
  const phuThinh = await staffCodesUnder(db, 'SL-PT');
  for (const [index, staffCode] of quangLoi.slice(0, 4).entries())
    await addCompletion(db, staffCode, GENERAL, new Date(`2026-0${index + 3}-15T03:00:00Z`), {
      scorePercent: 70 + index * 5,
      certificate: 'valid',
    });
  for (const staffCode of quangLoi.slice(2, 9))
    await addCompletion(db, staffCode, FIELD, new Date('2026-06-20T03:00:00Z'), { scorePercent: 90 });
  await addCompletion(db, quangLoi[9]!, FIELD, new Date('2026-07-01T03:00:00Z'), { certificate: 'revoked' });
  for (const staffCode of quangLoi.slice(18, 20))
    await addCompletion(db, staffCode, RETIRED, new Date('2026-05-05T03:00:00Z'), { certificate: 'valid' });
  await addCompletion(db, quangLoi[20]!, RETIRED, new Date('2026-05-06T03:00:00Z'), { certificate: 'revoked' });
  for (const staffCode of phuThinh.slice(0, 3))
    await addCompletion(db, staffCode, SKILLS, new Date('2026-08-05T03:00:00Z'));
  // Indicator 3 counts training in one's own field: the demo courses are samples (never counted),
  // so these officials take a class in a field recorded for them.
  await db.$client.execute({
    sql: `UPDATE officials SET fields = '["giao-tiep-hanh-chinh"]' WHERE staff_code IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify([...quangLoi.slice(10, 16), ...phuThinh.slice(5, 9)])],
  });
  await addClass(db, 'SL-QL', quangLoi.slice(10, 16), {
    content: 'Tập huấn kỹ năng giao tiếp hành chính với người dân',
    kind: 'ky-nang-bo-tro',
    field: 'giao-tiep-hanh-chinh',
    startsOn: '2026-09-08',
    endsOn: '2026-09-10',
  });
  await addClass(db, 'SL-QL', quangLoi.slice(16, 18), {
    content: 'Lớp không hoàn thành',
    kind: 'tap-huan-nghiep-vu',
    endsOn: '2026-10-02',
    result: 'khong-hoan-thanh',
  });
  await addClass(db, 'SL-PT', phuThinh.slice(5, 9), {
    content: 'Lớp năm 2027',
    kind: 'tap-huan-nghiep-vu',
    field: 'giao-tiep-hanh-chinh',
    startsOn: '2027-03-01',
    endsOn: '2027-03-03',
  });
  const quangLoiUnit = await unitOf(db, 'SL-QL');
  await db.insert(trainingPlans).values({
    id: 'kehoach2026',
    unitId: quangLoiUnit.id,
    span: 'nam',
    period: '2026',
    title: 'Kế hoạch bồi dưỡng cán bộ, công chức xã Quảng Lợi năm 2026',
  });
  await db.insert(trainingPlanItems).values([
    {
      planId: 'kehoach2026',
      position: 1,
      content: 'Kỹ năng giao tiếp',
      audience: 'Công chức',
      classCount: 2,
      peopleCount: 40,
      duration: '3 ngày',
      place: 'Hội trường',
      fundProvince: 12.5,
      organiser: 'UBND xã',
    },
    {
      planId: 'kehoach2026',
      position: 2,
      content: 'Đất đai',
      audience: 'Công chức địa chính',
      classCount: 1,
      peopleCount: 10,
      duration: '2 ngày',
      place: 'Hội trường',
      fundScheme: 8,
      organiser: 'Sở Nội vụ',
    },
  ]);
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

async function download(path: string, who: keyof typeof cookie | null) {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${path}`, {
    headers: who ? { Cookie: cookie[who] } : {},
    redirect: 'manual',
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, ms: performance.now() - started };
}

interface ApiShare {
  key: string;
  numerator: number;
  denominator: number;
  percent: number | null;
}

async function apiIndicators(
  unitCode: string,
  period: string,
): Promise<{ officials: number; shares: Map<string, ApiShare> }> {
  const unit = await unitOf(db, unitCode);
  const response = await fetch(`${server.baseUrl}/api/v1/units/${unit.id}/indicators?period=${period}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { officials: number; indicators: ApiShare[] };
  return { officials: body.officials, shares: new Map(body.indicators.map((share) => [share.key, share])) };
}

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

/** The first row whose column A holds exactly `label`, as cell values B, C, … */
function rowValues(sheet: ExcelJS.Worksheet, label: string): unknown[] {
  for (let row = 1; row <= sheet.rowCount; row++) {
    if (sheet.getCell(row, 1).value === label)
      return Array.from({ length: 10 }, (_, index) => sheet.getCell(row, index + 2).value);
  }
  throw new Error(`Không có dòng "${label}"`);
}

/** A share's three cells (people counted, people in the denominator, percent as a fraction) against the API's share. */
function assertShare(cells: unknown[], share: ApiShare, what: string): void {
  assert.equal(cells[0], share.numerator, `${what}: tử số`);
  assert.equal(cells[1], share.denominator, `${what}: mẫu số`);
  if (share.percent === null) assert.equal(cells[2], null, `${what}: tỷ lệ`);
  else
    assert.ok(
      Math.abs(Number(cells[2]) - share.percent / 100) < 1e-9,
      `${what}: tỷ lệ ${cells[2]} ≠ ${share.percent}%`,
    );
}

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number; size: [number, number] }> {
  const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const viewport = (await document.getPage(1)).getViewport({ scale: 1 });
  return {
    text: parts.join(' ').normalize('NFC').replace(/\s+/g, ' '),
    pages: document.numPages,
    size: [Math.round(viewport.width), Math.round(viewport.height)],
  };
}

describe('the XLSX report', () => {
  test("each indicator's year figures equal the unit's indicators for that year", async () => {
    const { status, headers, bytes, ms } = await download('/quan-tri/bao-cao-nam/SL-QL/2026.xlsx', 'commune');
    const sheet = await workbookOf(bytes);
    const expected = await apiIndicators('SL-QL', '2026');
    console.log(`yearly report XLSX (commune): ${(bytes.length / 1024).toFixed(1)} KB in ${ms.toFixed(0)} ms`);

    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /spreadsheetml/);
    assert.equal(rowValues(sheet, 'Cán bộ, công chức được tính')[0], expected.officials);
    for (const key of KEYS)
      assertShare(rowValues(sheet, INDICATOR_SHORT_TITLES[key]!).slice(0, 3), expected.shares.get(key)!, key);
    assert.ok(expected.shares.get('field-skills')!.numerator > 0, 'the data must give a non-zero share to compare');
  });

  test('the phase column of a later year holds the cumulative figures of the phase', async () => {
    const { bytes } = await download('/quan-tri/bao-cao-nam/SL-QL/2027.xlsx', 'commune');
    const sheet = await workbookOf(bytes);
    // Nothing happens after 2027 in this database, so "2026 to the end of 2027" equals the whole phase.
    const phase = await apiIndicators('SL-QL', '2026-2028');
    const year = await apiIndicators('SL-QL', '2027');

    for (const key of KEYS) {
      const cells = rowValues(sheet, INDICATOR_SHORT_TITLES[key]!);
      assertShare(cells.slice(0, 3), year.shares.get(key)!, `${key} năm 2027`);
      assertShare(cells.slice(3, 6), phase.shares.get(key)!, `${key} lũy kế`);
    }
    assert.equal(rowValues(sheet, INDICATOR_SHORT_TITLES['field-skills']!)[0], 0, 'nothing was completed in 2027');
    assert.ok(phase.shares.get('field-skills')!.numerator > 0, 'the phase holds the 2026 completions');
  });

  test("a province's report lists each commune with the same shares as the commune's own indicators", async () => {
    const { status, bytes } = await download('/quan-tri/bao-cao-nam/SL/2026.xlsx', 'province');
    const sheet = await workbookOf(bytes);

    assert.equal(status, 200);
    for (const [code, name] of [
      ['SL-QL', 'Xã Quảng Lợi'],
      ['SL-PT', 'Xã Phú Thịnh'],
    ] as const) {
      const expected = await apiIndicators(code, '2026');
      const cells = rowValues(sheet, name);
      assert.equal(cells[0], expected.officials, `${name}: số cán bộ`);
      KEYS.forEach((key, index) =>
        assertShare(cells.slice(1 + index * 3, 4 + index * 3), expected.shares.get(key)!, `${name} ${key}`),
      );
    }
  });

  test('the workbook reads back with exceljs with the motto, the issuer and Vietnamese labels intact', async () => {
    const { bytes } = await download('/quan-tri/bao-cao-nam/SL-QL/2026.xlsx', 'commune');
    const sheet = await workbookOf(bytes);

    assert.equal(sheet.getCell('A1').value, 'TỈNH SÔNG LAM');
    assert.equal(sheet.getCell('A2').value, 'XÃ QUẢNG LỢI');
    assert.equal(sheet.getCell('D1').value, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    assert.equal(sheet.getCell('D2').value, 'Độc lập - Tự do - Hạnh phúc');
    assert.match(String(sheet.getCell('D3').value), /^Quảng Lợi, ngày \d{2} tháng \d{2} năm \d{4}$/);
    assert.match(String(sheet.getCell('A6').value), /Kết quả bồi dưỡng cán bộ, công chức năm 2026/);
    // Online: the 4 QLNN and 7 field completions are of sample courses and do not count; the retired
    // course's 2 do (its revoked one left out); in person: 6 "hoàn thành" of skills, the unfinished class not counted.
    assert.deepEqual(rowValues(sheet, 'Kiến thức chung về quản lý nhà nước').slice(0, 3), [0, 0, 0]);
    assert.deepEqual(rowValues(sheet, 'Tập huấn chuyên môn, nghiệp vụ, kỹ năng').slice(0, 3), [0, 0, 0]);
    assert.deepEqual(rowValues(sheet, OTHER_KIND).slice(0, 3), [2, 0, 2]);
    assert.deepEqual(rowValues(sheet, 'Kỹ năng bổ trợ').slice(0, 3), [0, 6, 6]);
    assert.deepEqual(rowValues(sheet, 'Ngân sách tỉnh').slice(0, 3), [2, 8, 6]);
    assert.deepEqual(rowValues(sheet, 'Số lớp').slice(0, 2), [3, 2]);
    assert.deepEqual(rowValues(sheet, 'Số người (lượt tham dự)').slice(0, 2), [50, 8]);
    assert.equal(rowValues(sheet, 'Kinh phí NS tỉnh (triệu đồng)')[0], 12.5);
  });
});

describe('hours', () => {
  test('the report’s hours equal the sum of the credited hours of what it counts, with where each comes from', async () => {
    const { bytes } = await download('/quan-tri/bao-cao-nam/SL-QL/2026.xlsx', 'commune');
    const sheet = await workbookOf(bytes);
    // Counted: 2 completions of the retired course (4 hours on their certificates) and 6 attendances
    // of a 16-hour class; the sample courses' 11 completions and the revoked one credit nothing.
    const expected = 2 * 4 + 6 * 16;

    const byKind = sheet.getColumn(1).values.indexOf('Loại hình bồi dưỡng');
    const kindsTotal = rowAfter(sheet, byKind, 'Tổng cộng');
    assert.equal(kindsTotal[3], expected);
    assert.deepEqual(rowValues(sheet, RETIRED).slice(0, 4), [2, 4, 'theo giấy chứng nhận đã cấp', 8]);
    assert.deepEqual(rowValues(sheet, 'Lớp bồi dưỡng trực tiếp, kết hợp').slice(0, 4), [
      6,
      null,
      'theo lớp bồi dưỡng đã ghi nhận',
      96,
    ]);
    const bySource = sheet.getColumn(1).values.indexOf('Khóa học, lớp bồi dưỡng');
    assert.equal(rowAfter(sheet, bySource, 'Tổng cộng')[3], expected);
    // Control: the hours table has lines for the retired course and the classes only, none of a sample course.
    const labels: unknown[] = [];
    for (let row = bySource + 1; sheet.getCell(row, 1).value !== 'Tổng cộng'; row++)
      labels.push(sheet.getCell(row, 1).value);
    assert.deepEqual(labels, [RETIRED, 'Lớp bồi dưỡng trực tiếp, kết hợp']);
  });
});

/** Cells B… of the first row at or after `from` whose column A is `label`. */
function rowAfter(sheet: ExcelJS.Worksheet, from: number, label: string): unknown[] {
  assert.ok(from > 0, 'không thấy bảng');
  for (let row = from; row <= sheet.rowCount; row++)
    if (sheet.getCell(row, 1).value === label)
      return Array.from({ length: 10 }, (_, index) => sheet.getCell(row, index + 2).value);
  throw new Error(`Không có dòng "${label}" sau dòng ${from}`);
}

describe('the PDF report', () => {
  test('the PDF is an A4 portrait document whose text holds the unit name with diacritics and the indicator percentages', async () => {
    const { status, headers, bytes, ms } = await download('/quan-tri/bao-cao-nam/SL-QL/2026.pdf', 'commune');
    const { text, pages, size } = await pdfText(bytes);
    const expected = await apiIndicators('SL-QL', '2026');
    console.log(
      `yearly report PDF (commune): ${(bytes.length / 1024).toFixed(1)} KB, ${pages} pages, in ${ms.toFixed(0)} ms (server ${headers.get('server-timing')})`,
    );

    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'application/pdf');
    assert.deepEqual(size, [595, 842]);
    assert.ok(text.includes('XÃ QUẢNG LỢI'), 'issuer');
    assert.ok(text.includes('Xã Quảng Lợi'), 'unit name in the text');
    assert.ok(
      text.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM') && text.includes('Độc lập - Tự do - Hạnh phúc'),
      'motto',
    );
    for (const key of KEYS) {
      const share = expected.shares.get(key)!;
      const written = `${share.percent === null ? '—' : `${formatNumber(share.percent)}%`} (${formatNumber(share.numerator)}/${formatNumber(share.denominator)})`;
      assert.ok(text.includes(written), `${key}: ${written}`);
    }
  });

  test("a province's PDF is generated within a second and a half and prints every commune", async () => {
    const { status, bytes, ms } = await download('/quan-tri/bao-cao-nam/SL/2026.pdf', 'province');
    const { text, pages } = await pdfText(bytes);
    console.log(
      `yearly report PDF (province): ${(bytes.length / 1024).toFixed(1)} KB, ${pages} pages, in ${ms.toFixed(0)} ms`,
    );

    assert.equal(status, 200);
    for (const name of ['Xã Quảng Lợi', 'Xã Phú Thịnh', 'Phường Tân Hòa']) assert.ok(text.includes(name), name);
    assert.ok(ms < 1500, `${ms} ms`);
  });
});

describe('who may download', () => {
  test("a commune administrator gets 404 for another commune's report in both formats, as for a unit that does not exist", async () => {
    for (const format of ['xlsx', 'pdf']) {
      const other = await download(`/quan-tri/bao-cao-nam/SL-QL/2026.${format}`, 'otherCommune');
      const province = await download(`/quan-tri/bao-cao-nam/SL/2026.${format}`, 'commune');
      const missing = await download(`/quan-tri/bao-cao-nam/KHONG-CO/2026.${format}`, 'commune');

      assert.equal(other.status, 404, format);
      assert.equal(province.status, 404, format);
      assert.equal(missing.status, 404, format);
      assert.equal(other.bytes.length, missing.bytes.length);
    }
  });

  test('a year outside the scheme answers 400 with a Vietnamese message, and a visitor is sent to sign in', async () => {
    const badYear = await download('/quan-tri/bao-cao-nam/SL-QL/2025.pdf', 'commune');
    const notYear = await download('/quan-tri/bao-cao-nam/SL-QL/nam-nay.xlsx', 'commune');
    const signedOut = await download('/quan-tri/bao-cao-nam/SL-QL/2026.pdf', null);

    assert.equal(badYear.status, 400);
    assert.match(badYear.bytes.toString('utf8'), /Năm báo cáo không hợp lệ: chọn một năm từ 2026 đến 2031\./);
    assert.equal(notYear.status, 400);
    assert.equal(signedOut.status, 302);
    assert.match(signedOut.headers.get('location') ?? '', /^\/dang-nhap\/\?next=/);
  });

  test('the preview page refuses a year outside the scheme with 400 and a Vietnamese message, and hides other communes', async () => {
    const badYear = await download('/quan-tri/bao-cao-nam/?don-vi=SL-QL&nam=2025', 'commune');
    const otherCommune = await download('/quan-tri/bao-cao-nam/?don-vi=SL-PT&nam=2026', 'commune');
    const own = await download('/quan-tri/bao-cao-nam/?don-vi=SL-QL&nam=2026', 'commune');

    assert.equal(badYear.status, 400);
    assert.match(
      badYear.bytes.toString('utf8'),
      /<title>Lỗi: [^<]*<\/title>[\s\S]*Năm báo cáo phải từ 2026 đến 2031\./,
    );
    assert.equal(otherCommune.status, 404);
    assert.equal(own.status, 200);
    assert.match(own.bytes.toString('utf8'), /href="\/quan-tri\/bao-cao-nam\/SL-QL\/2026\.pdf"/);
  });

  test('each download is private, named in ASCII and in UTF-8, and written to the audit log', async () => {
    const quangLoi = await unitOf(db, 'SL-QL');
    const before = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'export'), like(auditLog.target, 'export:bao-cao-nam%')));

    const { headers } = await download('/quan-tri/bao-cao-nam/SL-QL/2026.pdf', 'commune');

    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'export'), like(auditLog.target, 'export:bao-cao-nam%')));
    const entry = entries.at(-1)!;
    assert.equal(headers.get('cache-control'), 'private, no-store');
    assert.equal(
      headers.get('content-disposition'),
      `attachment; filename="Bao-cao-boi-duong-nam-2026-Xa-Quang-Loi.pdf"; filename*=UTF-8''${encodeURIComponent('Báo cáo bồi dưỡng năm 2026 Xã Quảng Lợi.pdf')}`,
    );
    assert.equal(entries.length, before.length + 1);
    assert.equal(entry.unitId, quangLoi.id);
    assert.equal(entry.userId, (await sessionUserOf(db, 'quantri.quangloi')).id);
    assert.equal(entry.target, 'export:bao-cao-nam-2026.pdf');
    assert.equal((entry.details as Record<string, unknown>).format, 'pdf');
  });
});
