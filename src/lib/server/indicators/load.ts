/**
 * The one SQL loader of the indicators: every row compute.ts needs for a unit's subtree.
 * Officials are those whose current unit lies in the subtree or whose unit history ever named a
 * unit there (they may have belonged to it at the end of a period); compute.ts decides.
 * The subtree is an index range on the unique path; the officials' and accounts' ids found first
 * are then passed as JSON arrays, so each later query probes its table's index.
 * Every attendance row of in-person/blended classes is read (any result: enrolment counts as sent
 * for indicator 1; 'hoan-thanh' counts as a completion), with the class's field.
 * This is the reference path (and the officials page's); the dashboard reads the stored facts
 * (facts-store.ts refreshes them through loadIndicatorInputForOfficials, aggregate.ts sums them).
 */
import type { Client, InValue } from '@libsql/client';
import { subtreePathRange } from '../../org/unit-tree.ts';
import { VIETNAM_OFFSET_SECONDS } from '../../vietnam-time.ts';
import type {
  AssignmentRow,
  ChangeRow,
  ClassAttendanceRow,
  CompletionRow,
  EvaluationRow,
  FinalAttemptRow,
  IndicatorInput,
  OfficialRow,
  UnitRow,
} from '../../indicators/compute.ts';
import { parseFields } from '../../indicators/compute.ts';

/** A client or an open transaction: the facts store loads inside the write's own transaction. */
export type Reader = Pick<Client, 'execute'>;

/** Officials whose current unit lies in the subtree or whose unit history ever named a unit there. */
const SUBTREE_OFFICIALS = `
  WITH scope_units AS MATERIALIZED (SELECT id FROM units WHERE path >= :low AND path < :high)
  SELECT id FROM officials WHERE unit_id IN (SELECT id FROM scope_units)
  UNION
  SELECT official_id FROM official_changes
  WHERE field = 'unitId' AND (old_value IN (SELECT id FROM scope_units) OR new_value IN (SELECT id FROM scope_units))`;

const OFFICIALS = `
  SELECT o.id, o.staff_code, o.full_name, o.unit_id, o."group" AS "group", o.job_position, o.fields, o.underqualified, o.underqualified_since, o.active, o.created_at, u.id AS user_id
  FROM officials o LEFT JOIN users u ON u.official_id = o.id WHERE o.id IN (SELECT value FROM json_each(:officials))`;

/** Every unit these officials' current unit or unit history names (for the officials-by-id loader). */
const OFFICIALS_UNITS = `
  SELECT id, parent_id, path, name, code, level FROM units WHERE id IN (
    SELECT unit_id FROM officials WHERE id IN (SELECT value FROM json_each(:officials))
    UNION
    SELECT old_value FROM official_changes WHERE official_id IN (SELECT value FROM json_each(:officials)) AND field = 'unitId'
    UNION
    SELECT new_value FROM official_changes WHERE official_id IN (SELECT value FROM json_each(:officials)) AND field = 'unitId')`;

/** A completion counts unless its certificate was revoked (and no valid one exists). */
const COMPLETIONS = `
  SELECT cc.user_id, cc.course_id, cc.completed_at, cc.score_percent,
    (EXISTS (SELECT 1 FROM certificates r WHERE r.user_id = cc.user_id AND r.course_id = cc.course_id AND r.revoked_at IS NOT NULL)
     AND NOT EXISTS (SELECT 1 FROM certificates v WHERE v.user_id = cc.user_id AND v.course_id = cc.course_id AND v.revoked_at IS NULL)) AS revoked
  FROM course_completions cc WHERE cc.user_id IN (SELECT value FROM json_each(:users))`;

/**
 * Rows as plain objects with the given columns. The database packs them into one JSON text of
 * arrays, parsed at once: building the client's row objects one by one costs more than the
 * queries themselves (about 7 µs a row; a province has 20,000 officials and their completions).
 */
async function query(
  client: Reader,
  sql: string,
  columns: readonly string[],
  args: Record<string, InValue>,
): Promise<Record<string, unknown>[]> {
  const list = columns.map((column) => `"${column}"`).join(', ');
  const result = await client.execute({
    sql: `SELECT json_group_array(json_array(${list})) AS packed FROM (${sql})`,
    args,
  });
  const packed = JSON.parse(String(result.rows[0]!.packed)) as unknown[][];
  return packed.map((values) => Object.fromEntries(columns.map((column, index) => [column, values[index]])));
}

const num = (value: unknown) => Number(value);
const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

const UNIT_COLUMNS = ['id', 'parent_id', 'path', 'name', 'code', 'level'];

function unitRows(rows: Record<string, unknown>[]): UnitRow[] {
  return rows.map((row) => ({
    id: String(row.id),
    parentId: textOrNull(row.parent_id),
    path: String(row.path),
    name: String(row.name),
    code: String(row.code),
    level: String(row.level),
  }));
}

/** What the rules need to know of the published courses (course-kinds.ts courseInfo). */
export interface CourseBasis {
  /** Training kind of each real (non-sample) course. */
  kinds: ReadonlyMap<string, string>;
  /** Field slugs of each real course. */
  fields: ReadonlyMap<string, readonly string[]>;
  /** Ids of the sample courses: none of their rows counts. */
  samples: ReadonlySet<string>;
}

/**
 * Every row the indicators of this subtree need. The courses' kinds and fields come from the
 * content (course-kinds.ts: real courses only) and sample courses are named so none of their rows
 * counts.
 */
export async function loadIndicatorInput(
  client: Reader,
  unitPath: string,
  courseKinds: ReadonlyMap<string, string>,
  courseFields: ReadonlyMap<string, readonly string[]> = new Map(),
  sampleCourses: ReadonlySet<string> = new Set(),
): Promise<IndicatorInput> {
  const range = subtreePathRange(unitPath);
  const units = unitRows(
    await query(
      client,
      'SELECT id, parent_id, path, name, code, level FROM units WHERE path >= :low AND path < :high',
      UNIT_COLUMNS,
      range,
    ),
  );
  const ids = (await query(client, SUBTREE_OFFICIALS, ['id'], range)).map((row) => String(row.id));
  return loadForOfficials(client, ids, units, { kinds: courseKinds, fields: courseFields, samples: sampleCourses });
}

/**
 * Every row the indicators of these officials need, with the units their current unit and
 * history name (the facts store refreshes the officials a write touched).
 */
export async function loadIndicatorInputForOfficials(
  client: Reader,
  officialIds: readonly string[],
  courses: CourseBasis,
): Promise<IndicatorInput> {
  const units = unitRows(
    await query(client, OFFICIALS_UNITS, UNIT_COLUMNS, { officials: JSON.stringify(officialIds) }),
  );
  return loadForOfficials(client, officialIds, units, courses);
}

/** The rows of the given officials (the one loader both entry points share). */
async function loadForOfficials(
  client: Reader,
  officialIds: readonly string[],
  units: UnitRow[],
  courses: CourseBasis,
): Promise<IndicatorInput> {
  const officialOfUser = new Map<string, string>();
  const officials: OfficialRow[] = (
    await query(
      client,
      OFFICIALS,
      [
        'id',
        'staff_code',
        'full_name',
        'unit_id',
        'group',
        'job_position',
        'fields',
        'underqualified',
        'underqualified_since',
        'active',
        'created_at',
        'user_id',
      ],
      { officials: JSON.stringify(officialIds) },
    )
  ).map((row) => {
    if (row.user_id !== null) officialOfUser.set(String(row.user_id), String(row.id));
    return {
      id: String(row.id),
      staffCode: String(row.staff_code),
      fullName: String(row.full_name),
      unitId: String(row.unit_id),
      group: String(row.group),
      jobPosition: String(row.job_position ?? ''),
      fields: parseFields(row.fields),
      underqualified: num(row.underqualified) === 1,
      underqualifiedSince: textOrNull(row.underqualified_since),
      active: num(row.active) === 1,
      createdAt: num(row.created_at),
    };
  });
  const ids = {
    officials: JSON.stringify(officials.map((row) => row.id)),
    users: JSON.stringify([...officialOfUser.keys()]),
  };
  const changes: ChangeRow[] = (
    await query(
      client,
      `SELECT official_id, field, old_value, new_value, changed_at FROM official_changes
       WHERE official_id IN (SELECT value FROM json_each(:officials)) AND field IN ('unitId', 'group', 'underqualified', 'jobPosition', 'fields')`,
      ['official_id', 'field', 'old_value', 'new_value', 'changed_at'],
      { officials: ids.officials },
    )
  ).map((row) => ({
    officialId: String(row.official_id),
    field: String(row.field),
    oldValue: textOrNull(row.old_value),
    newValue: textOrNull(row.new_value),
    changedAt: num(row.changed_at),
  }));
  const completions: CompletionRow[] = (
    await query(client, COMPLETIONS, ['user_id', 'course_id', 'completed_at', 'score_percent', 'revoked'], {
      users: ids.users,
    })
  ).map((row) => ({
    officialId: officialOfUser.get(String(row.user_id))!,
    courseId: String(row.course_id),
    completedAt: num(row.completed_at),
    scorePercent: numOrNull(row.score_percent),
    revoked: num(row.revoked) === 1,
  }));
  const finalAttempts: FinalAttemptRow[] = (
    await query(
      client,
      `SELECT user_id, course_id, submitted_at, passed FROM quiz_attempts
       WHERE user_id IN (SELECT value FROM json_each(:users)) AND final = 1 AND submitted_at IS NOT NULL AND passed IS NOT NULL`,
      ['user_id', 'course_id', 'submitted_at', 'passed'],
      { users: ids.users },
    )
  ).map((row) => ({
    officialId: officialOfUser.get(String(row.user_id))!,
    courseId: String(row.course_id),
    submittedAt: num(row.submitted_at),
    passed: num(row.passed) === 1,
  }));
  const evaluations: EvaluationRow[] = (
    await query(
      client,
      'SELECT user_id, course_id, evaluated_at FROM effectiveness_evaluations WHERE user_id IN (SELECT value FROM json_each(:users))',
      ['user_id', 'course_id', 'evaluated_at'],
      {
        users: ids.users,
      },
    )
  ).map((row) => ({
    officialId: officialOfUser.get(String(row.user_id))!,
    courseId: String(row.course_id),
    evaluatedAt: num(row.evaluated_at),
  }));
  const assignments: AssignmentRow[] = (
    await query(
      client,
      'SELECT official_id, course_id, assigned_at, cancelled_at FROM assignments WHERE official_id IN (SELECT value FROM json_each(:officials))',
      ['official_id', 'course_id', 'assigned_at', 'cancelled_at'],
      {
        officials: ids.officials,
      },
    )
  ).map((row) => ({
    officialId: String(row.official_id),
    courseId: String(row.course_id),
    assignedAt: num(row.assigned_at),
    cancelledAt: numOrNull(row.cancelled_at),
  }));
  const midnight = (column: string) => `(unixepoch(${column}) - ${VIETNAM_OFFSET_SECONDS}) * 1000`;
  const classAttendances: ClassAttendanceRow[] = (
    await query(
      client,
      `SELECT ca.official_id, tc.kind, tc.field, ${midnight('tc.starts_on')} AS starts_at, ${midnight('tc.ends_on')} AS completed_at, ca.result
       FROM class_attendances ca JOIN training_classes tc ON tc.id = ca.class_id
       WHERE ca.official_id IN (SELECT value FROM json_each(:officials))`,
      ['official_id', 'kind', 'field', 'starts_at', 'completed_at', 'result'],
      { officials: ids.officials },
    )
  ).map((row) => ({
    officialId: String(row.official_id),
    kind: String(row.kind),
    field: textOrNull(row.field),
    startsAt: num(row.starts_at),
    completedAt: num(row.completed_at),
    result: String(row.result),
  }));
  return {
    units,
    officials,
    changes,
    completions,
    assignments,
    finalAttempts,
    evaluations,
    courseKinds: courses.kinds,
    courseFields: courses.fields,
    sampleCourses: courses.samples,
    classAttendances,
  };
}
