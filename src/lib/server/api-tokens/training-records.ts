/**
 * Training records of officials in a scope: online course completions (with their certificate's
 * status) and in-person or blended class attendances, in one stable order, filtered by unit,
 * period and kind. Used by the records API, the records screen and its exports.
 *
 * The same trainings as records/training-records.ts (trainingRecordsOf), whose course facts,
 * dates and revoked-certificate option it shares; this module pages and filters the union in SQL
 * instead, because the API and screen read whole scopes of tens of thousands of rows in a stable
 * order. The period is the completion date online and the class's last day in person. Officials
 * are placed (unit shown, scope and unit filter) by the one rule of src/lib/indicators/placement.ts:
 * their unit at the end of the period filtered by, or their current unit with no end.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import type { TrainingKind } from '../../../schemas/vocabulary.ts';
import type { TrainingResult } from '../../classes/vocabulary.ts';
import { pathInSubtree, pathInSubtrees } from '../org/scope.ts';
import { unitsAtEndTable } from '../records/placement-sql.ts';
import { CONTENT_HOURS_BASIS } from '../../credited-hours.ts';
import {
  CLASS_HOURS_BASIS,
  ISSUED_HOURS_BASIS,
  type CourseFacts,
  type RevokedCertificates,
} from '../records/training-records.ts';
import { VIETNAM_OFFSET_SECONDS, vietnamDate } from '../../vietnam-time.ts';
import type { RecordsFilter } from '../../records/records-filter.ts';

/** One training of one official. */
export interface TrainingRecord {
  /** 'truc-tuyen' online on the platform; 'truc-tiep' / 'ket-hop' a recorded class. */
  mode: 'truc-tuyen' | 'truc-tiep' | 'ket-hop';
  staffCode: string;
  fullName: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  /** Course id online, class id in person. */
  trainingId: string;
  title: string;
  kind: string;
  hours: number | null;
  /** Where the hours come from ("theo nội dung khóa học", "theo Quyết định số …", a class's). */
  hoursBasis: string;
  /** First and last day, YYYY-MM-DD (online: both the completion day). */
  startsOn: string;
  endsOn: string;
  /** 'dat' passed a final test, 'hoan-thanh' completed, 'khong-hoan-thanh', 'vang'. */
  result: TrainingResult;
  /** Score as recorded: percent online, out of 10 in class. */
  score: number | null;
  scoreScale: 100 | 10 | null;
  certificate: { code: string; status: 'con-hieu-luc' | 'da-thu-hoi' } | null;
  /** Sort instant (ms): completion online, the class's last day in person. */
  at: number;
}

/** The scope a reader may see: subtree paths (an admin's grants, or a token's unit). */
export type ScopePaths = readonly string[];

/** The unit path of the official where the period places them (`u` in `placed` below). */
const OFFICIAL_UNIT_PATH = sql`u.path`;

function scopeCondition(paths: ScopePaths): SQL {
  return pathInSubtrees(paths, OFFICIAL_UNIT_PATH) ?? sql`0`;
}

/**
 * The union of both kinds of training with every filter applied, as a subquery. The unit filter
 * path must already be checked against the scope by the caller (or be null).
 */
function recordsSource({ paths, filter, unitPath, courses, revokedCertificates = 'mark' }: RecordsQuery): SQL {
  // The officials of the scope (and of the unit filter) where the period places them.
  const officialsIn: SQL[] = [sql`(${scopeCondition(paths)})`];
  if (unitPath) officialsIn.push(pathInSubtree(unitPath, OFFICIAL_UNIT_PATH));
  const online: SQL[] = [sql`1`];
  // Only real training counts: completions of sample courses (tài liệu mẫu) are no records.
  const samples = [...courses].filter(([, course]) => course.sample).map(([id]) => id);
  if (samples.length)
    online.push(
      sql`c.course_id NOT IN (${sql.join(
        samples.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  online.push(sql`(cert.sample IS NULL OR cert.sample = 0)`);
  const inPerson: SQL[] = [sql`1`];
  if (filter.from !== null) {
    online.push(sql`c.completed_at >= ${filter.from}`);
    inPerson.push(sql`(unixepoch(tc.ends_on) - ${VIETNAM_OFFSET_SECONDS}) * 1000 >= ${filter.from}`);
  }
  if (filter.to !== null) {
    online.push(sql`c.completed_at < ${filter.to}`);
    inPerson.push(sql`(unixepoch(tc.ends_on) - ${VIETNAM_OFFSET_SECONDS}) * 1000 < ${filter.to}`);
  }
  if (filter.kind) {
    const ids = [...courses].filter(([, course]) => course.kind === filter.kind).map(([id]) => id);
    online.push(
      ids.length
        ? sql`c.course_id IN (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql`0`,
    );
    inPerson.push(sql`tc.kind = ${filter.kind}`);
  }
  // placement.ts unitAtEnd: the unit at the period's end (filter.to), else the current unit. Placed
  // once per official (MATERIALIZED), not once per record: a page of a commune's 66,700 records of
  // a year took as long as by the current unit, where placing each record took 60 % longer.
  const placed =
    filter.to === null
      ? sql`placed AS NOT MATERIALIZED (
    SELECT o.id, o.staff_code, o.full_name, u.id AS unit_id, u.code AS unit_code, u.name AS unit_name
    FROM officials o JOIN units u ON u.id = o.unit_id
    WHERE ${sql.join(officialsIn, sql` AND `)})`
      : sql`placed AS MATERIALIZED (
    SELECT o.id, o.staff_code, o.full_name, u.id AS unit_id, u.code AS unit_code, u.name AS unit_name
    FROM officials o LEFT JOIN ${unitsAtEndTable(filter.to)} moved ON moved.official_id = o.id
    JOIN units u ON u.id = COALESCE(moved.unit_id, o.unit_id)
    WHERE ${sql.join(officialsIn, sql` AND `)})`;
  return sql`
    WITH ${placed}
    SELECT 'truc-tuyen' AS mode, o.staff_code AS staff_code, o.full_name AS full_name, o.unit_id AS unit_id, o.unit_code AS unit_code, o.unit_name AS unit_name,
      c.course_id AS training_id, cert.course_title AS title, NULL AS kind, cert.hours AS hours, cert.hours_basis AS hours_basis, NULL AS starts_on, NULL AS ends_on,
      CASE WHEN c.score_percent IS NULL THEN 'hoan-thanh' ELSE 'dat' END AS result, c.score_percent AS score, 100 AS scale,
      cert.code AS certificate_code, cert.revoked_at AS certificate_revoked_at, c.completed_at AS at
    FROM course_completions c
    JOIN placed o ON o.id = c.official_id
    LEFT JOIN certificates cert ON cert.id = (
      SELECT id FROM certificates WHERE user_id = c.user_id AND course_id = c.course_id${revokedCertificates === 'omit' ? sql` AND revoked_at IS NULL` : sql``} ORDER BY issued_at DESC LIMIT 1)
    WHERE ${sql.join(online, sql` AND `)}
    UNION ALL
    SELECT tc.method, o.staff_code, o.full_name, o.unit_id, o.unit_code, o.unit_name,
      tc.id, tc.content, tc.kind, tc.hours, NULL, tc.starts_on, tc.ends_on,
      a.result, a.score, 10, a.certificate_number, NULL, (unixepoch(tc.ends_on) - ${VIETNAM_OFFSET_SECONDS}) * 1000
    FROM class_attendances a
    JOIN training_classes tc ON tc.id = a.class_id
    JOIN placed o ON o.id = a.official_id
    WHERE ${sql.join(inPerson, sql` AND `)}`;
}

interface RawRecord {
  mode: TrainingRecord['mode'];
  staff_code: string;
  full_name: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  training_id: string;
  title: string | null;
  kind: string | null;
  hours: number | null;
  hours_basis: string | null;
  starts_on: string | null;
  ends_on: string | null;
  result: string;
  score: number | null;
  scale: number;
  certificate_code: string | null;
  certificate_revoked_at: number | null;
  at: number;
}

function toRecord(row: RawRecord, courses: ReadonlyMap<string, CourseFacts>): TrainingRecord {
  const online = row.mode === 'truc-tuyen';
  const course = online ? courses.get(row.training_id) : undefined;
  const at = Number(row.at);
  return {
    mode: row.mode,
    staffCode: row.staff_code,
    fullName: row.full_name,
    unitId: row.unit_id,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    trainingId: row.training_id,
    title: course?.title ?? row.title ?? row.training_id,
    kind: (course?.kind ?? row.kind ?? '') as TrainingKind,
    hours: course?.hours ?? (row.hours === null ? null : Number(row.hours)),
    hoursBasis: online
      ? course
        ? (course.hoursBasis ?? CONTENT_HOURS_BASIS)
        : (row.hours_basis ?? ISSUED_HOURS_BASIS)
      : CLASS_HOURS_BASIS,
    startsOn: row.starts_on ?? vietnamDate(at),
    endsOn: row.ends_on ?? vietnamDate(at),
    // The online CASE and the attendance column's enum give only these; recordJson copes if not.
    result: row.result as TrainingResult,
    score: row.score === null ? null : Number(row.score),
    scoreScale: row.score === null ? null : (Number(row.scale) as 100 | 10),
    certificate: row.certificate_code
      ? { code: row.certificate_code, status: row.certificate_revoked_at === null ? 'con-hieu-luc' : 'da-thu-hoi' }
      : null,
    at,
  };
}

/** Everything a records query needs. */
export interface RecordsQuery {
  paths: ScopePaths;
  filter: RecordsFilter;
  /** Tree path of filter.unitId, already found inside `paths` (null: no unit filter). */
  unitPath: string | null;
  courses: ReadonlyMap<string, CourseFacts>;
  /** Revoked certificates are shown flagged ('mark', the default: the API's contract) or left out. */
  revokedCertificates?: RevokedCertificates;
}

// (at, staff code, mode, training id) is unique: an official completes a course once and
// attends a class once, so the order is total and pages never overlap or skip.
const ORDER = sql`ORDER BY at, staff_code, mode, training_id`;

/** One page of records in the stable order, and the total. */
export async function trainingRecordsPage(
  db: Database,
  query: RecordsQuery,
  offset: number,
  limit: number,
): Promise<{ rows: TrainingRecord[]; total: number }> {
  const source = recordsSource(query);
  const [rows, count] = await Promise.all([
    db.all<RawRecord>(sql`SELECT * FROM (${source}) ${ORDER} LIMIT ${limit} OFFSET ${offset}`),
    db.all<{ total: number }>(sql`SELECT count(*) AS total FROM (${source})`),
  ]);
  return { rows: rows.map((row) => toRecord(row, query.courses)), total: Number(count[0]?.total ?? 0) };
}

/**
 * Every record in the stable order, handed over in batches for an export to write. One query
 * reads them all: re-sorting the union for each OFFSET batch cost ten times more (3.2 s against
 * about 0.2 s for 20,000 rows), and 20,000 rows take a few MB.
 */
export async function* allTrainingRecords(
  db: Database,
  query: RecordsQuery,
  batchSize = 1000,
): AsyncGenerator<TrainingRecord[]> {
  const source = recordsSource(query);
  const rows = await db.all<RawRecord>(sql`SELECT * FROM (${source}) ${ORDER}`);
  for (let start = 0; start < rows.length; start += batchSize) {
    yield rows.slice(start, start + batchSize).map((row) => toRecord(row, query.courses));
  }
}
