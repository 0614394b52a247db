/**
 * Numbers stay right: every Decision 700 indicator computed by src/lib/server/indicators (one
 * loader + pure functions) is compared with a separate, straightforward SQL query, on a seeded
 * province with edge cases: an official moved between communes mid-phase, a flag set mid-phase
 * and one cleared, a group change, several officials completing the same course, completions in
 * different years, a revoked certificate, a cancelled assignment, an official recorded late,
 * an inactive one, and in-person/blended classes (completed, absent, ending across a year end).
 * Both paths are checked: the SQL aggregation the dashboard uses (aggregate.ts) and the pure
 * reference (load.ts + compute.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, InValue } from '@libsql/client';
import { computeUnitIndicators, officialFacts, type UnitRow } from '../../src/lib/indicators/compute.ts';
import { loadIndicatorInput } from '../../src/lib/server/indicators/load.ts';
import { aggregateUnitIndicators } from '../../src/lib/server/indicators/aggregate.ts';
import { ensureFactsCurrent, refreshLeftovers } from '../../src/lib/server/indicators/facts-store.ts';
import { parsePeriod, type Period } from '../../src/lib/indicators/period.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import type { Database } from '../../db/client.ts';

const KINDS = new Map([
  ['cm-1', 'chuyen-mon-chuyen-nganh'],
  ['qlnn-1', 'kien-thuc-chung-qlnn'],
  ['th-1', 'tap-huan-nghiep-vu'],
  ['kn-1', 'ky-nang-bo-tro'],
  ['ld-1', 'qlnn-lanh-dao-quan-ly'],
]);
const NOW = Date.UTC(2029, 11, 31);

/** Noon in Vietnam on a date, in ms. */
const day = (date: string) => Date.parse(`${date}T12:00:00+07:00`);

let db: Database;
let client: Client;
const ids = { province: 'kt-province', a: 'kt-a', b: 'kt-b', officeA: 'kt-a-office', admin: '' };

async function run(sql: string, args: InValue[] = []) {
  await client.execute({ sql, args });
}

interface Person {
  id: string;
  unit: string;
  group: string;
  flagSince?: string | null;
  created?: string;
  active?: boolean;
}

async function person(p: Person) {
  await run(
    `INSERT INTO officials (id, staff_code, full_name, unit_id, job_title, job_position, "group", underqualified, underqualified_since, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'Công chức', 'Chuyên viên', ?, ?, ?, ?, ?, ?)`,
    [
      p.id,
      `KT-${p.id}`,
      `Cán bộ ${p.id}`,
      p.unit,
      p.group,
      p.flagSince != null ? 1 : 0,
      p.flagSince ?? null,
      p.active === false ? 0 : 1,
      day(p.created ?? '2025-12-01'),
      day('2025-12-01'),
    ],
  );
  await run(`INSERT INTO users (id, username, official_id, display_name, password_hash) VALUES (?, ?, ?, ?, 'x')`, [
    `u-${p.id}`,
    `kt-${p.id}`,
    p.id,
    `Cán bộ ${p.id}`,
  ]);
}

async function change(
  officialId: string,
  field: string,
  oldValue: string | null,
  newValue: string | null,
  date: string,
) {
  await run(
    'INSERT INTO official_changes (official_id, field, old_value, new_value, changed_at) VALUES (?, ?, ?, ?, ?)',
    [officialId, field, oldValue, newValue, day(date)],
  );
}

async function completion(
  officialId: string,
  courseId: string,
  date: string,
  score: number | null,
  unitId: string,
  revoked = false,
) {
  await run(
    'INSERT INTO course_completions (user_id, course_id, official_id, unit_id, completed_at, score_percent, course_version) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [`u-${officialId}`, courseId, officialId, unitId, day(date), score, 'v1'],
  );
  await run(
    `INSERT INTO certificates (id, code, user_id, course_id, official_id, full_name, unit_id, course_title, training_kind, hours, completed_at, score_percent, course_version, issuer, issued_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, 'x', ?, 'x', 'x', 8, ?, ?, 'v1', 'x', ?, ?)`,
    [
      `c-${officialId}-${courseId}`,
      `CODE-${officialId}-${courseId}`,
      `u-${officialId}`,
      courseId,
      officialId,
      unitId,
      day(date),
      score,
      day(date),
      revoked ? day('2028-01-05') : null,
    ],
  );
}

async function assignment(
  officialId: string,
  courseId: string,
  date: string,
  cancelled: string | null,
  unitId: string,
) {
  await run(
    `INSERT INTO assignments (id, official_id, user_id, course_id, unit_id, deadline, reason, assigned_by, assigned_at, cancelled_at)
     VALUES (?, ?, ?, ?, ?, '2028-12-31', 'Chưa đáp ứng yêu cầu', ?, ?, ?)`,
    [
      `a-${officialId}-${courseId}-${date}`,
      officialId,
      `u-${officialId}`,
      courseId,
      unitId,
      ids.admin,
      day(date),
      cancelled ? day(cancelled) : null,
    ],
  );
}

async function trainingClass(
  id: string,
  unitId: string,
  kind: string,
  startsOn: string,
  endsOn: string,
  attendees: [string, 'hoan-thanh' | 'khong-hoan-thanh' | 'vang'][],
) {
  await run(
    `INSERT INTO training_classes (id, unit_id, kind, content, method, starts_on, ends_on, hours, place, organiser, funding, created_by)
     VALUES (?, ?, ?, 'Lớp kiểm tra', 'truc-tiep', ?, ?, 16, 'Hội trường', 'Sở Nội vụ', 'ns-tinh', ?)`,
    [id, unitId, kind, startsOn, endsOn, ids.admin],
  );
  for (const [officialId, result] of attendees) {
    await run('INSERT INTO class_attendances (class_id, official_id, result, recorded_by) VALUES (?, ?, ?, ?)', [
      id,
      officialId,
      result,
      ids.admin,
    ]);
  }
}

async function finalAttempt(officialId: string, courseId: string, n: number, date: string, passed: boolean) {
  await run(
    `INSERT INTO quiz_attempts (id, user_id, course_id, quiz_id, attempt_number, quiz_version, final, pass_percent, drawn, questions, status, started_at, submitted_at, percent, passed)
     VALUES (?, ?, ?, ?, ?, 'v', 1, 70, '[]', '[]', 'submitted', ?, ?, ?, ?)`,
    [
      `q-${officialId}-${courseId}-${n}`,
      `u-${officialId}`,
      courseId,
      `${courseId}/cuoi-khoa`,
      n,
      day(date),
      day(date),
      passed ? 90 : 40,
      passed ? 1 : 0,
    ],
  );
}

before(async () => {
  const url = await createTestDatabase();
  db = openTestDatabase(url);
  client = db.$client;
  ids.admin = String((await client.execute("SELECT id FROM users WHERE username = 'quantri.hethong'")).rows[0]!.id);
  const p = `/${ids.province}/`;
  await run(
    `INSERT INTO units (id, parent_id, level, kind, name, code, path) VALUES (?, NULL, 'province', 'tinh', 'Tỉnh Kiểm Tra', 'KT', ?)`,
    [ids.province, p],
  );
  await run(
    `INSERT INTO units (id, parent_id, level, kind, name, code, path) VALUES (?, ?, 'commune', 'xa', 'Xã A', 'KT-A', ?)`,
    [ids.a, ids.province, `${p}${ids.a}/`],
  );
  await run(
    `INSERT INTO units (id, parent_id, level, kind, name, code, path) VALUES (?, ?, 'commune', 'xa', 'Xã B', 'KT-B', ?)`,
    [ids.b, ids.province, `${p}${ids.b}/`],
  );
  await run(
    `INSERT INTO units (id, parent_id, level, kind, name, code, path) VALUES (?, ?, 'office', 'co-quan', 'Văn phòng A', 'KT-A-VP', ?)`,
    [ids.officeA, ids.a, `${p}${ids.a}/${ids.officeA}/`],
  );

  // Flagged before the phase, completed specialized training, then general management.
  await person({ id: 'o1', unit: ids.officeA, group: 'cong-chuc-chuyen-mon', flagSince: '2025-12-15' });
  await change('o1', 'underqualified', null, '2025-12-15', '2025-12-15');
  await completion('o1', 'cm-1', '2026-05-10', 85, ids.officeA);
  await completion('o1', 'qlnn-1', '2027-03-02', 78, ids.officeA);
  await finalAttempt('o1', 'qlnn-1', 1, '2027-03-01', false);
  await finalAttempt('o1', 'qlnn-1', 2, '2027-03-02', true);
  // Moved from A to B mid-phase, after completing general management in A.
  await person({ id: 'o2', unit: ids.b, group: 'cong-chuc-chuyen-mon' });
  await change('o2', 'unitId', ids.a, ids.b, '2027-06-01');
  await completion('o2', 'qlnn-1', '2026-04-20', 92, ids.a);
  await finalAttempt('o2', 'qlnn-1', 1, '2026-04-20', true);
  // Flag set mid-phase, then assigned specialized training.
  await person({ id: 'o3', unit: ids.b, group: 'cong-chuc-chuyen-mon', flagSince: '2027-09-01' });
  await change('o3', 'underqualified', null, '2027-09-01', '2027-09-01');
  await assignment('o3', 'cm-1', '2027-10-01', null, ids.b);
  // Flagged at the start of the phase, flag cleared in March 2026, never sent.
  await person({ id: 'o4', unit: ids.b, group: 'can-bo' });
  await change('o4', 'underqualified', '2025-06-01', null, '2026-03-01');
  // A leader with field and skill training in different years.
  await person({ id: 'o5', unit: ids.a, group: 'lanh-dao-quan-ly' });
  await completion('o5', 'th-1', '2026-07-15', null, ids.a);
  await completion('o5', 'kn-1', '2029-02-03', 66, ids.a);
  await completion('o5', 'ld-1', '2027-01-09', 70, ids.a);
  // General management completed but the certificate was revoked: does not count.
  await person({ id: 'o6', unit: ids.a, group: 'cong-chuc-chuyen-mon' });
  await completion('o6', 'qlnn-1', '2026-08-08', 71, ids.a, true);
  // Recorded in mid-2027: not counted for 2026.
  await person({ id: 'o7', unit: ids.b, group: 'cong-chuc-chuyen-mon', created: '2027-06-10' });
  await completion('o7', 'kn-1', '2027-12-01', 80, ids.b);
  // Became a professional civil servant in 2027.
  await person({ id: 'o8', unit: ids.a, group: 'cong-chuc-chuyen-mon' });
  await change('o8', 'group', 'can-bo', 'cong-chuc-chuyen-mon', '2027-01-15');
  await completion('o8', 'qlnn-1', '2026-11-11', 60, ids.a);
  // Inactive: never counted.
  await person({ id: 'o9', unit: ids.a, group: 'cong-chuc-chuyen-mon', active: false });
  await completion('o9', 'th-1', '2026-02-02', 50, ids.a);
  // Flagged, assignment cancelled in 2027: sent in 2026, not in the phase.
  await person({ id: 'o10', unit: ids.a, group: 'cong-chuc-chuyen-mon', flagSince: '2026-01-10' });
  await change('o10', 'underqualified', null, '2026-01-10', '2026-01-10');
  await assignment('o10', 'cm-1', '2026-02-01', '2027-02-01', ids.a);
  // Moved from B to A in 2026 and flagged in B earlier; completed specialized training in 2028.
  await person({ id: 'o11', unit: ids.a, group: 'cong-chuc-chuyen-mon', flagSince: '2025-10-01' });
  await change('o11', 'underqualified', null, '2025-10-01', '2025-10-01');
  await change('o11', 'unitId', ids.b, ids.a, '2026-09-01');
  await completion('o11', 'cm-1', '2028-06-30', 88, ids.a);
  // In-person classes: o12 completed a general-management class ending on 1 January 2027 (counts
  // for 2027, not 2026); o13 was absent from a field class; o14 (flagged) completed a blended
  // specialized class; o5 completed a skills class in 2028 (already has online field training).
  await person({ id: 'o12', unit: ids.b, group: 'cong-chuc-chuyen-mon' });
  await person({ id: 'o13', unit: ids.b, group: 'cong-chuc-chuyen-mon' });
  await person({ id: 'o14', unit: ids.officeA, group: 'can-bo', flagSince: '2026-02-01' });
  await change('o14', 'underqualified', null, '2026-02-01', '2026-02-01');
  await trainingClass('cl-qlnn', ids.province, 'kien-thuc-chung-qlnn', '2026-12-28', '2027-01-01', [
    ['o12', 'hoan-thanh'],
    ['o13', 'khong-hoan-thanh'],
  ]);
  await trainingClass('cl-th', ids.b, 'tap-huan-nghiep-vu', '2026-05-04', '2026-05-06', [
    ['o13', 'vang'],
    ['o12', 'hoan-thanh'],
  ]);
  await trainingClass('cl-cm', ids.a, 'chuyen-mon-chuyen-nganh', '2027-03-01', '2027-03-20', [['o14', 'hoan-thanh']]);
  await trainingClass('cl-kn', ids.a, 'ky-nang-bo-tro', '2028-10-01', '2028-10-02', [['o5', 'hoan-thanh']]);
  await run(
    `INSERT INTO effectiveness_evaluations (user_id, course_id, official_id, unit_id, task_results, advice_quality, responsibility, coordination, citizen_satisfaction, evaluated_by, evaluated_at)
    VALUES ('u-o1', 'cm-1', 'o1', ?, 4, 4, 5, 3, 4, ?, ?)`,
    [ids.officeA, ids.admin, day('2026-09-01')],
  );
});
after(() => db.$client.close());

/** The straightforward SQL: each official's unit, group and flag at the period's bounds, read directly. */
function officialsAt(period: Period, unitPath: string) {
  return {
    sql: `WITH base AS (
        SELECT o.id,
          COALESCE((SELECT c.old_value FROM official_changes c WHERE c.official_id = o.id AND c.field = 'unitId' AND c.changed_at >= :end ORDER BY c.changed_at LIMIT 1), o.unit_id) AS unit_at_end,
          COALESCE((SELECT c.old_value FROM official_changes c WHERE c.official_id = o.id AND c.field = 'group' AND c.changed_at >= :end ORDER BY c.changed_at LIMIT 1), o."group") AS group_at_end,
          CASE WHEN EXISTS (SELECT 1 FROM official_changes c WHERE c.official_id = o.id AND c.field = 'underqualified' AND c.changed_at >= :start)
            THEN (SELECT c.old_value IS NOT NULL FROM official_changes c WHERE c.official_id = o.id AND c.field = 'underqualified' AND c.changed_at >= :start ORDER BY c.changed_at LIMIT 1)
            ELSE o.underqualified END AS flagged_at_start,
          EXISTS (SELECT 1 FROM official_changes c WHERE c.official_id = o.id AND c.field = 'underqualified' AND c.changed_at >= :start AND c.changed_at < :end AND c.new_value IS NOT NULL) AS flagged_during
        FROM officials o WHERE o.active = 1 AND o.created_at < :end
      ),
      counted AS (SELECT b.* FROM base b JOIN units u ON u.id = b.unit_at_end WHERE u.path LIKE :prefix),
      class_done AS (
        SELECT ca.official_id, tc.kind, (unixepoch(tc.ends_on || ' 00:00:00') - 7 * 3600) * 1000 AS done_at
        FROM class_attendances ca JOIN training_classes tc ON tc.id = ca.class_id WHERE ca.result = 'hoan-thanh'
      ),
      valid_completions AS (
        SELECT cc.* FROM course_completions cc
        WHERE NOT EXISTS (SELECT 1 FROM certificates r WHERE r.user_id = cc.user_id AND r.course_id = cc.course_id AND r.revoked_at IS NOT NULL)
      )`,
    args: { start: period.start, end: period.end, prefix: `${unitPath}%` },
  };
}

async function scalar(sql: string, args: Record<string, InValue>): Promise<number> {
  const result = await client.execute({ sql, args });
  return Number(Object.values(result.rows[0]!)[0] ?? 0);
}

const SPECIAL = `('cm-1')`;
const GENERAL = `('qlnn-1')`;
const FIELD = `('th-1', 'kn-1')`;
const GENERAL_KINDS = `('kien-thuc-chung-qlnn')`;
const FIELD_KINDS = `('tap-huan-nghiep-vu', 'ky-nang-bo-tro')`;

async function expected(period: Period, unitPath: string) {
  const { sql, args } = officialsAt(period, unitPath);
  const flagged = `SELECT id FROM counted WHERE (flagged_at_start = 1 OR flagged_during = 1)`;
  const sent = `${flagged} AND (
      EXISTS (SELECT 1 FROM valid_completions v WHERE v.official_id = counted.id AND v.course_id IN ${SPECIAL} AND v.completed_at < :end)
      OR EXISTS (SELECT 1 FROM class_done d WHERE d.official_id = counted.id AND d.kind = 'chuyen-mon-chuyen-nganh' AND d.done_at < :end)
      OR EXISTS (SELECT 1 FROM assignments a WHERE a.official_id = counted.id AND a.course_id IN ${SPECIAL} AND a.assigned_at < :end AND (a.cancelled_at IS NULL OR a.cancelled_at >= :end)))`;
  const professional = `SELECT id FROM counted WHERE group_at_end = 'cong-chuc-chuyen-mon'`;
  const inPeriod = (
    kinds: string,
    classKinds: string,
  ) => `(EXISTS (SELECT 1 FROM valid_completions v WHERE v.official_id = counted.id AND v.course_id IN ${kinds} AND v.completed_at >= :start AND v.completed_at < :end)
    OR EXISTS (SELECT 1 FROM class_done d WHERE d.official_id = counted.id AND d.kind IN ${classKinds} AND d.done_at >= :start AND d.done_at < :end))`;
  return {
    officials: await scalar(`${sql} SELECT count(*) FROM counted`, args),
    flagged: await scalar(`${sql} SELECT count(*) FROM (${flagged})`, args),
    sent: await scalar(`${sql} SELECT count(*) FROM (${sent})`, args),
    professional: await scalar(`${sql} SELECT count(*) FROM (${professional})`, args),
    general: await scalar(
      `${sql} SELECT count(*) FROM (${professional} AND ${inPeriod(GENERAL, GENERAL_KINDS)})`,
      args,
    ),
    field: await scalar(`${sql} SELECT count(*) FROM counted WHERE ${inPeriod(FIELD, FIELD_KINDS)}`, args),
    completions: await scalar(
      `${sql} SELECT count(*) FROM valid_completions v JOIN counted ON counted.id = v.official_id WHERE v.completed_at >= :start AND v.completed_at < :end`,
      args,
    ),
    averageScore: (
      await client.execute({
        sql: `${sql} SELECT avg(v.score_percent) AS a FROM valid_completions v JOIN counted ON counted.id = v.official_id WHERE v.completed_at >= :start AND v.completed_at < :end`,
        args,
      })
    ).rows[0]!.a,
    attempts: await scalar(
      `${sql} SELECT count(*) FROM quiz_attempts q JOIN users u ON u.id = q.user_id JOIN counted ON counted.id = u.official_id WHERE q.final = 1 AND q.submitted_at >= :start AND q.submitted_at < :end`,
      args,
    ),
    passed: await scalar(
      `${sql} SELECT count(*) FROM quiz_attempts q JOIN users u ON u.id = q.user_id JOIN counted ON counted.id = u.official_id WHERE q.final = 1 AND q.passed = 1 AND q.submitted_at >= :start AND q.submitted_at < :end`,
      args,
    ),
    evaluationsDue: await scalar(
      `${sql} SELECT count(*) FROM valid_completions v JOIN counted ON counted.id = v.official_id
        WHERE date(v.completed_at / 1000, 'unixepoch', '+3 months') <= date(:now / 1000, 'unixepoch')
        AND NOT EXISTS (SELECT 1 FROM effectiveness_evaluations e WHERE e.user_id = v.user_id AND e.course_id = v.course_id)`,
      { ...args, now: NOW },
    ),
  };
}

/** The reference path: every row loaded, then the pure functions of compute.ts. */
async function computed(period: Period, unitId: string) {
  const [province] = (await client.execute({ sql: 'SELECT path FROM units WHERE id = ?', args: [ids.province] })).rows;
  const input = await loadIndicatorInput(client, String(province!.path), KINDS);
  const unit = input.units.find((row) => row.id === unitId) as UnitRow;
  return computeUnitIndicators(input, officialFacts(input, period), unit, period, NOW);
}

/**
 * The fast path the dashboard, the API and the national roll-up use: the stored per-official
 * facts (built from these course kinds on first use, as a server's first start does), summed in SQL.
 */
async function aggregated(period: Period, unitId: string) {
  await ensureFactsCurrent(client, KINDS);
  assert.equal(await refreshLeftovers(client), 0, 'no official left marked after the build');
  const [row] = (
    await client.execute({
      sql: 'SELECT id, parent_id, path, name, code, level FROM units WHERE id = ?',
      args: [unitId],
    })
  ).rows;
  const unit: UnitRow = {
    id: String(row!.id),
    parentId: row!.parent_id === null ? null : String(row!.parent_id),
    path: String(row!.path),
    name: String(row!.name),
    code: String(row!.code),
    level: String(row!.level),
  };
  return (await aggregateUnitIndicators(client, unit, period, KINDS, NOW)).indicators;
}

const PERIODS = ['2026-2028', '2029-2031', '2026', '2027', '2028', '2029'];
const UNITS = ['province', 'a', 'b', 'officeA'] as const;

describe('Decision 700 indicators, recomputed with separate SQL', () => {
  for (const key of PERIODS) {
    for (const unitName of UNITS) {
      test(`every indicator of ${unitName} for ${key} equals the straightforward query`, async () => {
        const period = parsePeriod(key)!;
        const unitId = ids[unitName];
        const path = String(
          (await client.execute({ sql: 'SELECT path FROM units WHERE id = ?', args: [unitId] })).rows[0]!.path,
        );

        const want = await expected(period, path);
        for (const [path_, got] of [
          ['reference', await computed(period, unitId)],
          ['stored facts', await aggregated(period, unitId)],
        ] as const) {
          assert.equal(got.officials, want.officials, `officials counted (${path_})`);
          assert.equal(got.shares['underqualified-sent'].denominator, want.flagged, `flagged (${path_})`);
          assert.equal(
            got.shares['underqualified-sent'].numerator,
            want.sent,
            `sent to specialized training (${path_})`,
          );
          assert.equal(
            got.shares['general-management'].denominator,
            want.professional,
            `professional civil servants (${path_})`,
          );
          assert.equal(
            got.shares['general-management'].numerator,
            want.general,
            `general management completed (${path_})`,
          );
          assert.equal(
            got.shares['field-skills'].numerator,
            want.field,
            `field or skill training completed (${path_})`,
          );
          assert.equal(got.completionsInPeriod, want.completions, `completions (${path_})`);
          assert.equal(
            got.averageScore === null ? null : Number(got.averageScore.toFixed(6)),
            want.averageScore === null ? null : Number(Number(want.averageScore).toFixed(6)),
            `average score (${path_})`,
          );
          assert.equal(
            got.courses.reduce((sum, course) => sum + course.finalAttempts, 0),
            want.attempts,
            `final attempts (${path_})`,
          );
          assert.equal(
            got.courses.reduce((sum, course) => sum + course.passedAttempts, 0),
            want.passed,
            `passed attempts (${path_})`,
          );
          assert.equal(got.evaluationsDue, want.evaluationsDue, `evaluations due (${path_})`);
        }
      });
    }
  }

  test('the edge cases land where the definitions say for the phase 2026–2028', async () => {
    const phase = parsePeriod('2026-2028')!;

    const a = await computed(phase, ids.a);
    const b = await computed(phase, ids.b);

    // o2 moved to B: counted in B with the general-management course done while in A.
    assert.ok(b.shares['general-management'].numeratorIds.includes('o2'));
    assert.ok(!a.shares['general-management'].denominatorIds.includes('o2'));
    // o6's certificate was revoked.
    assert.ok(!a.shares['general-management'].numeratorIds.includes('o6'));
    // o3 flagged mid-phase and assigned; o4 flagged at the start then cleared, never sent; o10's assignment was cancelled; o14 completed a specialized class.
    assert.deepEqual([...b.shares['underqualified-sent'].numeratorIds].sort(), ['o3']);
    assert.deepEqual([...b.shares['underqualified-sent'].denominatorIds].sort(), ['o3', 'o4']);
    assert.deepEqual([...a.shares['underqualified-sent'].denominatorIds].sort(), ['o1', 'o10', 'o11', 'o14']);
    assert.deepEqual([...a.shares['underqualified-sent'].numeratorIds].sort(), ['o1', 'o11', 'o14']);
  });

  test('a completed in-person class counts like an online completion of its kind, on its last day', async () => {
    const year2026 = await computed(parsePeriod('2026')!, ids.b);
    const year2027 = await computed(parsePeriod('2027')!, ids.b);
    const phase = await computed(parsePeriod('2026-2028')!, ids.a);

    // o12: the general-management class ended on 1 January 2027; the field class in May 2026.
    assert.ok(!year2026.shares['general-management'].numeratorIds.includes('o12'));
    assert.ok(year2027.shares['general-management'].numeratorIds.includes('o12'));
    assert.ok(year2026.shares['field-skills'].numeratorIds.includes('o12'));
    // o13 did not complete either class.
    assert.ok(!year2026.shares['field-skills'].numeratorIds.includes('o13'));
    assert.ok(!year2027.shares['general-management'].numeratorIds.includes('o13'));
    // o14, flagged, completed a specialized class: sent.
    assert.ok(phase.shares['underqualified-sent'].numeratorIds.includes('o14'));
  });

  test('a cancelled assignment still counts as sent for a year before it was cancelled', async () => {
    const year = parsePeriod('2026')!;

    const a = await computed(year, ids.a);

    assert.ok(a.shares['underqualified-sent'].numeratorIds.includes('o10'));
  });
});
