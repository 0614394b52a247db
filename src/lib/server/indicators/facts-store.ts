/**
 * The indicators' stored facts (db/migrations/0012_indicator_facts.sql): for every official and
 * every stored period, the unit at the period's end and the fact bits (fact-bits.ts), computed by
 * the reference rules (compute.ts officialFacts), and the dashboard's other figures per course
 * (official_figures: counted completion, evaluated, final attempts), so the dashboards only sum
 * small rows found by index ranges instead of probing the event tables official by official.
 *
 * Keeping them true: triggers on every table the rules read mark the officials a write touches
 * (official_facts_dirty) in the write's own transaction; this module's write hook
 * (db/serialized-writes.ts) then loads those officials, recomputes and upserts their rows and clears
 * the marks, before that transaction commits (or right after an autocommit statement, under the
 * same lock). A process without the hook (a script, another tool) leaves marks: readers refresh
 * them first (refreshLeftovers, counted and logged: there should be none).
 *
 * What the facts were computed with (the published courses' kinds, the periods, the bits) is
 * stored as the "basis"; a server whose basis differs (content published with other kinds, a
 * first start after the migration) rebuilds every official's facts (ensureFactsCurrent).
 */
import type { Client, Transaction } from '@libsql/client';
import { setWriteHook, type WriteHook } from '../../../../db/serialized-writes.ts';
import { officialFacts, type IndicatorInput, type OfficialFacts } from '../../indicators/compute.ts';
import { FACT_BITS, factBits } from '../../indicators/fact-bits.ts';
import { storedPeriods, type Period } from '../../indicators/period.ts';
import { loadIndicatorInputForOfficials, type CourseBasis, type Reader } from './load.ts';
import { VIETNAM_OFFSET_MS } from '../../vietnam-time.ts';

/**
 * Bump when compute.ts changes what a fact means without changing the course kinds, periods or
 * bits: every stored row is then rebuilt at the next start.
 */
export const FACT_RULES_REVISION = 2;

/** Officials refreshed per load: bounds memory and keeps each query's id list moderate. */
const BATCH = 2_000;

const byKey = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);

/** The basis text for these courses (stable: sorted keys): their kinds, fields and which are samples. */
export function factsBasis(courses: CourseBasis): string {
  return JSON.stringify({
    revision: FACT_RULES_REVISION,
    bits: FACT_BITS,
    periods: storedPeriods().map((period) => [period.key, period.start, period.end]),
    kinds: Object.fromEntries([...courses.kinds].sort(byKey)),
    fields: Object.fromEntries([...courses.fields].sort(byKey)),
    samples: [...courses.samples].sort(),
  });
}

let parsedBasis: { text: string; courses: CourseBasis } | undefined;

/** The courses the stored facts were computed with, or undefined before the first build. */
async function storedCourses(reader: Reader): Promise<CourseBasis | undefined> {
  const result = await reader.execute('SELECT basis FROM indicator_facts_state WHERE id = 1');
  const text = result.rows[0]?.basis;
  if (typeof text !== 'string') return undefined;
  if (parsedBasis?.text !== text) {
    const basis = JSON.parse(text) as {
      kinds: Record<string, string>;
      fields?: Record<string, string[]>;
      samples?: string[];
    };
    parsedBasis = {
      text,
      courses: {
        kinds: new Map(Object.entries(basis.kinds)),
        fields: new Map(Object.entries(basis.fields ?? {})),
        samples: new Set(basis.samples ?? []),
      },
    };
  }
  return parsedBasis.courses;
}

/** Whether any official is marked dirty (false on a database without the facts tables). */
export async function hasDirtyFacts(reader: Reader): Promise<boolean> {
  try {
    const result = await reader.execute('SELECT EXISTS (SELECT 1 FROM official_facts_dirty) AS any');
    return Number(result.rows[0]?.any ?? 0) === 1;
  } catch {
    return false;
  }
}

type FigureRow = [string, string, string, string, number | null, number | null, number, number, number];

/**
 * The rows of official_figures for these officials' facts in a period: per course, the counted
 * completion (not revoked, any time: "evaluations due" looks at all of them), whether it has an
 * evaluation, and the final attempts and passes within the period (as computeUnitIndicators counts).
 */
function figureRows(input: IndicatorInput, facts: readonly OfficialFacts[], period: Period): FigureRow[] {
  // Sample courses count nowhere (compute.ts): neither their completions nor their attempts.
  const samples = input.sampleCourses ?? new Set<string>();
  const completions = groupBy(
    input.completions.filter((row) => !row.revoked && !samples.has(row.courseId)),
    (row) => row.officialId,
  );
  const attempts = groupBy(
    input.finalAttempts.filter(
      (row) => row.submittedAt >= period.start && row.submittedAt < period.end && !samples.has(row.courseId),
    ),
    (row) => row.officialId,
  );
  const evaluated = new Set(input.evaluations.map((row) => `${row.officialId}\n${row.courseId}`));
  const rows: FigureRow[] = [];
  for (const { officialId, unitId } of facts) {
    const byCourse = new Map<string, FigureRow>();
    const rowOf = (courseId: string) => {
      let row = byCourse.get(courseId);
      if (!row) {
        row = [period.key, unitId, officialId, courseId, null, null, 0, 0, 0];
        byCourse.set(courseId, row);
      }
      return row;
    };
    for (const completion of completions.get(officialId) ?? []) {
      const row = rowOf(completion.courseId);
      row[4] = completion.completedAt;
      row[5] = completion.scorePercent;
      row[6] = evaluated.has(`${officialId}\n${completion.courseId}`) ? 1 : 0;
    }
    for (const attempt of attempts.get(officialId) ?? []) {
      const row = rowOf(attempt.courseId);
      row[7] += 1;
      if (attempt.passed) row[8] += 1;
    }
    rows.push(...byCourse.values());
  }
  return rows;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/**
 * Recomputes and stores these officials' facts and figures in every stored period; adds to
 * `touched` every (period, unit) whose sums (unit_*_figures) must be rebuilt.
 */
async function refreshOfficials(
  reader: Reader,
  ids: readonly string[],
  courses: CourseBasis,
  touched: Set<string>,
): Promise<void> {
  const input = await loadIndicatorInputForOfficials(reader, ids, courses);
  const fresh = new Map<string, [string, string, string, number]>();
  const figures: FigureRow[] = [];
  for (const period of storedPeriods()) {
    const facts = officialFacts(input, period);
    for (const row of facts)
      fresh.set(`${row.officialId}\n${period.key}`, [row.officialId, period.key, row.unitId, factBits(row)]);
    figures.push(...figureRows(input, facts, period));
  }
  const old = await reader.execute({
    sql: `SELECT json_group_array(json_array(official_id, period, unit_id, bits)) AS packed FROM official_facts
      WHERE official_id IN (SELECT value FROM json_each(:ids))`,
    args: { ids: JSON.stringify(ids) },
  });
  const oldRows = JSON.parse(String(old.rows[0]!.packed)) as [string, string, string, number][];
  const gone: [string, string][] = [];
  const upserts: [string, string, string, number][] = [];
  const touchedUnits = new Set<string>();
  const kept = new Set<string>();
  for (const [officialId, period, unitId, bits] of oldRows) {
    const key = `${officialId}\n${period}`;
    const now = fresh.get(key);
    touchedUnits.add(unitId);
    touched.add(`${period}\n${unitId}`);
    if (!now) gone.push([officialId, period]);
    else {
      kept.add(key);
      if (now[2] !== unitId || now[3] !== bits) upserts.push(now);
    }
  }
  for (const [key, row] of fresh) {
    touchedUnits.add(row[2]);
    touched.add(`${row[1]}\n${row[2]}`);
    if (!kept.has(key)) upserts.push(row);
  }
  if (gone.length > 0)
    await reader.execute({
      sql: `DELETE FROM official_facts WHERE (official_id, period) IN (SELECT value ->> 0, value ->> 1 FROM json_each(:rows))`,
      args: { rows: JSON.stringify(gone) },
    });
  if (upserts.length > 0)
    await reader.execute({
      sql: `INSERT INTO official_facts (official_id, period, unit_id, bits)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(:rows) WHERE true
        ON CONFLICT (official_id, period) DO UPDATE SET unit_id = excluded.unit_id, bits = excluded.bits`,
      args: { rows: JSON.stringify(upserts) },
    });
  // Figures: the old rows sit under the old facts' units; replace them all.
  if (oldRows.length > 0)
    await reader.execute({
      sql: `DELETE FROM official_figures WHERE (period, unit_id, official_id) IN (
        SELECT value ->> 1, value ->> 2, value ->> 0 FROM json_each(:rows))`,
      args: { rows: JSON.stringify(oldRows) },
    });
  if (figures.length > 0)
    await reader.execute({
      sql: `INSERT INTO official_figures (period, unit_id, official_id, course_id, completed_at, score_percent, evaluated, attempts, passed)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8
        FROM json_each(:rows)`,
      args: { rows: JSON.stringify(figures) },
    });
  // A row can lie in another province than the official's current unit (a period's end before a
  // move between provinces): move the versions of every province their rows were or are in.
  if (touchedUnits.size > 0)
    await reader.execute({
      sql: `INSERT INTO indicator_province_version (province_id, version)
        SELECT DISTINCT substr(path, 2, instr(substr(path, 2), '/') - 1), 1 FROM units
        WHERE id IN (SELECT value FROM json_each(:units)) AND true
        ON CONFLICT (province_id) DO UPDATE SET version = version + 1`,
      args: { units: JSON.stringify([...touchedUnits]) },
    });
  await reader.execute({
    sql: 'DELETE FROM official_facts_dirty WHERE official_id IN (SELECT value FROM json_each(:ids))',
    args: { ids: JSON.stringify(ids) },
  });
}

/** Periods as JSON [key, start, end] for the sums' SQL. */
const periodsJson = () => JSON.stringify(storedPeriods().map((period) => [period.key, period.start, period.end]));

/**
 * Rebuilds the per-unit sums of official_figures (unit_course_figures, unit_month_figures) for
 * these "period\nunit" pairs, or for every unit ('all', the full build).
 */
async function rebuildUnitSums(reader: Reader, pairs: ReadonlySet<string> | 'all'): Promise<void> {
  if (pairs !== 'all' && pairs.size === 0) return;
  const all = pairs === 'all';
  const keys = all ? '[]' : JSON.stringify([...pairs].map((pair) => pair.split('\n')));
  const source = all
    ? 'official_figures g'
    : 'json_each(:pairs) k JOIN official_figures g ON g.period = k.value ->> 0 AND g.unit_id = k.value ->> 1';
  const where = all ? '' : 'WHERE (period, unit_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(:pairs))';
  const args: Record<string, string> = all ? { periods: periodsJson() } : { periods: periodsJson(), pairs: keys };
  await reader.execute({ sql: `DELETE FROM unit_course_figures ${where}`, args: all ? {} : { pairs: keys } });
  await reader.execute({ sql: `DELETE FROM unit_month_figures ${where}`, args: all ? {} : { pairs: keys } });
  await reader.execute({
    sql: `INSERT INTO unit_course_figures (period, unit_id, course_id, completions, score_sum, score_count, evaluated, attempts, passed)
      SELECT period, unit_id, course_id, coalesce(sum(in_period), 0), sum(CASE WHEN in_period THEN score_percent END),
        count(CASE WHEN in_period THEN score_percent END), coalesce(sum(in_period AND evaluated), 0), sum(attempts), sum(passed)
      FROM (
        SELECT g.period, g.unit_id, g.course_id, g.score_percent, g.evaluated, g.attempts, g.passed,
          g.completed_at >= p.value ->> 1 AND g.completed_at < p.value ->> 2 AS in_period
        FROM ${source} JOIN json_each(:periods) p ON p.value ->> 0 = g.period
      ) GROUP BY period, unit_id, course_id`,
    args,
  });
  await reader.execute({
    sql: `INSERT INTO unit_month_figures (period, unit_id, month, completions)
      SELECT period, unit_id, strftime('%Y-%m', day * 86400, 'unixepoch') AS month, sum(n) FROM (
        SELECT g.period, g.unit_id, (g.completed_at + ${VIETNAM_OFFSET_MS}) / 86400000 AS day, count(*) AS n
        FROM ${source} JOIN json_each(:periods) p ON p.value ->> 0 = g.period
        WHERE g.completed_at >= p.value ->> 1 AND g.completed_at < p.value ->> 2
        GROUP BY g.period, g.unit_id, day
      ) GROUP BY period, unit_id, month`,
    args,
  });
}

/**
 * Brings every dirty official's facts up to date inside the open transaction, in batches; returns
 * how many officials were refreshed. Before the first build (no basis) it leaves the marks.
 */
export async function refreshDirtyFacts(
  transaction: Reader,
  options: { sums?: 'touched' | 'all' } = {},
): Promise<number> {
  let refreshed = 0;
  let courses: CourseBasis | undefined;
  const touched = new Set<string>();
  for (;;) {
    const result = await transaction.execute({
      sql: 'SELECT json_group_array(official_id) AS ids FROM (SELECT official_id FROM official_facts_dirty LIMIT ?)',
      args: [BATCH],
    });
    const ids = JSON.parse(String(result.rows[0]!.ids)) as string[];
    if (ids.length === 0) break;
    courses ??= await storedCourses(transaction);
    if (!courses) return refreshed;
    await refreshOfficials(transaction, ids, courses, touched);
    refreshed += ids.length;
  }
  // Once for all batches: a bulk write (an import, a merger) rebuilds each unit's sums once.
  await rebuildUnitSums(transaction, options.sums === 'all' ? 'all' : touched);
  return refreshed;
}

/** The write hook: refresh the marked officials in the write's own transaction. */
export const FACTS_WRITE_HOOK: WriteHook = {
  pending: (client) => hasDirtyFacts(client),
  async beforeCommit(transaction: Transaction) {
    try {
      if (await hasDirtyFacts(transaction)) await refreshDirtyFacts(transaction);
    } catch (error) {
      // The write itself stands; its marks stay for the next write or read to refresh.
      console.error('Không cập nhật được dữ kiện chỉ tiêu:', error instanceof Error ? error.message : error);
    }
  },
};

/** Installs the write hook in this process (the server at start; benches and tests that write). */
export function installFactsHook(): void {
  setWriteHook(FACTS_WRITE_HOOK);
}

/** Officials a reader found still marked (refreshed at read time); should stay 0. */
export const leftoverStats = { reads: 0, officials: 0 };

/** Runs `work` in a write transaction of the (serialized) client, committed or rolled back. */
async function inWriteTransaction<T>(client: Client, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  const transaction = await client.transaction('write');
  try {
    const result = await work(transaction);
    await transaction.commit();
    return result;
  } finally {
    transaction.close();
  }
}

/** Before a read: refresh officials some write left marked (another process without the hook). */
export async function refreshLeftovers(client: Client): Promise<number> {
  if (!(await hasDirtyFacts(client))) return 0;
  const refreshed = await inWriteTransaction(client, (transaction) => refreshDirtyFacts(transaction));
  if (refreshed > 0) {
    leftoverStats.reads += 1;
    leftoverStats.officials += refreshed;
    console.warn(`Chỉ tiêu: ${refreshed} cán bộ còn đánh dấu chưa cập nhật khi đọc, đã cập nhật.`);
  }
  return refreshed;
}

/**
 * Makes the stored facts match these courses (and the periods and bits of this code): when
 * the stored basis differs, every official's facts are rebuilt in one transaction (the first
 * start after the migration, a publish that changed a course's kind). Returns whether it rebuilt.
 */
export async function ensureFactsCurrent(client: Client, courses: CourseBasis): Promise<boolean> {
  const wanted = factsBasis(courses);
  const current = await client.execute('SELECT basis FROM indicator_facts_state WHERE id = 1');
  if (current.rows[0]?.basis === wanted) return false;
  await inWriteTransaction(client, async (transaction) => {
    const again = await transaction.execute('SELECT basis FROM indicator_facts_state WHERE id = 1');
    if (again.rows[0]?.basis === wanted) return; // another instance rebuilt meanwhile
    await transaction.execute('DELETE FROM official_facts');
    await transaction.execute('DELETE FROM official_figures');
    await transaction.execute('INSERT OR IGNORE INTO official_facts_dirty (official_id) SELECT id FROM officials');
    await transaction.execute({ sql: 'UPDATE indicator_facts_state SET basis = ? WHERE id = 1', args: [wanted] });
    await transaction.execute(`INSERT INTO indicator_province_version (province_id, version)
      SELECT id, 1 FROM units WHERE parent_id IS NULL AND true
      ON CONFLICT (province_id) DO UPDATE SET version = version + 1`);
    await refreshDirtyFacts(transaction, { sums: 'all' });
  });
  return true;
}

/** The data version of each province (root unit id → version); absent = 0. */
export async function provinceVersions(reader: Reader): Promise<Map<string, number>> {
  const result = await reader.execute('SELECT province_id, version FROM indicator_province_version');
  return new Map(result.rows.map((row) => [String(row.province_id), Number(row.version)]));
}

/** The data version of one province. */
export async function provinceVersion(reader: Reader, provinceId: string): Promise<number> {
  const result = await reader.execute({
    sql: 'SELECT version FROM indicator_province_version WHERE province_id = ?',
    args: [provinceId],
  });
  return Number(result.rows[0]?.version ?? 0);
}
