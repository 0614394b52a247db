/**
 * Numbers stay right: every Decision 700 indicator computed by src/lib/server/indicators (one
 * loader + pure functions) is compared with a separate, straightforward SQL query, on a seeded
 * province with edge cases: an official moved between communes mid-phase, a commune merged into
 * another, a flag set mid-phase and one cleared, a flag declared for 2026 but imported in 2027, a
 * group change, several officials completing the same course, completions in different years,
 * revoked certificates (one re-issued), a cancelled assignment, an official recorded late, an
 * inactive one, in-person/blended classes (completed, absent, enrolled only, with and without a
 * field), field training inside and outside the official's own fields, leaders and the leaders'
 * programme, a sample course, province targets, and the cumulative periods since 2026.
 * Paths checked: the pure reference (load.ts + compute.ts). The stored per-official facts (the
 * "SQL path", replacing aggregate.ts) plug into PATHS below.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, InValue } from '@libsql/client';
import {
  computeUnitIndicators,
  officialFacts,
  type IndicatorKey,
  type UnitIndicators,
  type UnitRow,
} from '../../src/lib/indicators/compute.ts';
import { loadIndicatorInput } from '../../src/lib/server/indicators/load.ts';
import { provinceTargets } from '../../src/lib/server/indicators/targets-store.ts';
import { DECISION_700_TARGETS, withTargets } from '../../src/lib/indicators/targets.ts';
import { fieldsOfPosition } from '../../src/lib/indicators/position-fields.ts';
import { aggregateUnitIndicators } from '../../src/lib/server/indicators/aggregate.ts';
import { ensureFactsCurrent, refreshLeftovers } from '../../src/lib/server/indicators/facts-store.ts';
import { parsePeriod, type Period } from '../../src/lib/indicators/period.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import type { Database } from '../../db/client.ts';

/** Real courses, as course-kinds.ts gives them (a sample course is in neither map). */
const KINDS = new Map([
  ['cm-1', 'chuyen-mon-chuyen-nganh'],
  ['qlnn-1', 'kien-thuc-chung-qlnn'],
  ['th-1', 'tap-huan-nghiep-vu'],
  ['kn-1', 'ky-nang-bo-tro'],
  ['ld-1', 'qlnn-lanh-dao-quan-ly'],
]);
const COURSE_FIELDS = new Map<string, string[]>([
  ['cm-1', ['dat-dai']],
  ['qlnn-1', ['chinh-quyen-dia-phuong']],
  ['th-1', ['dat-dai', 'trat-tu-xay-dung']],
  ['kn-1', ['ky-nang-so']],
  ['ld-1', ['chinh-quyen-dia-phuong']],
]);
/** A sample course of the general-management kind: nothing of it counts. */
const SAMPLES = new Set(['mau-qlnn']);
const NOW = Date.UTC(2029, 11, 31);

/** Noon in Vietnam on a date, in ms. */
const day = (date: string) => Date.parse(`${date}T12:00:00+07:00`);

let db: Database;
let client: Client;
const ids = { province: 'kt-province', a: 'kt-a', b: 'kt-b', c: 'kt-c', officeA: 'kt-a-office', admin: '' };

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
  /** Vị trí việc làm (default: one that names no field) and recorded fields. */
  position?: string;
  fields?: string[];
}

async function person(p: Person) {
  await run(
    `INSERT INTO officials (id, staff_code, full_name, unit_id, job_title, job_position, fields, "group", underqualified, underqualified_since, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'Công chức', ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      p.id,
      `KT-${p.id}`,
      `Cán bộ ${p.id}`,
      p.unit,
      p.position ?? 'Chuyên viên',
      JSON.stringify(p.fields ?? []),
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
  reissued = false,
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
  if (reissued)
    await run(
      `INSERT INTO certificates (id, code, user_id, course_id, official_id, full_name, unit_id, course_title, training_kind, hours, completed_at, score_percent, course_version, issuer, issued_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, 'x', ?, 'x', 'x', 8, ?, ?, 'v1', 'x', ?, NULL)`,
      [
        `c2-${officialId}-${courseId}`,
        `CODE2-${officialId}-${courseId}`,
        `u-${officialId}`,
        courseId,
        officialId,
        unitId,
        day(date),
        score,
        day('2028-02-01'),
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
  field: string | null = null,
) {
  await run(
    `INSERT INTO training_classes (id, unit_id, kind, field, content, method, starts_on, ends_on, hours, place, organiser, funding, created_by)
     VALUES (?, ?, ?, ?, 'Lớp kiểm tra', 'truc-tiep', ?, ?, 16, 'Hội trường', 'Sở Nội vụ', 'ns-tinh', ?)`,
    [id, unitId, kind, field, startsOn, endsOn, ids.admin],
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
  await run(
    `INSERT INTO units (id, parent_id, level, kind, name, code, path) VALUES (?, ?, 'commune', 'xa', 'Xã C (hợp nhất vào A)', 'KT-C', ?)`,
    [ids.c, ids.province, `${p}${ids.c}/`],
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
  // Their position names no field but digital skills are recorded: only kn-1 is in their fields.
  await person({ id: 'o5', unit: ids.a, group: 'lanh-dao-quan-ly', position: 'Phó Chủ tịch', fields: ['ky-nang-so'] });
  await completion('o5', 'th-1', '2026-07-15', null, ids.a);
  await completion('o5', 'kn-1', '2029-02-03', 66, ids.a);
  await completion('o5', 'ld-1', '2027-01-09', 70, ids.a);
  // General management completed but the certificate was revoked: does not count.
  await person({ id: 'o6', unit: ids.a, group: 'cong-chuc-chuyen-mon' });
  await completion('o6', 'qlnn-1', '2026-08-08', 71, ids.a, true);
  // Recorded in mid-2027: not counted for 2026.
  await person({
    id: 'o7',
    unit: ids.b,
    group: 'cong-chuc-chuyen-mon',
    created: '2027-06-10',
    position: 'Văn thư, lưu trữ',
  });
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
  await person({ id: 'o12', unit: ids.b, group: 'cong-chuc-chuyen-mon', position: 'Địa chính - đất đai' });
  await person({ id: 'o13', unit: ids.b, group: 'cong-chuc-chuyen-mon' });
  await person({ id: 'o14', unit: ids.officeA, group: 'can-bo', flagSince: '2026-02-01' });
  await change('o14', 'underqualified', null, '2026-02-01', '2026-02-01');
  await trainingClass('cl-qlnn', ids.province, 'kien-thuc-chung-qlnn', '2026-12-28', '2027-01-01', [
    ['o12', 'hoan-thanh'],
    ['o13', 'khong-hoan-thanh'],
  ]);
  await trainingClass(
    'cl-th',
    ids.b,
    'tap-huan-nghiep-vu',
    '2026-05-04',
    '2026-05-06',
    [
      ['o13', 'vang'],
      ['o12', 'hoan-thanh'],
    ],
    'dat-dai',
  );
  await trainingClass('cl-cm', ids.a, 'chuyen-mon-chuyen-nganh', '2027-03-01', '2027-03-20', [['o14', 'hoan-thanh']]);
  await trainingClass('cl-kn', ids.a, 'ky-nang-bo-tro', '2028-10-01', '2028-10-02', [['o5', 'hoan-thanh']]);
  // Commune C merged into A on 1 July 2027: o15 counts in C for 2026, in A afterwards; own field by position.
  await person({ id: 'o15', unit: ids.a, group: 'cong-chuc-chuyen-mon', position: 'Xây dựng - trật tự đô thị' });
  await change('o15', 'unitId', ids.c, ids.a, '2027-07-01');
  await completion('o15', 'th-1', '2026-09-09', 75, ids.c);
  // Flagged, enrolled in a specialized class starting in December 2028 and absent: sent from then.
  await person({ id: 'o16', unit: ids.b, group: 'cong-chuc-chuyen-mon', flagSince: '2026-03-01' });
  await change('o16', 'underqualified', null, '2026-03-01', '2026-03-01');
  await trainingClass('cl-cm2', ids.b, 'chuyen-mon-chuyen-nganh', '2028-12-15', '2029-03-15', [['o16', 'vang']]);
  // A flag declared for 1 April 2026 but imported in February 2027: flagged in 2026.
  await person({ id: 'o17', unit: ids.b, group: 'cong-chuc-chuyen-mon', flagSince: '2026-04-01' });
  await change('o17', 'underqualified', null, '2026-04-01', '2027-02-10');
  // A flag re-dated: first declared for 2027, then corrected to 2026-06-01, then cleared in 2028.
  await person({ id: 'o23', unit: ids.b, group: 'can-bo' });
  await change('o23', 'underqualified', null, '2027-03-01', '2027-03-05');
  await change('o23', 'underqualified', '2027-03-01', '2026-06-01', '2027-04-01');
  await change('o23', 'underqualified', '2026-06-01', null, '2028-05-01');
  // Certificate revoked then re-issued: the completion counts.
  await person({ id: 'o18', unit: ids.a, group: 'cong-chuc-chuyen-mon' });
  await completion('o18', 'qlnn-1', '2026-10-10', 81, ids.a, true, true);
  // Only a sample course: nothing counts (not the completion, not the attempt).
  await person({ id: 'o19', unit: ids.a, group: 'cong-chuc-chuyen-mon' });
  await completion('o19', 'mau-qlnn', '2026-06-01', 95, ids.a);
  await finalAttempt('o19', 'mau-qlnn', 1, '2026-06-01', true);
  // A leader who attends a leaders' class in 2030.
  await person({ id: 'o20', unit: ids.b, group: 'lanh-dao-quan-ly' });
  await trainingClass('cl-ld', ids.province, 'qlnn-lanh-dao-quan-ly', '2030-05-04', '2030-05-15', [
    ['o20', 'hoan-thanh'],
  ]);
  // Own field from the record only; and one whose position changed in 2028 into the course's field.
  await person({ id: 'o21', unit: ids.a, group: 'cong-chuc-chuyen-mon', fields: ['dat-dai'] });
  await completion('o21', 'th-1', '2027-04-04', 70, ids.a);
  await person({ id: 'o22', unit: ids.a, group: 'cong-chuc-chuyen-mon', position: 'Địa chính - đất đai' });
  await change('o22', 'jobPosition', 'Văn hóa - du lịch', 'Địa chính - đất đai', '2028-06-01');
  await completion('o22', 'th-1', '2027-05-05', 72, ids.a);
  // The province's own targets (from its plan); the rest are Decision 700's.
  for (const [indicator, periodKey, percent, source] of [
    ['general-management', '2026-2031', 100, 'Kế hoạch số 219/KH-UBND, mục II.2.b'],
    ['leaders-programme', '2026-2028', 95, 'Kế hoạch thực hiện Nghị quyết 14-NQ/TU, mục II.2.a'],
    ['field-skills', '2027', 90, 'Kế hoạch năm 2027'],
  ] as const)
    await run(
      `INSERT INTO indicator_targets (province_id, indicator, period_key, percent, source, updated_at) VALUES (?, ?, ?, ?, ?, 0)`,
      [ids.province, indicator, periodKey, percent, source],
    );
  await run(
    `INSERT INTO effectiveness_evaluations (user_id, course_id, official_id, unit_id, task_results, advice_quality, responsibility, coordination, citizen_satisfaction, evaluated_by, evaluated_at)
    VALUES ('u-o1', 'cm-1', 'o1', ?, 4, 4, 5, 3, 4, ?, ?)`,
    [ids.officeA, ids.admin, day('2026-09-01')],
  );
});
after(() => db.$client.close());

/** Midnight (Vietnam) of a YYYY-MM-DD column, in ms. */
const midnight = (column: string) => `((unixepoch(${column}) - 7 * 3600) * 1000)`;
/** When a flag value takes effect: its declared date, else when it was recorded. */
const effective = (c: string) =>
  `CASE WHEN ${c}.new_value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN ${midnight(`${c}.new_value`)} ELSE ${c}.changed_at END`;
/** Whether official `o` is flagged at instant `at`: the latest recorded change in effect by then, else the value before the first. */
const flaggedAt = (at: string) => `COALESCE(
    (SELECT f.new_value IS NOT NULL FROM official_changes f WHERE f.official_id = o.id AND f.field = 'underqualified' AND ${effective('f')} <= ${at} ORDER BY f.changed_at DESC, f.id DESC LIMIT 1),
    (SELECT f.old_value IS NOT NULL FROM official_changes f WHERE f.official_id = o.id AND f.field = 'underqualified' ORDER BY f.changed_at, f.id LIMIT 1))`;
/** The value of an official's field just before the period's end (the first change at or after it gives it). */
const atEnd = (field: string, current: string) =>
  `COALESCE((SELECT c.old_value FROM official_changes c WHERE c.official_id = o.id AND c.field = '${field}' AND c.changed_at >= :end ORDER BY c.changed_at LIMIT 1), ${current})`;

/** The straightforward SQL: each official's unit, group, position, fields and flag for the period, read directly. */
function officialsAt(period: Period, unitPath: string, positions: [string, string][]) {
  return {
    sql: `WITH base AS (
        SELECT o.id,
          ${atEnd('unitId', 'o.unit_id')} AS unit_at_end,
          ${atEnd('group', 'o."group"')} AS group_at_end,
          ${atEnd('jobPosition', 'o.job_position')} AS position_at_end,
          ${atEnd('fields', 'o.fields')} AS fields_at_end,
          CASE WHEN EXISTS (SELECT 1 FROM official_changes c WHERE c.official_id = o.id AND c.field = 'underqualified')
            THEN ${flaggedAt(':start')} OR EXISTS (
              SELECT 1 FROM official_changes g WHERE g.official_id = o.id AND g.field = 'underqualified'
                AND ${effective('g')} >= :start AND ${effective('g')} < :end AND ${flaggedAt(effective('g'))})
            ELSE o.underqualified = 1 AND (COALESCE(o.underqualified_since, '') = '' OR ${midnight('o.underqualified_since')} < :end)
          END AS flagged
        FROM officials o WHERE o.active = 1 AND o.created_at < :end
      ),
      counted AS (SELECT b.* FROM base b JOIN units u ON u.id = b.unit_at_end WHERE u.path LIKE :prefix),
      position_fields AS (SELECT value ->> 0 AS position, value ->> 1 AS field FROM json_each(:positions)),
      course_fields AS (SELECT c.key AS course_id, f.value AS field FROM json_each(:courseFields) c, json_each(c.value) f),
      own_fields AS (
        SELECT counted.id, pf.field FROM counted JOIN position_fields pf ON pf.position = counted.position_at_end
        UNION SELECT counted.id, f.value FROM counted, json_each(counted.fields_at_end) f
      ),
      class_done AS (
        SELECT ca.official_id, tc.kind, tc.field, ${midnight('tc.ends_on')} AS done_at
        FROM class_attendances ca JOIN training_classes tc ON tc.id = ca.class_id WHERE ca.result = 'hoan-thanh'
      ),
      class_enrolled AS (
        SELECT ca.official_id, tc.kind, ${midnight('tc.starts_on')} AS starts_at
        FROM class_attendances ca JOIN training_classes tc ON tc.id = ca.class_id
      ),
      -- Not a sample course, and not revoked unless a valid certificate was issued again.
      valid_completions AS (
        SELECT cc.* FROM course_completions cc
        WHERE cc.course_id NOT IN ${SAMPLE}
          AND NOT (EXISTS (SELECT 1 FROM certificates r WHERE r.user_id = cc.user_id AND r.course_id = cc.course_id AND r.revoked_at IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM certificates v WHERE v.user_id = cc.user_id AND v.course_id = cc.course_id AND v.revoked_at IS NULL))
      ),
      field_done AS (
        SELECT v.official_id, cf.field, v.completed_at AS done_at FROM valid_completions v JOIN course_fields cf ON cf.course_id = v.course_id WHERE v.course_id IN ${FIELD}
        UNION ALL
        SELECT official_id, field, done_at FROM class_done WHERE kind IN ${FIELD_KINDS} AND field IS NOT NULL
      )`,
    args: {
      start: period.start,
      end: period.end,
      prefix: `${unitPath}%`,
      positions: JSON.stringify(positions),
      courseFields: JSON.stringify(Object.fromEntries(COURSE_FIELDS)),
    },
  };
}

async function scalar(sql: string, args: Record<string, InValue>): Promise<number> {
  const result = await client.execute({ sql, args });
  return Number(Object.values(result.rows[0]!)[0] ?? 0);
}

const SPECIAL = `('cm-1')`;
const GENERAL = `('qlnn-1')`;
const FIELD = `('th-1', 'kn-1')`;
const LEADERSHIP = `('ld-1')`;
const SAMPLE = `('mau-qlnn')`;
const FIELD_KINDS = `('tap-huan-nghiep-vu', 'ky-nang-bo-tro')`;

/** Every position recorded or in the history, with the fields position-fields.ts gives it (the mapping under test is pure). */
async function positionFields(): Promise<[string, string][]> {
  const result = await client.execute(
    `SELECT job_position AS p FROM officials UNION SELECT old_value FROM official_changes WHERE field = 'jobPosition' AND old_value IS NOT NULL`,
  );
  return result.rows.flatMap((row) =>
    fieldsOfPosition(String(row.p)).map((field): [string, string] => [String(row.p), field]),
  );
}

/** The target the straightforward lookup finds: the province's row for the period, for a year its phase's, else Decision 700's. */
async function expectedTarget(key: IndicatorKey, period: Period): Promise<number> {
  const result = await client.execute({
    sql: `SELECT percent FROM indicator_targets WHERE province_id = ? AND indicator = ? AND (period_key = ? OR (? GLOB '[0-9][0-9][0-9][0-9]' AND period_key = ?))
      ORDER BY period_key = ? DESC LIMIT 1`,
    args: [ids.province, key, period.key, period.key, period.phase, period.key],
  });
  return result.rows.length > 0 ? Number(result.rows[0]!.percent) : DECISION_700_TARGETS[period.phase][key].percent;
}

async function expected(period: Period, unitPath: string) {
  const { sql, args } = officialsAt(period, unitPath, await positionFields());
  const flagged = `SELECT id FROM counted WHERE flagged`;
  const sent = `${flagged} AND (
      EXISTS (SELECT 1 FROM valid_completions v WHERE v.official_id = counted.id AND v.course_id IN ${SPECIAL} AND v.completed_at < :end)
      OR EXISTS (SELECT 1 FROM class_enrolled e WHERE e.official_id = counted.id AND e.kind = 'chuyen-mon-chuyen-nganh' AND e.starts_at < :end)
      OR EXISTS (SELECT 1 FROM assignments a WHERE a.official_id = counted.id AND a.course_id IN ${SPECIAL} AND a.assigned_at < :end AND (a.cancelled_at IS NULL OR a.cancelled_at >= :end)))`;
  const professional = `SELECT id FROM counted WHERE group_at_end = 'cong-chuc-chuyen-mon'`;
  const leaders = `SELECT id FROM counted WHERE group_at_end IN ('can-bo', 'lanh-dao-quan-ly')`;
  const inPeriod = (
    courses: string,
    classKind: string,
  ) => `(EXISTS (SELECT 1 FROM valid_completions v WHERE v.official_id = counted.id AND v.course_id IN ${courses} AND v.completed_at >= :start AND v.completed_at < :end)
    OR EXISTS (SELECT 1 FROM class_done d WHERE d.official_id = counted.id AND d.kind = '${classKind}' AND d.done_at >= :start AND d.done_at < :end))`;
  const ownField = `EXISTS (SELECT 1 FROM field_done d JOIN own_fields f ON f.id = d.official_id AND f.field = d.field
      WHERE d.official_id = counted.id AND d.done_at >= :start AND d.done_at < :end)`;
  return {
    officials: await scalar(`${sql} SELECT count(*) FROM counted`, args),
    flagged: await scalar(`${sql} SELECT count(*) FROM (${flagged})`, args),
    sent: await scalar(`${sql} SELECT count(*) FROM (${sent})`, args),
    professional: await scalar(`${sql} SELECT count(*) FROM (${professional})`, args),
    general: await scalar(
      `${sql} SELECT count(*) FROM (${professional} AND ${inPeriod(GENERAL, 'kien-thuc-chung-qlnn')})`,
      args,
    ),
    ownField: await scalar(`${sql} SELECT count(*) FROM counted WHERE ${ownField}`, args),
    leaders: await scalar(`${sql} SELECT count(*) FROM (${leaders})`, args),
    leadership: await scalar(
      `${sql} SELECT count(*) FROM (${leaders} AND ${inPeriod(LEADERSHIP, 'qlnn-lanh-dao-quan-ly')})`,
      args,
    ),
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
      `${sql} SELECT count(*) FROM quiz_attempts q JOIN users u ON u.id = q.user_id JOIN counted ON counted.id = u.official_id WHERE q.final = 1 AND q.course_id NOT IN ${SAMPLE} AND q.submitted_at >= :start AND q.submitted_at < :end`,
      args,
    ),
    passed: await scalar(
      `${sql} SELECT count(*) FROM quiz_attempts q JOIN users u ON u.id = q.user_id JOIN counted ON counted.id = u.official_id WHERE q.final = 1 AND q.course_id NOT IN ${SAMPLE} AND q.passed = 1 AND q.submitted_at >= :start AND q.submitted_at < :end`,
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

/** The reference path: every row loaded, then the pure functions of compute.ts, with the province's targets. */
async function computed(period: Period, unitId: string): Promise<UnitIndicators> {
  const [province] = (await client.execute({ sql: 'SELECT path FROM units WHERE id = ?', args: [ids.province] })).rows;
  const input = await loadIndicatorInput(client, String(province!.path), KINDS, COURSE_FIELDS, SAMPLES);
  const unit = input.units.find((row) => row.id === unitId) as UnitRow;
  const targets = await provinceTargets(ids.province, client);
  return computeUnitIndicators(input, officialFacts(input, period), unit, period, NOW, targets);
}

/**
 * The fast path the dashboard, the API and the national roll-up use: the stored per-official
 * facts (built from these courses on first use, as a server's first start does), summed in SQL,
 * with the province's targets as the dashboard applies them.
 */
async function aggregated(period: Period, unitId: string): Promise<UnitIndicators> {
  await ensureFactsCurrent(client, { kinds: KINDS, fields: COURSE_FIELDS, samples: SAMPLES });
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
  const courses = { kinds: KINDS, fields: COURSE_FIELDS, samples: SAMPLES };
  const indicators = (await aggregateUnitIndicators(client, unit, period, courses, NOW)).indicators;
  const targets = await provinceTargets(ids.province, client);
  return { ...indicators, shares: withTargets(indicators.shares, targets, period) };
}

/** The paths whose figures must equal the straightforward SQL. */
const PATHS: [string, (period: Period, unitId: string) => Promise<UnitIndicators>][] = [
  ['reference', computed],
  ['stored facts', aggregated],
];

const PERIODS = ['2026-2028', '2029-2031', '2026', '2027', '2028', '2029', '2030', '2026-2029', '2026-2031'];
const UNITS = ['province', 'a', 'b', 'c', 'officeA'] as const;

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
        for (const [path_, run_] of PATHS) {
          const got = await run_(period, unitId);
          const share = (key: IndicatorKey) => got.shares[key];
          assert.equal(got.officials, want.officials, `officials counted (${path_})`);
          assert.equal(share('underqualified-sent').denominator, want.flagged, `flagged (${path_})`);
          assert.equal(share('underqualified-sent').numerator, want.sent, `sent to specialized training (${path_})`);
          assert.equal(share('general-management').denominator, want.professional, `professional (${path_})`);
          assert.equal(share('general-management').numerator, want.general, `general management (${path_})`);
          assert.equal(share('field-skills').denominator, want.officials, `everyone (${path_})`);
          assert.equal(share('field-skills').numerator, want.ownField, `training in their own field (${path_})`);
          assert.equal(share('leaders-programme').denominator, want.leaders, `leaders (${path_})`);
          assert.equal(share('leaders-programme').numerator, want.leadership, `leaders' programme (${path_})`);
          for (const key of ['underqualified-sent', 'general-management', 'field-skills', 'leaders-programme'] as const)
            assert.equal(share(key).target, await expectedTarget(key, period), `target of ${key} (${path_})`);
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
    // o16 enrolled (absent) in a specialized class starting in December 2028: sent.
    assert.deepEqual([...b.shares['underqualified-sent'].numeratorIds].sort(), ['o16', 'o3']);
    assert.deepEqual([...b.shares['underqualified-sent'].denominatorIds].sort(), ['o16', 'o17', 'o23', 'o3', 'o4']);
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

  test('the rules of issue 17 land where the definitions say', async () => {
    const y2026 = parsePeriod('2026')!;
    const b2026 = await computed(y2026, ids.b);
    const c2026 = await computed(y2026, ids.c);
    const aPhase = await computed(parsePeriod('2026-2028')!, ids.a);
    const a2027 = await computed(parsePeriod('2027')!, ids.a);
    const bPhase2 = await computed(parsePeriod('2029-2031')!, ids.b);
    const bTotal = await computed(parsePeriod('2026-2031')!, ids.b);
    const province = await computed(parsePeriod('2026-2031')!, ids.province);

    // Declared flag dates: o17's flag (declared 1/4/2026, imported 2027) and o23's corrected one count in 2026.
    assert.ok(b2026.shares['underqualified-sent'].denominatorIds.includes('o17'));
    assert.ok(b2026.shares['underqualified-sent'].denominatorIds.includes('o23'));
    // o16's class starts in December 2028: not yet sent in 2026.
    assert.ok(!b2026.shares['underqualified-sent'].numeratorIds.includes('o16'));
    // Merged commune: o15 counts in C for 2026 and in A for the phase, with training in their own field.
    assert.deepEqual(c2026.shares['field-skills'].numeratorIds, ['o15']);
    assert.ok(aPhase.shares['field-skills'].numeratorIds.includes('o15'));
    // Own fields: o21 by record; o22's position became Địa chính in 2028; o5's th-1 is outside their fields.
    assert.ok(a2027.shares['field-skills'].numeratorIds.includes('o21'));
    assert.ok(!a2027.shares['field-skills'].numeratorIds.includes('o22'));
    assert.ok(aPhase.shares['field-skills'].numeratorIds.includes('o22'));
    assert.ok(!aPhase.shares['field-skills'].numeratorIds.includes('o5'));
    // Re-issued certificate counts; a sample course never does.
    assert.ok(aPhase.shares['general-management'].numeratorIds.includes('o18'));
    assert.ok(!aPhase.shares['general-management'].numeratorIds.includes('o19'));
    // Leaders: o20's class in 2030 counts for the second phase and cumulatively, not the first.
    assert.ok(bPhase2.shares['leaders-programme'].numeratorIds.includes('o20'));
    assert.ok(bTotal.shares['leaders-programme'].numeratorIds.includes('o20'));
    assert.ok(
      !(await computed(parsePeriod('2026-2028')!, ids.b)).shares['leaders-programme'].numeratorIds.includes('o20'),
    );
    // Cumulative since 2026: o1 (2027) and o2 (2026) completed general management before the second phase.
    assert.ok(province.shares['general-management'].numeratorIds.includes('o1'));
    assert.ok(
      !(await computed(parsePeriod('2029-2031')!, ids.province)).shares['general-management'].numeratorIds.includes(
        'o1',
      ),
    );
    // The province's own target and its source.
    assert.equal(province.shares['general-management'].target, 100);
    assert.match(province.shares['general-management'].targetSource ?? '', /219\/KH-UBND/);
  });

  test('a cancelled assignment still counts as sent for a year before it was cancelled', async () => {
    const year = parsePeriod('2026')!;

    const a = await computed(year, ids.a);

    assert.ok(a.shares['underqualified-sent'].numeratorIds.includes('o10'));
  });
});
