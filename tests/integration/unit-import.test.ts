/**
 * The unit list import against a real database: the library (row-by-row reasons, all or
 * nothing, scope, renames of existing codes), then the built server over HTTP (CSV and XLSX
 * uploads, the preview page's commit button, 404 for those who manage no units, and the bundled
 * national list loaded by the system administrator: 34 provinces and 3,321 communes).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { and, count, eq, isNull } from 'drizzle-orm';
import { auditLog, unitChanges, units, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { postForm, postMultipart, signInOverHttp } from '../support/authoring-http.ts';
import { getAs } from '../support/http.ts';
import { createSession, validateSessionToken, type SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { ImportError } from '../../src/lib/officials-import/errors.ts';
import { commitUnitImport } from '../../src/lib/server/units-import/commit.ts';
import { createUnitPreview, findUnitImport } from '../../src/lib/server/units-import/preview.ts';

let db: Database;
let server: RunningServer;
const admins: Record<string, SessionUser> = {};
const HEADER = 'Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên,Có hiệu lực từ';

const csv = (...rows: string[]) => new TextEncoder().encode(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`);
const unitCount = async () => (await db.select({ n: count() }).from(units))[0].n;
const unitByCode = async (code: string) => (await db.select().from(units).where(eq(units.code, code)))[0];

async function preview(admin: string, ...rows: string[]) {
  const id = await createUnitPreview(admins[admin], 'don-vi.csv', csv(...rows));
  return (await findUnitImport(admins[admin], id))!;
}

before(async () => {
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  for (const username of ['quantri.songlam', 'quantri.caonguyen', 'quantri.quangloi', 'quantri.hethong']) {
    const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
    admins[username] = (await validateSessionToken(await createSession(account.id)))!.user;
  }
  server = await startServer({ DATABASE_URL: process.env.DATABASE_URL });
});
after(async () => {
  await server?.stop();
  db?.$client.close();
});

describe('preview and commit', () => {
  test('every bad row is listed with its row number and reasons; nothing is written', async () => {
    const before = await unitCount();
    const record = await preview(
      'quantri.songlam',
      'IT-X1,Xã Một,Xã,SL,01/07/2025',
      'IT-X2,Xã Hai,Làng,SL,01/07/2025',
      'IT-X3-VP,Văn phòng,Cơ quan,IT-X3,01/07/2025',
      'IT-X3,Xã Ba,Xã,SL,01/07/2025',
      'IT-X4,Xã Bốn,Xã,KHONG-CO,01/07/2025',
      'IT-X1,Xã Một Lần Nữa,Xã,SL,01/07/2025',
      'IT-T1,Tỉnh Mới,Tỉnh,,01/07/2025',
      'CN-EA,Xã Ea Tiêu Mới,Xã,SL,01/07/2025',
      'IT-X5,Xã Năm,Xã,CN,01/07/2025',
      'IT-P1,Phòng,Cơ quan,SL,31/02/2025',
      'SL-PT,Xã Phú Thịnh Mới,Xã,SL,01/07/2025',
    );
    const reasons = new Map(record.problems.map((problem) => [problem.row, problem.reasons.join(' ')]));
    assert.deepEqual([...reasons.keys()], [3, 4, 6, 7, 8, 9, 10, 11]);
    assert.match(reasons.get(3)!, /Loại "Làng" không có trong danh mục/);
    assert.match(reasons.get(4)!, /Đơn vị cấp trên IT-X3 phải ở một dòng phía trên/);
    assert.match(reasons.get(6)!, /Không tìm thấy đơn vị cấp trên có mã KHONG-CO/);
    assert.match(reasons.get(7)!, /Mã đơn vị IT-X1 đã có ở dòng 2/);
    assert.match(reasons.get(8)!, /Chỉ quản trị viên hệ thống được nhập tỉnh, thành phố/);
    assert.match(reasons.get(9)!, /đã được dùng cho một đơn vị ngoài phạm vi quản lý/);
    assert.match(reasons.get(10)!, /Không tìm thấy đơn vị cấp trên có mã CN/, 'another province is out of scope');
    assert.match(reasons.get(11)!, /Ngày có hiệu lực không hợp lệ/);
    assert.match(reasons.get(11)!, /phải là xã, phường, đặc khu/);
    assert.deepEqual(record.counts, { new: 2, renamed: 1, unchanged: 0, bad: 8 });

    await assert.rejects(commitUnitImport(admins['quantri.songlam'], record.id), (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.equal(error.status, 409);
      assert.match(error.message, /8 dòng lỗi/);
      return true;
    });
    assert.equal(await unitCount(), before, 'all or nothing: the good rows were not written either');
    assert.equal((await unitByCode('SL-PT')).name, 'Xã Phú Thịnh');
  });

  test('a clean file creates units in file order under earlier rows and renames existing codes as dated renames', async () => {
    const before = await unitCount();
    const record = await preview(
      'quantri.songlam',
      'it-y1,Xã Yên Một,xa,SL,1/7/2025',
      'IT-Y1-VP,Văn phòng HĐND và UBND,Cơ quan,it-y1,2025-07-01',
      'SL-PT,Xã Phú Thịnh Mới,Xã,SL,01/08/2025',
      'SL-QL,Xã Quảng Lợi,Xã,SL,',
    );
    assert.deepEqual(record.counts, { new: 2, renamed: 1, unchanged: 1, bad: 0 });
    const result = await commitUnitImport(admins['quantri.songlam'], record.id);
    assert.deepEqual(result, { alreadyCommitted: false, counts: record.counts });
    assert.equal(await unitCount(), before + 2);
    const commune = await unitByCode('IT-Y1');
    const office = await unitByCode('IT-Y1-VP');
    const province = await unitByCode('SL');
    assert.equal(commune.path, `${province.path}${commune.id}/`);
    assert.equal(office.path, `${commune.path}${office.id}/`);
    assert.deepEqual([commune.kind, commune.level, commune.validFrom], ['xa', 'commune', '2025-07-01']);
    assert.equal(office.level, 'office');
    const phuThinh = await unitByCode('SL-PT');
    assert.equal(phuThinh.name, 'Xã Phú Thịnh Mới');
    const [rename] = await db
      .select()
      .from(unitChanges)
      .where(and(eq(unitChanges.unitId, phuThinh.id), eq(unitChanges.kind, 'rename')));
    assert.deepEqual(
      [rename.oldValue, rename.newValue, rename.effectiveOn],
      ['Xã Phú Thịnh', 'Xã Phú Thịnh Mới', '2025-08-01'],
    );
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'import-units'));
    assert.equal(audits.length, 1);
    assert.deepEqual(await commitUnitImport(admins['quantri.songlam'], record.id), {
      alreadyCommitted: true,
      counts: record.counts,
    });
    assert.equal(await unitCount(), before + 2, 'committing twice writes once');
  });

  test('a change between preview and commit refuses the whole file (409)', async () => {
    const record = await preview('quantri.songlam', 'IT-Z1,Xã Zê,Xã,SL,01/07/2025');
    await db.insert(units).values({
      id: 'itz1other',
      parentId: null,
      level: 'province',
      kind: 'tinh',
      name: 'Tỉnh Khác',
      code: 'IT-Z1',
      path: '/itz1other/',
    });
    await assert.rejects(commitUnitImport(admins['quantri.songlam'], record.id), /đã thay đổi kể từ lúc xem trước/);
    assert.equal(
      (await findUnitImport(admins['quantri.songlam'], record.id))!.status,
      'preview',
      'the claim was rolled back',
    );
  });

  test('a commune administrator manages no units: 404', async () => {
    await assert.rejects(
      createUnitPreview(admins['quantri.quangloi'], 'x.csv', csv('IT-Q,Phòng,Cơ quan,SL-QL,01/07/2025')),
      (error: unknown) => error instanceof ImportError && error.status === 404,
    );
  });
});

describe('over HTTP', () => {
  test('upload a CSV, see the preview, commit with the "Nhập …" button, read "Đã nhập"', async () => {
    const cookie = await signInOverHttp(server.baseUrl, 'quantri.caonguyen', 'quan-tri-tinh-2026');
    const form = new FormData();
    form.set(
      'file',
      new File([csv('IT-CN1,Xã Cao Một,Xã,CN,01/07/2025', 'IT-CN2,Xã Cao Hai,Xã,CN,01/07/2025')], 'cao-nguyen.csv'),
    );
    const uploaded = await postMultipart(server.baseUrl, cookie, '/quan-tri/quan-ly-don-vi/nhap/', form);
    assert.equal(uploaded.status, 303, uploaded.body.slice(0, 300));
    const previewUrl = uploaded.headers.get('location')!;
    const page = await getAs(server.baseUrl, cookie, previewUrl);
    assert.match(page.body, />Nhập 2 đơn vị<\/button>/);
    const other = await signInOverHttp(server.baseUrl, 'quantri.songlam', 'quan-tri-tinh-2026');
    assert.equal((await getAs(server.baseUrl, other, previewUrl)).status, 404, "someone else's preview is not found");

    const committed = await postForm(server.baseUrl, cookie, previewUrl, [['intent', 'commit']]);
    assert.equal(committed.status, 303);
    const done = await getAs(server.baseUrl, cookie, committed.headers.get('location')!);
    assert.match(done.body, /Đã nhập 2 đơn vị mới/);
    assert.ok(await unitByCode('IT-CN2'));
  });

  test('an XLSX upload is read from its unit sheet; a file of the wrong kind is refused with a reason', async () => {
    const cookie = await signInOverHttp(server.baseUrl, 'quantri.caonguyen', 'quan-tri-tinh-2026');
    const template = await getAs(server.baseUrl, cookie, '/quan-tri/quan-ly-don-vi/nhap/mau.xlsx');
    assert.equal(template.status, 200);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh sách đơn vị');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['IT-CN3', 'Xã Cao Ba', 'Xã', 'CN', '01/07/2025']);
    sheet.addRow(['IT-CN3-VP', 'Văn phòng', 'Cơ quan, phòng ban', 'IT-CN3', '01/07/2025']);
    const form = new FormData();
    form.set('file', new File([(await workbook.xlsx.writeBuffer()) as ArrayBuffer], 'cao-nguyen.xlsx'));
    const uploaded = await postMultipart(server.baseUrl, cookie, '/quan-tri/quan-ly-don-vi/nhap/', form);
    assert.equal(uploaded.status, 303, uploaded.body.slice(0, 300));
    const page = await getAs(server.baseUrl, cookie, uploaded.headers.get('location')!);
    assert.match(page.body, /data-count="new"[^>]*>2</);

    const wrong = new FormData();
    wrong.set('file', new File(['not a list'], 'danh-sach.pdf'));
    const refused = await postMultipart(server.baseUrl, cookie, '/quan-tri/quan-ly-don-vi/nhap/', wrong);
    assert.equal(refused.status, 415);
    assert.match(refused.body, /Chỉ nhận tệp Excel \(.xlsx\) hoặc CSV/);
    const commune = await signInOverHttp(server.baseUrl, 'quantri.quangloi', 'quan-tri-xa-2026');
    assert.equal((await getAs(server.baseUrl, commune, '/quan-tri/quan-ly-don-vi/nhap/')).status, 404);
  });

  test('the system administrator loads the bundled national list: 34 provinces and 3,321 communes', async () => {
    const cookie = await signInOverHttp(server.baseUrl, 'quantri.hethong', 'quan-tri-he-thong-2026');
    const started = performance.now();
    const previewed = await postForm(server.baseUrl, cookie, '/quan-tri/quan-ly-don-vi/nhap/', [['intent', 'ca-nuoc']]);
    assert.equal(previewed.status, 303, previewed.body.slice(0, 300));
    const page = await getAs(server.baseUrl, cookie, previewed.headers.get('location')!);
    assert.match(page.body, />Nhập 3\.355 đơn vị<\/button>/);
    const committed = await postForm(server.baseUrl, cookie, previewed.headers.get('location')!, [
      ['intent', 'commit'],
    ]);
    assert.equal(committed.status, 303);
    console.log(`Danh sách cả nước: xem trước và nhập trong ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const provinces = await db
      .select()
      .from(units)
      .where(and(isNull(units.parentId)));
    const national = provinces.filter((unit) => /^VN\d\d$/.test(unit.code));
    assert.equal(national.length, 34);
    assert.ok(national.some((unit) => unit.name === 'Tỉnh Lào Cai'));
    const communes = await db.select({ code: units.code }).from(units).where(eq(units.level, 'commune'));
    assert.equal(communes.filter((unit) => /^VN\d\d-\d{3}$/.test(unit.code)).length, 3321);
    const commune = await signInOverHttp(server.baseUrl, 'quantri.songlam', 'quan-tri-tinh-2026');
    const refused = await postForm(server.baseUrl, commune, '/quan-tri/quan-ly-don-vi/nhap/', [['intent', 'ca-nuoc']]);
    assert.equal(refused.status, 400, 'only the system administrator may load the national list');
  });
});
