/**
 * Merging two communes on a date, through the real form action on the built server: the
 * officials move, the indicators of a period ending by that date are unchanged (printed before
 * and after), a period after it counts them in the merged unit, and both units' history shows
 * the change. The merger is dated today (later dates are refused): the figures of the year
 * before it are unchanged, the year from it counts the officials in the merged unit. The control
 * plants the wrong placement (the move dated half a year earlier) and the year before differs. A retired
 * unit then takes no new work (moving an official in, an assignment: 409). Then the refusals of the operations: outside the subtree (404), a
 * province administrator touching provinces (403), bad input (400), retiring a unit with
 * officials (409 naming how many), and the create / rename / move / split / retire paths.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Client } from '@libsql/client';
import {
  assignments,
  auditLog,
  officialChanges,
  officials,
  unitChanges,
  units,
  users,
  type Unit,
} from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { aggregateUnitIndicators } from '../../src/lib/server/indicators/aggregate.ts';
import { loadIndicatorInput } from '../../src/lib/server/indicators/load.ts';
import { childShares, officialFacts, type UnitRow } from '../../src/lib/indicators/compute.ts';
import type { Period } from '../../src/lib/indicators/period.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { postForm, postMultipart, signInOverHttp } from '../support/authoring-http.ts';
import { csvFile, officialRow } from '../support/officials-csv.ts';
import { getAs } from '../support/http.ts';
import { todayInVietnam } from '../../src/lib/vietnam-time.ts';
import { shownDate } from '../../src/lib/org/unit-rules.ts';
import { TCD } from '../support/completion-fixtures.ts';

const KINDS = new Map([['qlnn-1', 'kien-thuc-chung-qlnn']]);
const NOW = Date.UTC(2031, 0, 1);
// The merger is dated today (later dates are refused). The year before it ends as it takes
// effect and must keep its figures; the year from it counts the officials in the merged unit.
// Reporting years start on 1 January (src/lib/indicators/period.ts) and the first is 2026, so
// both are year-long periods bounded by the merger rather than calendar years.
const MERGE_ON = todayInVietnam();
const MERGE_SHOWN = shownDate(MERGE_ON);
const MERGE_AT = Date.parse(`${MERGE_ON}T00:00:00+07:00`);
const DAY = 86_400_000;
const YEAR_BEFORE: Period = {
  key: 'nam-truoc-hop-nhat',
  label: 'Năm trước ngày hợp nhất',
  start: MERGE_AT - 365 * DAY,
  end: MERGE_AT,
  phase: '2026-2028',
};
const YEAR_FROM: Period = {
  key: 'nam-tu-hop-nhat',
  label: 'Năm từ ngày hợp nhất',
  start: MERGE_AT,
  end: MERGE_AT + 365 * DAY,
  phase: '2026-2028',
};
/** The date (YYYY-MM-DD, Vietnam) `days` after the merger's. */
const daysFromMerger = (days: number) => new Date(MERGE_AT + days * DAY + 7 * 3_600_000).toISOString().slice(0, 10);
const THIS_YEAR = MERGE_ON.slice(0, 4);

let db: Database;
let client: Client;
let server: RunningServer;
let province: Unit;
let quangLoi: Unit;
let phuThinh: Unit;
let tanHoa: Unit;
let provinceAdmin: string;
let otherProvinceAdmin: string;

const unitByCode = async (code: string) => (await db.select().from(units).where(eq(units.code, code)))[0];
const rowOf = (unit: Unit): UnitRow => ({
  id: unit.id,
  parentId: unit.parentId,
  path: unit.path,
  name: unit.name,
  code: unit.code,
  level: unit.level,
});

type Figure = { officials: number; general: string };

/** The numbers of the province for a period, by the SQL path and by the reference path; they must agree. */
async function figures(period: Period): Promise<Record<string, Figure>> {
  const { indicators, byChild } = await aggregateUnitIndicators(
    client,
    rowOf(province),
    period,
    { kinds: KINDS, fields: new Map(), samples: new Set() },
    NOW,
  );
  const input = await loadIndicatorInput(client, province.path, KINDS);
  const children = [quangLoi, phuThinh, tanHoa].map(rowOf);
  const reference = childShares(officialFacts(input, period), province.path, children);
  const numbers: Record<string, Figure> = {};
  for (const child of children) {
    const sql = byChild.get(child.id);
    const pure = reference.find((row) => row.unit.id === child.id)!;
    const general = pure.shares['general-management'];
    assert.equal(sql?.officials ?? 0, pure.officials, `SQL and reference agree on ${child.code}`);
    numbers[child.code] = { officials: pure.officials, general: `${general.numerator}/${general.denominator}` };
  }
  const general = indicators.shares['general-management'];
  return {
    province: { officials: indicators.officials, general: `${general.numerator}/${general.denominator}` },
    ...numbers,
  };
}

async function completion(officialId: string, date: string) {
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.officialId, officialId));
  await client.execute({
    sql: 'INSERT INTO course_completions (user_id, course_id, official_id, unit_id, completed_at, score_percent, course_version) VALUES (?, ?, ?, ?, ?, ?, ?)',
    args: [account.id, 'qlnn-1', officialId, phuThinh.id, Date.parse(`${date}T12:00:00+07:00`), 80, 'v1'],
  });
}

const action = (unitId: string, name: string) => `/quan-tri/quan-ly-don-vi/${unitId}/?_action=units.${name}`;

before(async () => {
  const url = await createTestDatabase();
  db = openTestDatabase(url);
  client = db.$client;
  province = await unitByCode('SL');
  quangLoi = await unitByCode('SL-QL');
  phuThinh = await unitByCode('SL-PT');
  tanHoa = await unitByCode('SL-TH');
  server = await startServer({ DATABASE_URL: url });
  provinceAdmin = await signInOverHttp(server.baseUrl, 'quantri.songlam', 'quan-tri-tinh-2026');
  otherProvinceAdmin = await signInOverHttp(server.baseUrl, 'quantri.caonguyen', 'quan-tri-tinh-2026');
});
after(async () => {
  await server?.stop();
  db?.$client.close();
});

describe('merging two communes on a date', () => {
  test('officials move; the year before unchanged, the year from it counted in the merged unit; history shows it; a planted earlier date would differ', async () => {
    const movers = await db
      .select({ id: officials.id, group: officials.group })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(and(eq(officials.active, true), eq(units.parentId, phuThinh.id)));
    const direct = await db
      .select({ id: officials.id, group: officials.group })
      .from(officials)
      .where(and(eq(officials.active, true), eq(officials.unitId, phuThinh.id)));
    const moving = [...direct, ...movers].map((row) => row.id);
    assert.ok(moving.length > 5, 'Phú Thịnh has officials to move');
    // Two professional officials (the general management share's denominator) complete a course: one before the merger, one on its day.
    const professionals = [...direct, ...movers].filter((row) => row.group === 'cong-chuc-chuyen-mon');
    await completion(professionals[0].id, daysFromMerger(-60));
    await completion(professionals[1].id, MERGE_ON);
    // The seed records its officials as created now; they have served the whole year before the merger.
    await client.execute({ sql: 'UPDATE officials SET created_at = ?', args: [MERGE_AT - 2 * 365 * DAY] });

    const beforePast = await figures(YEAR_BEFORE);
    const beforeCurrent = await figures(YEAR_FROM);

    const answer = await postForm(server.baseUrl, provinceAdmin, action(quangLoi.id, 'merge'), [
      ['unitId', quangLoi.id],
      ['otherIds', phuThinh.id],
      ['survivor', quangLoi.id],
      ['effectiveOn', MERGE_ON],
      ['reason', 'Nghị quyết sáp nhập (thử nghiệm)'],
    ]);
    assert.equal(answer.status, 303, answer.body.slice(0, 500));
    assert.equal(answer.headers.get('location'), `/quan-tri/quan-ly-don-vi/${quangLoi.id}/?da-luu=hop-nhat`);

    const afterPast = await figures(YEAR_BEFORE);
    const afterCurrent = await figures(YEAR_FROM);
    console.log(
      `Một năm đến hết ngày ${shownDate(daysFromMerger(-1))} (trước ngày hợp nhất) trước:`,
      JSON.stringify(beforePast),
    );
    console.log(
      `Một năm đến hết ngày ${shownDate(daysFromMerger(-1))} (trước ngày hợp nhất) sau: `,
      JSON.stringify(afterPast),
    );
    console.log(`Một năm từ ngày hợp nhất ${MERGE_SHOWN} trước:`, JSON.stringify(beforeCurrent));
    console.log(`Một năm từ ngày hợp nhất ${MERGE_SHOWN} sau: `, JSON.stringify(afterCurrent));
    assert.deepEqual(afterPast, beforePast, 'a period ending by the merger keeps its figures');
    assert.equal(afterCurrent['SL-PT'].officials, 0);
    assert.equal(afterCurrent['SL-QL'].officials, beforeCurrent['SL-QL'].officials + beforeCurrent['SL-PT'].officials);
    const denominator = (figure: { general: string }) => Number(figure.general.split('/')[1]);
    assert.equal(
      beforePast['SL-PT'].general,
      `1/${denominator(beforePast['SL-PT'])}`,
      'the completion before the merger counts in Phú Thịnh',
    );
    assert.equal(
      afterCurrent['SL-QL'].general,
      `1/${denominator(beforeCurrent['SL-QL']) + denominator(beforeCurrent['SL-PT'])}`,
      'the completion from the merger counts in the merged unit',
    );
    assert.deepEqual(afterCurrent.province, beforeCurrent.province, 'the province as a whole is unchanged');

    // The officials now belong to the survivor, each move dated 00:00 in Vietnam on the merger's date.
    const still = await db.select().from(officials).where(inArray(officials.id, moving));
    assert.ok(still.every((official) => official.unitId === quangLoi.id));
    const moves = await db
      .select()
      .from(officialChanges)
      .where(
        and(
          inArray(officialChanges.officialId, moving),
          eq(officialChanges.field, 'unitId'),
          eq(officialChanges.newValue, quangLoi.id),
        ),
      );
    assert.equal(moves.length, moving.length);
    assert.ok(moves.every((move) => move.changedAt.getTime() === Date.parse(`${MERGE_ON}T00:00:00+07:00`)));

    // The merged-away unit and its offices are retired with the survivor named; their records stay theirs.
    const retired = await db.select().from(units).where(eq(units.id, phuThinh.id));
    assert.equal(retired[0].retiredOn, MERGE_ON);
    assert.equal(retired[0].successorId, quangLoi.id);
    const offices = await db.select().from(units).where(eq(units.parentId, phuThinh.id));
    assert.ok(offices.length > 0 && offices.every((office) => office.retiredOn === MERGE_ON));
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'merge-units'));
    assert.equal(audit.length, 1);

    const survivorPage = await getAs(server.baseUrl, provinceAdmin, answer.headers.get('location')!);
    assert.equal(survivorPage.status, 200);
    assert.match(survivorPage.body, /Đã hợp nhất các đơn vị/);
    assert.match(survivorPage.body, new RegExp(String.raw`${MERGE_SHOWN}</td>\s*<td[^>]*>Hợp nhất</td>`));
    assert.match(survivorPage.body, /Xã Phú Thịnh/);
    const mergedPage = await getAs(server.baseUrl, provinceAdmin, `/quan-tri/quan-ly-don-vi/${phuThinh.id}/`);
    assert.match(mergedPage.body, new RegExp(String.raw`Đã hợp nhất vào Xã Quảng Lợi từ ${MERGE_SHOWN}`));
    assert.doesNotMatch(mergedPage.body, /Hợp nhất đơn vị<\/button>/, 'a retired unit offers no more changes');
    const history = await db.select().from(unitChanges).where(eq(unitChanges.kind, 'merge'));
    assert.ok(history.some((row) => row.unitId === quangLoi.id && row.relatedUnitIds?.includes(phuThinh.id)));

    // Control: the same move dated half a year earlier would change the figures of the year before.
    const planted = MERGE_AT - 180 * DAY;
    await client.execute({
      sql: `UPDATE official_changes SET changed_at = ? WHERE field = 'unitId' AND new_value = ? AND changed_at = ?`,
      args: [planted, quangLoi.id, Date.parse(`${MERGE_ON}T00:00:00+07:00`)],
    });
    const wrongPast = await figures(YEAR_BEFORE);
    console.log(`Đối chứng, nếu ghi nhầm ngày ${shownDate(daysFromMerger(-180))}:`, JSON.stringify(wrongPast));
    assert.notDeepEqual(wrongPast, beforePast);
    await client.execute({
      sql: `UPDATE official_changes SET changed_at = ? WHERE field = 'unitId' AND new_value = ? AND changed_at = ?`,
      args: [Date.parse(`${MERGE_ON}T00:00:00+07:00`), quangLoi.id, planted],
    });
    assert.deepEqual(await figures(YEAR_BEFORE), beforePast);
  });

  test('a retired unit is offered neither to the officials import nor as a parent', async () => {
    const form = await getAs(server.baseUrl, provinceAdmin, '/quan-tri/quan-ly-don-vi/');
    assert.doesNotMatch(form.body, new RegExp(`<option value="${phuThinh.id}"`));
    assert.match(
      form.body,
      new RegExp(
        String.raw`Xã Phú Thịnh</a>[^<]*<span[^>]*>\(SL-PT\)</span><span[^>]*> · Đã hợp nhất vào Xã Quảng Lợi từ ${MERGE_SHOWN}`,
      ),
    );
    const upload = new FormData();
    upload.set('file', new File([csvFile([officialRow('IT-RET-1', { unitCode: 'SL-PT' })])], 'can-bo.csv'));
    const imported = await postMultipart(server.baseUrl, provinceAdmin, '/quan-tri/nhap-can-bo/', upload);
    assert.equal(imported.status, 303);
    const importPreview = await getAs(server.baseUrl, provinceAdmin, imported.headers.get('location')!);
    assert.match(
      importPreview.body,
      /Mã đơn vị SL-PT không có trong phạm vi quản lý/,
      'the officials import refuses a retired unit',
    );

    const officialsPage = await getAs(server.baseUrl, provinceAdmin, `/quan-tri/don-vi/${phuThinh.id}/`);
    assert.match(officialsPage.body, new RegExp(String.raw`Đã hợp nhất vào Xã Quảng Lợi từ ${MERGE_SHOWN}`));
    const overview = await getAs(server.baseUrl, provinceAdmin, '/quan-tri/');
    assert.match(
      overview.body,
      new RegExp(String.raw`Xã Phú Thịnh \(Đã hợp nhất vào Xã Quảng Lợi từ ${MERGE_SHOWN}\)`),
    );
  });
});

describe('a retired unit takes no new work', () => {
  const refusal = new RegExp(
    `Đơn vị Xã Phú Thịnh đã hợp nhất vào đơn vị khác từ ${MERGE_SHOWN}; hãy chọn đơn vị đang hoạt động`,
  );

  test('moving an official into it is a 409 that says so; the control, an active unit, is accepted', async () => {
    const [official] = await db
      .select({ id: officials.id })
      .from(officials)
      .where(and(eq(officials.active, true), eq(officials.unitId, quangLoi.id)))
      .limit(1);
    const unitOf = async () => (await db.select().from(officials).where(eq(officials.id, official.id)))[0].unitId;
    const move = (unitId: string) =>
      postForm(server.baseUrl, provinceAdmin, '/_actions/admin.moveOfficial', [
        ['officialId', official.id],
        ['unitId', unitId],
      ]);

    const refused = await move(phuThinh.id);
    assert.equal(refused.status, 409, refused.body.slice(0, 300));
    assert.match(refused.body, refusal);
    assert.equal(await unitOf(), quangLoi.id);

    const [office] = await db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.parentId, quangLoi.id), isNull(units.retiredOn)))
      .limit(1);
    const accepted = await move(office.id);
    assert.equal(accepted.status, 200, accepted.body.slice(0, 300));
    assert.equal(await unitOf(), office.id);
  });

  test('assigning a course by it is a 409 that says so and assigns nobody; by an active unit it assigns', async () => {
    const assign = (unitId: string) =>
      postForm(server.baseUrl, provinceAdmin, '/_actions/assignments.assign', [
        ['courseId', TCD],
        ['deadline', `31/12/${Number(THIS_YEAR) + 1}`],
        ['reason', 'Thử'],
        ['mode', 'loc'],
        ['unitId', unitId],
      ]);
    const assigned = async () => (await db.select({ n: count() }).from(assignments))[0].n;
    const before = await assigned();

    const refused = await assign(phuThinh.id);
    assert.equal(refused.status, 409, refused.body.slice(0, 300));
    assert.match(refused.body, refusal);
    assert.equal(await assigned(), before);

    const accepted = await assign(quangLoi.id);
    assert.equal(accepted.status, 200, accepted.body.slice(0, 300));
    assert.ok((await assigned()) > before);
  });
});

describe('refusals', () => {
  test('outside the subtree is 404; a province administrator cannot create or change provinces (403)', async () => {
    const foreign = await postForm(server.baseUrl, otherProvinceAdmin, action(tanHoa.id, 'rename'), [
      ['unitId', tanHoa.id],
      ['name', 'Phường Đổi Tên'],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(foreign.status, 404);
    assert.equal(
      (await getAs(server.baseUrl, otherProvinceAdmin, `/quan-tri/quan-ly-don-vi/${tanHoa.id}/`)).status,
      404,
    );
    const commune = await signInOverHttp(server.baseUrl, 'quantri.quangloi', 'quan-tri-xa-2026');
    assert.equal((await getAs(server.baseUrl, commune, '/quan-tri/quan-ly-don-vi/')).status, 404);

    const province2 = await postForm(server.baseUrl, provinceAdmin, '/quan-tri/quan-ly-don-vi/?_action=units.create', [
      ['name', 'Tỉnh Mới'],
      ['code', 'IT-TINH'],
      ['kind', 'tinh'],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(province2.status, 403);
    assert.match(province2.body, /Chỉ quản trị viên hệ thống được tạo tỉnh, thành phố/);
    const renameProvince = await postForm(server.baseUrl, provinceAdmin, action(province.id, 'rename'), [
      ['unitId', province.id],
      ['name', 'Tỉnh Sông Lam Mới'],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(renameProvince.status, 403);
    const moveAway = await postForm(server.baseUrl, provinceAdmin, action(tanHoa.id, 'move'), [
      ['unitId', tanHoa.id],
      ['parentId', (await unitByCode('CN')).id],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(moveAway.status, 404, 'a parent outside the subtree is not found');
    assert.equal((await unitByCode('SL-TH')).path, tanHoa.path);
  });

  test('bad input is a 400 with Vietnamese words; retiring a unit with officials is a 409 naming how many', async () => {
    const badDate = await postForm(server.baseUrl, provinceAdmin, '/quan-tri/quan-ly-don-vi/?_action=units.create', [
      ['name', 'Xã Thử'],
      ['code', 'có dấu'],
      ['kind', 'xa'],
      ['parentId', province.id],
      ['effectiveOn', '2026-02-30'],
    ]);
    assert.equal(badDate.status, 400);
    assert.match(badDate.body, /Mã đơn vị chỉ gồm chữ không dấu/);
    assert.match(badDate.body, /Ngày có hiệu lực không hợp lệ/);
    // A change takes effect when written, so a date after today is refused (the control, today, succeeds above).
    for (const operation of ['merge', 'split', 'retire', 'rename']) {
      const future = await postForm(server.baseUrl, provinceAdmin, action(tanHoa.id, operation), [
        ['unitId', tanHoa.id],
        ['otherIds', quangLoi.id],
        ['survivor', tanHoa.id],
        ['name', 'Phường Tân Hòa Mới'],
        ['effectiveOn', daysFromMerger(1)],
      ]);
      assert.equal(future.status, 400, operation);
      assert.match(
        future.body,
        new RegExp(`Ngày hiệu lực không được sau hôm nay: ${shownDate(daysFromMerger(1))} chưa đến`),
        operation,
      );
    }
    const officeUnderProvince = await postForm(
      server.baseUrl,
      provinceAdmin,
      '/quan-tri/quan-ly-don-vi/?_action=units.create',
      [
        ['name', 'Phòng Thử'],
        ['code', 'IT-PHONG'],
        ['kind', 'co-quan'],
        ['parentId', province.id],
        ['effectiveOn', '2026-07-01'],
      ],
    );
    assert.equal(officeUnderProvince.status, 400);
    assert.match(officeUnderProvince.body, /Cơ quan, phòng ban phải thuộc một xã, phường hoặc đặc khu/);
    const duplicate = await postForm(server.baseUrl, provinceAdmin, '/quan-tri/quan-ly-don-vi/?_action=units.create', [
      ['name', 'Xã Trùng Mã'],
      ['code', 'sl-ql'],
      ['kind', 'xa'],
      ['parentId', province.id],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(duplicate.status, 409);
    const alone = await postForm(server.baseUrl, provinceAdmin, action(tanHoa.id, 'merge'), [
      ['unitId', tanHoa.id],
      ['survivor', tanHoa.id],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(alone.status, 400);
    assert.match(alone.body, /Hãy chọn ít nhất một đơn vị để hợp nhất cùng/);

    // A merger dated before a move already recorded (Phú Thịnh's officials joined Quảng Lợi today) is refused.
    const backdated = await postForm(server.baseUrl, provinceAdmin, action(tanHoa.id, 'merge'), [
      ['unitId', tanHoa.id],
      ['otherIds', quangLoi.id],
      ['survivor', tanHoa.id],
      ['effectiveOn', daysFromMerger(-1)],
    ]);
    assert.equal(backdated.status, 409);
    assert.match(
      backdated.body,
      new RegExp(String.raw`đã được chuyển đơn vị sau ngày có hiệu lực này \(${MERGE_SHOWN}\)`),
    );
    assert.equal((await unitByCode('SL-QL')).retiredOn, null);

    const before = await db.select().from(units).where(eq(units.id, tanHoa.id));
    const retire = await postForm(server.baseUrl, provinceAdmin, action(tanHoa.id, 'retire'), [
      ['unitId', tanHoa.id],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(retire.status, 409);
    const remaining = await db
      .select({ id: officials.id })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(
        and(
          eq(officials.active, true),
          inArray(units.id, [
            tanHoa.id,
            ...(await db.select({ id: units.id }).from(units).where(eq(units.parentId, tanHoa.id))).map(
              (row) => row.id,
            ),
          ]),
        ),
      );
    assert.match(retire.body, new RegExp(`còn ${remaining.length} cán bộ đang công tác`));
    assert.deepEqual(await db.select().from(units).where(eq(units.id, tanHoa.id)), before);
  });

  test('create, rename, move and split a commune; then retire an empty one', async () => {
    const created = await postForm(server.baseUrl, provinceAdmin, '/quan-tri/quan-ly-don-vi/?_action=units.create', [
      ['name', 'Xã Thử Nghiệm'],
      ['code', 'it-xa-1'],
      ['kind', 'xa'],
      ['parentId', province.id],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(created.status, 303);
    const fresh = await unitByCode('IT-XA-1');
    assert.equal(fresh.path, `${province.path}${fresh.id}/`);
    const shown = await getAs(server.baseUrl, provinceAdmin, created.headers.get('location')!);
    assert.match(shown.body, /Đã tạo đơn vị Xã Thử Nghiệm/);

    const office = await postForm(server.baseUrl, provinceAdmin, '/quan-tri/quan-ly-don-vi/?_action=units.create', [
      ['name', 'Văn phòng Thử'],
      ['code', 'IT-XA-1-VP'],
      ['kind', 'co-quan'],
      ['parentId', fresh.id],
      ['effectiveOn', '2026-07-01'],
    ]);
    assert.equal(office.status, 303);
    const officeUnit = await unitByCode('IT-XA-1-VP');

    const renamed = await postForm(server.baseUrl, provinceAdmin, action(fresh.id, 'rename'), [
      ['unitId', fresh.id],
      ['name', 'Xã Thử Nghiệm Mới'],
      ['effectiveOn', '2026-08-01'],
    ]);
    assert.equal(renamed.status, 303);
    const [rename] = await db
      .select()
      .from(unitChanges)
      .where(and(eq(unitChanges.unitId, fresh.id), eq(unitChanges.kind, 'rename')));
    assert.deepEqual(
      [rename.oldValue, rename.newValue, rename.effectiveOn],
      ['Xã Thử Nghiệm', 'Xã Thử Nghiệm Mới', '2026-08-01'],
    );

    // The office moves to Tân Hòa: its path is rewritten; moving it under itself is impossible by level.
    const moved = await postForm(server.baseUrl, provinceAdmin, action(officeUnit.id, 'move'), [
      ['unitId', officeUnit.id],
      ['parentId', tanHoa.id],
      ['effectiveOn', '2026-08-01'],
    ]);
    assert.equal(moved.status, 303);
    assert.equal((await unitByCode('IT-XA-1-VP')).path, `${tanHoa.path}${officeUnit.id}/`);
    const underItself = await postForm(server.baseUrl, provinceAdmin, action(fresh.id, 'move'), [
      ['unitId', fresh.id],
      ['parentId', fresh.id],
      ['effectiveOn', '2026-08-01'],
    ]);
    assert.equal(underItself.status, 400);

    // Split Tân Hòa: one chosen official goes to the second new ward, the others to the first.
    const people = await db
      .select({ id: officials.id })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(
        and(
          eq(officials.active, true),
          inArray(units.id, [
            tanHoa.id,
            ...(await db.select({ id: units.id }).from(units).where(eq(units.parentId, tanHoa.id))).map(
              (row) => row.id,
            ),
          ]),
        ),
      );
    const split = await postForm(server.baseUrl, provinceAdmin, action(tanHoa.id, 'split'), [
      ['unitId', tanHoa.id],
      ['partName', 'Phường Tân Hòa Bắc'],
      ['partCode', 'IT-TH-B'],
      ['partKind', 'phuong'],
      ['partName', 'Phường Tân Hòa Nam'],
      ['partCode', 'IT-TH-N'],
      ['partKind', 'phuong'],
      ['partName', ''],
      ['partCode', ''],
      ['partKind', 'phuong'],
      ['assign', `${people[0].id}:1`],
      ['effectiveOn', '2026-09-01'],
    ]);
    assert.equal(split.status, 303, split.body.slice(0, 300));
    const north = await unitByCode('IT-TH-B');
    const south = await unitByCode('IT-TH-N');
    const placed = await db
      .select({ id: officials.id, unitId: officials.unitId })
      .from(officials)
      .where(
        inArray(
          officials.id,
          people.map((p) => p.id),
        ),
      );
    assert.equal(placed.filter((row) => row.unitId === south.id).length, 1);
    assert.equal(placed.filter((row) => row.unitId === north.id).length, people.length - 1);
    assert.equal((await unitByCode('SL-TH')).retiredOn, '2026-09-01');

    const retireEmpty = await postForm(server.baseUrl, provinceAdmin, action(fresh.id, 'retire'), [
      ['unitId', fresh.id],
      ['effectiveOn', '2026-10-01'],
    ]);
    assert.equal(retireEmpty.status, 303);
    const page = await getAs(server.baseUrl, provinceAdmin, `/quan-tri/quan-ly-don-vi/${fresh.id}/`);
    assert.match(page.body, /Đã giải thể từ 01\/10\/2026/);
    const again = await postForm(server.baseUrl, provinceAdmin, action(fresh.id, 'rename'), [
      ['unitId', fresh.id],
      ['name', 'Xã Lại Đổi'],
      ['effectiveOn', '2026-10-02'],
    ]);
    assert.equal(again.status, 409);
  });
});
