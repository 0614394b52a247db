/**
 * The records screen's exports on the built server: CSV with a BOM and formula injection
 * neutralised, only the administrator's scope and the screen's filters, an audit entry per
 * export, and a 20,000-row XLSX streamed well under the 15 s target (the time is printed).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { addClass, sessionUserOf, staffCodesUnder, unitOf } from '../support/api-token-fixtures.ts';

/** Rows the big export must hold at least (the province of 20,000 records). */
const BIG = 20_000;
const HOSTILE = [
  '=HYPERLINK("http://evil.example","Bấm vào đây")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A2)',
  '\tTab đầu dòng',
  '\rVề đầu dòng',
];
let server: RunningServer;
let db: Database;
const cookie: Record<'province' | 'commune', string> = {} as never;
let provinceRows: number;

before(async () => {
  const databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  cookie.province = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.songlam')).id)}`;
  cookie.commune = `hls_session=${await createSession((await sessionUserOf(db, 'quantri.quangloi')).id)}`;
  for (const content of HOSTILE)
    await addClass(db, 'SL-QL', await staffCodesUnder(db, 'SL-QL-VP'), {
      content,
      kind: 'ky-nang-bo-tro',
      endsOn: '2026-04-01',
    });
  await addClass(db, 'CN-EA', await staffCodesUnder(db, 'CN-EA'), { content: 'Lớp của tỉnh khác' });
  // The big export: classes in the province attended by all of its officials, 20,000 rows or more.
  const province = await staffCodesUnder(db, 'SL');
  const classes = Math.ceil(BIG / province.length);
  for (let i = 0; i < classes; i++)
    await addClass(db, 'SL-PT', province, {
      content: `Bồi dưỡng kỹ năng số, lớp ${i + 1} — tiếng Việt có dấu`,
      endsOn: '2026-06-30',
    });
  provinceRows = classes * province.length + HOSTILE.length * (await staffCodesUnder(db, 'SL-QL-VP')).length;
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

async function download(path: string, who: keyof typeof cookie) {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { Cookie: cookie[who] }, redirect: 'manual' });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('CSV export', () => {
  test('cells a spreadsheet would take as formulas are prefixed with an apostrophe, after a UTF-8 BOM', async () => {
    const { status, headers, bytes } = await download('/quan-tri/ho-so/xuat.csv?loai=ky-nang-bo-tro', 'commune');

    const text = bytes.toString('utf8');
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(text.charCodeAt(0), 0xfeff);
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example"",""Bấm vào đây"")"`));
    for (const cell of ["'+1+1", "'-2+3", "'@SUM(A1:A2)", "'\tTab đầu dòng", `"'\rVề đầu dòng"`])
      assert.ok(text.includes(cell), cell);
    assert.ok(!/(^|,)[=+\-@]/m.test(text.slice(1)));
  });

  test('an export holds only the administrator scope and the screen filters, and a unit outside the scope is not found', async () => {
    const commune = await download('/quan-tri/ho-so/xuat.csv', 'commune');
    const otherCommune = await download(`/quan-tri/ho-so/xuat.csv?don-vi=${(await unitOf(db, 'SL-PT')).id}`, 'commune');
    const filtered = await download('/quan-tri/ho-so/xuat.csv?ky=2027', 'province');

    const staffCodes = commune.bytes
      .toString('utf8')
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',')[0]);
    assert.ok(staffCodes.length > 0);
    assert.ok(staffCodes.every((code) => code.startsWith('SL-QL-')));
    assert.equal(otherCommune.status, 404);
    assert.equal(
      filtered.bytes.toString('utf8').split('\r\n').length,
      2 + 0,
      'only the header row: nothing ended in 2027',
    );
  });

  test('each export is written to the audit log with its format and filters', async () => {
    const before = await db.select().from(auditLog).where(eq(auditLog.action, 'export'));

    await download('/quan-tri/ho-so/xuat.csv?loai=ky-nang-bo-tro&ky=2026', 'commune');

    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'export')));
    const entry = entries.at(-1)!;
    assert.equal(entries.length, before.length + 1);
    assert.equal(entry.unitId, (await unitOf(db, 'SL-QL')).id);
    assert.deepEqual(entry.details, { format: 'csv', filters: { period: '2026', kind: 'ky-nang-bo-tro' } });
  });
});

describe('XLSX export', () => {
  test(`a province export of ${BIG.toLocaleString('en')} rows streams as a valid workbook well under 15 s`, async () => {
    const started = performance.now();
    const { status, headers, bytes } = await download('/quan-tri/ho-so/xuat.xlsx', 'province');
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `records export: ${provinceRows} rows XLSX, ${(bytes.length / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(2)} s`,
    );

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /spreadsheetml/);
    assert.equal(sheet.actualRowCount, provinceRows + 1);
    assert.equal(sheet.getRow(1).getCell(2).value, 'Họ và tên');
    assert.ok(seconds < 15, `${seconds} s`);
  });
});
