/**
 * One placement rule (src/lib/indicators/placement.ts) on the built server and its database: an
 * official counts for the unit they belonged to at the end of the period. The SQL of the records
 * and the yearly report (records/placement-sql.ts) gives the same unit as unitAtEnd for every
 * official of the province at every instant tried, with an official moved mid-year, one moved out
 * after the year's end, one moved in after it, and a commune merged through the real form; the
 * control (the current unit, the old rule) disagrees. Then the records API and screen, and the
 * yearly report, place them so: a commune's 2026 report and records keep the official who left
 * in 2027 and leave out the one who arrived; without a period the current unit; each commune
 * administrator still sees only their own subtree.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/client.ts';
import { officialChanges, officials, units } from '../../db/schema/index.ts';
import { unitAtEnd } from '../../src/lib/indicators/placement.ts';
import { yearStart } from '../../src/lib/indicators/period.ts';
import { unitAtEndSql, unitsAtEndTable } from '../../src/lib/server/records/placement-sql.ts';
import { todayInVietnam } from '../../src/lib/vietnam-time.ts';
import { TRAINING_KINDS, labelOf } from '../../src/schemas/vocabulary.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { postForm, signInOverHttp } from '../support/authoring-http.ts';
import { getAs } from '../support/http.ts';
import { sessionCookieOf } from '../support/builders/org.ts';
import { addClass, addCompletion, staffCodesUnder, tokenFor, unitOf } from '../support/api-token-fixtures.ts';

// A course no longer in the catalogue: its completions are real records (the demo's courses are samples and count nowhere).
const FIELD = 'tiep-cong-dan-ban-cu';
const DAY = 86_400_000;
const at = (date: string) => Date.parse(`${date}T00:00:00+07:00`);
const MERGE_ON = todayInVietnam();
const MERGE_AT = at(MERGE_ON);
const dayBefore = (date: string) => new Date(at(date) - DAY + 7 * 3_600_000).toISOString().slice(0, 10);
/** Moves planted in the history (the real paths date a move today or on a merger's date). */
const MID_2026 = at('2026-06-01');
const EARLY_2027 = at('2027-02-01');

let server: RunningServer;
let db: Database;
let token: string;
const cookie = {} as Record<'quangLoi' | 'phuThinh' | 'province', string>;
const unitId = {} as Record<'QL' | 'PT' | 'TH', string>;
/** Staff codes: moved QL → PT mid-2026; QL → PT in 2027 (left after the year); PT → QL in 2027 (arrived after it); one merged TH → QL. */
const who = {} as Record<'midYear' | 'leftAfter' | 'arrivedAfter' | 'merged', string>;

async function officialIdOf(staffCode: string): Promise<string> {
  const [row] = await db.select({ id: officials.id }).from(officials).where(eq(officials.staffCode, staffCode));
  return row!.id;
}

/** Plants a dated move in the history and the official's current unit, as a transfer writes them. */
async function plantMove(staffCode: string, from: string, to: string, changedAt: number): Promise<void> {
  const id = await officialIdOf(staffCode);
  await db.update(officials).set({ unitId: to }).where(eq(officials.id, id));
  await db
    .insert(officialChanges)
    .values({ officialId: id, field: 'unitId', oldValue: from, newValue: to, changedAt: new Date(changedAt) });
}

before(async () => {
  const databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  unitId.QL = (await unitOf(db, 'SL-QL')).id;
  unitId.PT = (await unitOf(db, 'SL-PT')).id;
  unitId.TH = (await unitOf(db, 'SL-TH')).id;
  const quangLoi = await staffCodesUnder(db, 'SL-QL');
  const phuThinh = await staffCodesUnder(db, 'SL-PT');
  const tanHoa = await staffCodesUnder(db, 'SL-TH');
  who.midYear = quangLoi[20]!;
  who.leftAfter = quangLoi[21]!;
  who.arrivedAfter = phuThinh[20]!;
  who.merged = tanHoa[0]!;
  // The seed records its officials as created now; they have served since before 2026.
  await db.update(officials).set({ createdAt: new Date(at('2025-01-01')) });
  // Each of them completed a course and attended a class in 2026, before any move.
  for (const staffCode of Object.values(who))
    await addCompletion(db, staffCode, FIELD, new Date(at('2026-03-10') + 10 * 3_600_000), { certificate: 'valid' });
  await addClass(db, 'SL-QL', [who.midYear, who.leftAfter], {
    content: 'Lớp kỹ năng bổ trợ của Quảng Lợi (xếp đơn vị)',
    kind: 'ky-nang-bo-tro',
    startsOn: '2026-04-06',
    endsOn: '2026-04-08',
  });
  await addClass(db, 'SL-PT', [who.arrivedAfter], {
    content: 'Lớp tập huấn nghiệp vụ của Phú Thịnh (xếp đơn vị)',
    kind: 'tap-huan-nghiep-vu',
    startsOn: '2026-04-06',
    endsOn: '2026-04-08',
  });
  await plantMove(who.midYear, unitId.QL, unitId.PT, MID_2026);
  await plantMove(who.leftAfter, unitId.QL, unitId.PT, EARLY_2027);
  await plantMove(who.arrivedAfter, unitId.PT, unitId.QL, EARLY_2027);

  server = await startServer({ DATABASE_URL: databaseUrl });
  cookie.province = await signInOverHttp(server.baseUrl, 'quantri.songlam', 'quan-tri-tinh-2026');
  cookie.quangLoi = await sessionCookieOf(db, 'quantri.quangloi');
  cookie.phuThinh = await sessionCookieOf(db, 'quantri.phuthinh');
  token = (await tokenFor(db, 'quantri.songlam', 'SL')).token;

  // Tân Hòa merges into Quảng Lợi today, through the real form.
  const answer = await postForm(
    server.baseUrl,
    cookie.province,
    `/quan-tri/quan-ly-don-vi/${unitId.QL}/?_action=units.merge`,
    [
      ['unitId', unitId.QL],
      ['otherIds', unitId.TH],
      ['survivor', unitId.QL],
      ['effectiveOn', MERGE_ON],
      ['reason', 'Nghị quyết sáp nhập (thử nghiệm xếp đơn vị)'],
    ],
  );
  assert.equal(answer.status, 303, answer.body.slice(0, 500));
});
after(async () => {
  await server?.stop();
  db?.$client.close();
});

/** Every official of the province with their unit history, sorted as unitAtEnd wants it. */
async function provinceHistories() {
  const province = await unitOf(db, 'SL');
  const rows = await db
    .select({ id: officials.id, staffCode: officials.staffCode, unitId: officials.unitId })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(sql`${units.path} LIKE ${`${province.path}%`}`);
  const changes = await db
    .select()
    .from(officialChanges)
    .where(
      and(
        inArray(
          officialChanges.officialId,
          rows.map((row) => row.id),
        ),
        eq(officialChanges.field, 'unitId'),
      ),
    )
    .orderBy(asc(officialChanges.changedAt), asc(officialChanges.id));
  return rows.map((row) => ({
    ...row,
    changes: changes
      .filter((change) => change.officialId === row.id)
      .map((change) => ({
        changedAt: change.changedAt.getTime(),
        oldValue: change.oldValue,
        newValue: change.newValue,
      })),
  }));
}

/** The unit of each official at `end` by the SQL the records and the report use (both forms, which must agree). */
async function sqlPlacement(end: number | null): Promise<Map<string, string>> {
  const rows = await db.all<{ id: string; unit: string }>(
    sql`SELECT o.id AS id, ${unitAtEndSql(sql`o.id`, sql`o.unit_id`, end)} AS unit FROM officials o`,
  );
  const correlated = new Map(rows.map((row) => [row.id, row.unit]));
  if (end === null) return correlated;
  const joined = await db.all<{ id: string; unit: string }>(
    sql`SELECT o.id AS id, COALESCE(m.unit_id, o.unit_id) AS unit FROM officials o LEFT JOIN ${unitsAtEndTable(end)} m ON m.official_id = o.id`,
  );
  assert.deepEqual(new Map(joined.map((row) => [row.id, row.unit])), correlated, 'the joined form agrees');
  return correlated;
}

const INSTANTS: [string, number | null][] = [
  ['trước khi chuyển giữa năm', MID_2026 - 1],
  ['đúng ngày chuyển giữa năm', MID_2026],
  ['hết ngày trước hợp nhất', MERGE_AT],
  ['ngay sau ngày hợp nhất', MERGE_AT + DAY],
  ['cuối năm 2026', yearStart(2027)],
  ['đúng ngày chuyển năm 2027', EARLY_2027],
  ['cuối năm 2027', yearStart(2028)],
  ['không chọn kỳ', null],
];

describe('placement.ts and the SQL agree', () => {
  test('for every official of the province at every instant; the current unit (the old rule) does not', async () => {
    const histories = await provinceHistories();
    assert.ok(histories.length > 50);
    const moved = new Map<string, string>();
    for (const [staffCode, from] of [
      [who.midYear, 'QL'],
      [who.leftAfter, 'QL'],
      [who.arrivedAfter, 'PT'],
      [who.merged, 'TH'],
    ] as const)
      moved.set(await officialIdOf(staffCode), unitId[from]);
    let compared = 0;
    let controlDiffers = 0;
    for (const [label, end] of INSTANTS) {
      const bySql = await sqlPlacement(end);
      for (const official of histories) {
        const expected = end === null ? official.unitId : unitAtEnd(official.unitId, official.changes, end);
        assert.equal(bySql.get(official.id), expected, `${official.staffCode}, ${label}`);
        compared += 1;
        if (expected !== official.unitId) controlDiffers += 1;
      }
    }
    console.log(
      `placement: ${compared} so sánh SQL = placement.ts; quy tắc cũ (đơn vị hiện tại) sai ở ${controlDiffers}`,
    );
    assert.ok(controlDiffers > 0, 'the control must differ somewhere');

    // The cases by name.
    const idOf = async (staffCode: string) => officialIdOf(staffCode);
    const end2026 = await sqlPlacement(yearStart(2027));
    assert.equal(end2026.get(await idOf(who.midYear)), unitId.PT, 'moved mid-2026: Phú Thịnh at the end of 2026');
    assert.equal(end2026.get(await idOf(who.leftAfter)), unitId.QL, 'left in 2027: still Quảng Lợi for 2026');
    assert.equal(end2026.get(await idOf(who.arrivedAfter)), unitId.PT, 'arrived in 2027: Phú Thịnh for 2026');
    assert.equal(end2026.get(await idOf(who.merged)), unitId.QL, 'merged today: Quảng Lợi at the end of 2026');
    const beforeMerger = await sqlPlacement(MERGE_AT);
    assert.equal(beforeMerger.get(await idOf(who.merged)), unitId.TH, 'merged today: Tân Hòa until the merger');
    assert.equal(moved.size, 4);
  });
});

interface ApiRecord {
  staffCode: string;
  unit: { id: string; code: string };
  mode: string;
}

async function apiRecords(query: string): Promise<ApiRecord[]> {
  const response = await fetch(`${server.baseUrl}/api/v1/records?pageSize=500${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { data: ApiRecord[]; total: number };
  assert.ok(body.total <= 500, 'one page holds them all');
  return body.data;
}

const unitsOf = (records: readonly ApiRecord[], staffCode: string) =>
  [...new Set(records.filter((record) => record.staffCode === staffCode).map((record) => record.unit.code))].sort();

describe('the records API places officials at the end of the period asked for', () => {
  test('to the end of 2026, before the merger, and with no end (the current unit)', async () => {
    const year = await apiRecords('&from=2026-01-01&to=2026-12-31');
    assert.deepEqual(unitsOf(year, who.midYear), ['SL-PT']);
    assert.deepEqual(unitsOf(year, who.leftAfter), ['SL-QL']);
    assert.deepEqual(unitsOf(year, who.arrivedAfter), ['SL-PT']);
    assert.deepEqual(unitsOf(year, who.merged), ['SL-QL']);
    const beforeMerger = await apiRecords(`&to=${dayBefore(MERGE_ON)}`);
    assert.deepEqual(unitsOf(beforeMerger, who.merged), ['SL-TH']);
    const now = await apiRecords('');
    assert.deepEqual(unitsOf(now, who.leftAfter), ['SL-PT'], 'no period: the current unit');
    assert.deepEqual(unitsOf(now, who.arrivedAfter), ['SL-QL']);
    // Narrowed to a unit: its subtree where the period places them.
    const quangLoi2026 = await apiRecords(`&unit=${unitId.QL}&from=2026-01-01&to=2026-12-31`);
    assert.ok(quangLoi2026.some((record) => record.staffCode === who.leftAfter));
    assert.ok(!quangLoi2026.some((record) => record.staffCode === who.arrivedAfter));
  });
});

describe('the records screen for a commune administrator', () => {
  const shows = (body: string, staffCode: string) => body.includes(`(${staffCode})`);
  test('2026: the official who left in 2027 is in Quảng Lợi, the one who arrived is not; without a period, the current units', async () => {
    const quangLoi = await getAs(server.baseUrl, cookie.quangLoi, '/quan-tri/ho-so/?ky=2026');
    const phuThinh = await getAs(server.baseUrl, cookie.phuThinh, '/quan-tri/ho-so/?ky=2026');
    assert.equal(quangLoi.status, 200);
    assert.equal(phuThinh.status, 200);
    assert.ok(shows(quangLoi.body, who.leftAfter) && !shows(phuThinh.body, who.leftAfter));
    assert.ok(shows(phuThinh.body, who.arrivedAfter) && !shows(quangLoi.body, who.arrivedAfter));
    assert.ok(shows(phuThinh.body, who.midYear) && !shows(quangLoi.body, who.midYear));
    assert.ok(shows(quangLoi.body, who.merged));
    assert.match(quangLoi.body, /vào ngày cuối kỳ/);

    const quangLoiNow = await getAs(server.baseUrl, cookie.quangLoi, '/quan-tri/ho-so/');
    const phuThinhNow = await getAs(server.baseUrl, cookie.phuThinh, '/quan-tri/ho-so/');
    assert.ok(shows(phuThinhNow.body, who.leftAfter) && !shows(quangLoiNow.body, who.leftAfter));
    assert.ok(shows(quangLoiNow.body, who.arrivedAfter) && !shows(phuThinhNow.body, who.arrivedAfter));
    // Scope: Phú Thịnh's administrator cannot ask for Quảng Lợi's records, in any period.
    const outside = await getAs(server.baseUrl, cookie.phuThinh, `/quan-tri/ho-so/?ky=2026&don-vi=${unitId.QL}`);
    assert.equal(outside.status, 404);
  });
});

describe('the yearly report places officials at the end of the year', () => {
  /** In-person trainings of a kind in the unit's 2026 report (column "Trực tiếp, kết hợp"). */
  async function inPerson(unitCode: string, cookieOf: string, kind: string): Promise<number> {
    const response = await fetch(`${server.baseUrl}/quan-tri/bao-cao-nam/${unitCode}/2026.xlsx`, {
      headers: { Cookie: cookieOf },
    });
    assert.equal(response.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const label = labelOf(TRAINING_KINDS, kind);
    for (let row = 1; row <= sheet.rowCount; row++)
      if (sheet.getCell(row, 1).value === label) return Number(sheet.getCell(row, 3).value);
    throw new Error(`Không có dòng "${label}"`);
  }

  /** The demo history's own 2026 classes of a kind completed in the unit's subtree (nobody of them moved). */
  async function demoBaseline(unitCode: string, kind: string): Promise<number> {
    const unit = await unitOf(db, unitCode);
    const [row] = await db.all<{ n: number }>(sql`
      SELECT count(*) AS n FROM class_attendances a JOIN training_classes tc ON tc.id = a.class_id
      JOIN officials o ON o.id = a.official_id JOIN units u ON u.id = o.unit_id
      WHERE a.result = 'hoan-thanh' AND tc.kind = ${kind} AND tc.ends_on LIKE '2026-%'
        AND tc.content NOT LIKE '%(xếp đơn vị)' AND u.path LIKE ${`${unit.path}%`}`);
    return Number(row?.n ?? 0);
  }

  test("2026: Quảng Lợi's report counts the class of the official who left in 2027, not that of the one who arrived", async () => {
    const figures: Record<string, [number, number]> = {};
    for (const [unitCode, who] of [
      ['SL-QL', cookie.quangLoi],
      ['SL-PT', cookie.phuThinh],
    ] as const)
      for (const kind of ['ky-nang-bo-tro', 'tap-huan-nghiep-vu'])
        figures[`${unitCode} ${kind}`] = [
          (await inPerson(unitCode, who, kind)) - (await demoBaseline(unitCode, kind)),
          await demoBaseline(unitCode, kind),
        ];
    console.log('báo cáo 2026, lượt lớp trực tiếp thêm vào (và của lịch sử mẫu):', JSON.stringify(figures));
    // Quảng Lợi's skills class: the one who left after the year counts in Quảng Lợi, the one who
    // moved mid-year in Phú Thịnh. Phú Thịnh's class: the one who arrived after the year counts
    // there. By the current unit (the old rule) it would be 0, 2, 1, 0.
    assert.equal(figures['SL-QL ky-nang-bo-tro']![0], 1);
    assert.equal(figures['SL-PT ky-nang-bo-tro']![0], 1);
    assert.equal(figures['SL-QL tap-huan-nghiep-vu']![0], 0);
    assert.equal(figures['SL-PT tap-huan-nghiep-vu']![0], 1);
    // Another commune's report stays out of reach.
    const outside = await fetch(`${server.baseUrl}/quan-tri/bao-cao-nam/SL-QL/2026.xlsx`, {
      headers: { Cookie: cookie.phuThinh },
      redirect: 'manual',
    });
    await outside.body?.cancel();
    assert.equal(outside.status, 404);
  });
});
