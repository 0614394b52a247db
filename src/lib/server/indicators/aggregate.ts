/**
 * The dashboard's figures from the stored facts (facts-store.ts, one row per official and period:
 * unit at the period's end and fact bits): the shares are sums over those rows, generated from
 * SHARE_RULES (fact-bits.ts), so a new rule needs no SQL here; who is counted where is the same
 * rows (members); a period that is not stored is computed for the subtree through compute.ts
 * first, then summed by the same SQL. The other figures (courses, months, scores, evaluations, pass rate) are read
 * from the indexed event tables for those members only.
 * The lists of officials behind a number stay with compute.ts (drill-down page only).
 * The recompute test compares this against separate, straightforward SQL and against compute.ts.
 */
import type { Client, InValue } from '@libsql/client';
import {
  TARGETS,
  officialFacts,
  type CourseFigures,
  type IndicatorKey,
  type Share,
  type UnitIndicators,
  type UnitRow,
} from '../../indicators/compute.ts';
import { FACT_BITS, SHARE_RULES, factBits, type FactName } from '../../indicators/fact-bits.ts';
import { loadIndicatorInput, type CourseBasis } from './load.ts';
import { monthsOf, storedPeriods, type Period } from '../../indicators/period.ts';
import { subtreePathRange } from '../../org/unit-tree.ts';
import { VIETNAM_OFFSET_MS } from '../../vietnam-time.ts';

/** A fact of the row's `bits` as 0/1 ('all' is always 1). */
function has(fact: FactName | 'all'): string {
  return fact === 'all' ? '1' : `((bits & ${FACT_BITS[fact]}) != 0)`;
}

/**
 * Share sums over rows of (bits, n = how many officials have those bits): d0, n0, d1, n1, ... in
 * SHARE_RULES order, and `officials`.
 */
const SHARE_SUMS = [
  'sum(n) AS officials',
  ...SHARE_RULES.flatMap((rule, index) => [
    `sum(n * ${has(rule.denominator)}) AS d${index}`,
    `sum(n * (${has(rule.denominator)} AND ${has(rule.numerator)})) AS n${index}`,
  ]),
].join(', ');

/**
 * The key under which the facts of a period with these bounds are stored, or undefined when it is
 * not a stored period (storedPeriods; e.g. a phase up to a year's end, a merger's date).
 */
export function storedPeriodKey(period: Period): string | undefined {
  return storedPeriods().find((stored) => stored.start === period.start && stored.end === period.end)?.key;
}

/**
 * The other figures of `members` read from the event tables (a period that is not stored):
 * `counted(course_id, completed_at, score_percent, in_period, done)` and
 * `attempts_by_course(course_id, tried, passed)`, as official_figures holds them for stored periods.
 */
const EVENT_FIGURES = `accounts AS MATERIALIZED (SELECT us.id AS user_id FROM members m JOIN users us ON us.official_id = m.official_id),
      -- Revoked certificates are few: start from them (certificates_revoked_idx), not from every completion.
      revoked AS MATERIALIZED (
        SELECT DISTINCT r.user_id, r.course_id FROM certificates r INDEXED BY certificates_revoked_idx
        WHERE r.revoked_at IS NOT NULL AND r.user_id IN (SELECT user_id FROM accounts)
          AND NOT EXISTS (SELECT 1 FROM certificates v WHERE v.user_id = r.user_id AND v.course_id = r.course_id AND v.revoked_at IS NULL)
      ),
      counted AS MATERIALIZED (
        SELECT cc.course_id, cc.completed_at, cc.score_percent, cc.completed_at >= :start AND cc.completed_at < :end AS in_period,
          EXISTS (SELECT 1 FROM effectiveness_evaluations e WHERE e.user_id = cc.user_id AND e.course_id = cc.course_id) AS done
        FROM accounts a JOIN course_completions cc ON cc.user_id = a.user_id
        WHERE NOT EXISTS (SELECT 1 FROM revoked r WHERE r.user_id = cc.user_id AND r.course_id = cc.course_id)
          AND cc.course_id NOT IN (SELECT value FROM json_each(:samples))
      ),
      attempts_by_course AS (
        SELECT q.course_id, count(*) AS tried, sum(q.passed = 1) AS passed FROM accounts a JOIN quiz_attempts q ON q.user_id = a.user_id
        WHERE q.final = 1 AND q.submitted_at IS NOT NULL AND q.passed IS NOT NULL AND q.submitted_at >= :start AND q.submitted_at < :end
          AND q.course_id NOT IN (SELECT value FROM json_each(:samples))
        GROUP BY q.course_id
      )`;

/**
 * Where the facts of the subtree's officials in the period come from, as the CTEs
 * `per_unit(unit_id, path, bits, n)` (grouped by unit and bits) and `members(official_id)`: the
 * stored rows (the covering index (period, unit_id, bits) answers both), or, for a period that is
 * not stored, the same rows computed now by compute.ts for the subtree (slower: every row loaded).
 */
async function factsSource(
  client: Client,
  unitPath: string,
  period: Period,
  courses: CourseBasis | undefined,
): Promise<{ ctes: string; args: Record<string, InValue>; stored: boolean }> {
  const range = subtreePathRange(unitPath);
  const key = storedPeriodKey(period);
  if (key !== undefined)
    return {
      ctes: `per_unit AS MATERIALIZED (
        SELECT f.unit_id, u.path, f.bits, count(*) AS n
        FROM units u JOIN official_facts f ON f.period = :period AND f.unit_id = u.id
        WHERE u.path >= :low AND u.path < :high
        GROUP BY f.unit_id, f.bits
      )`,
      args: { ...range, period: key },
      stored: true,
    };
  if (!courses) throw new Error(`Kỳ ${period.key} không có dữ kiện lưu sẵn: cần loại khóa học để tính.`);
  const input = await loadIndicatorInput(client, unitPath, courses.kinds, courses.fields, courses.samples);
  const facts = officialFacts(input, period).map((row) => [row.officialId, row.unitId, factBits(row)]);
  return {
    ctes: `computed AS MATERIALIZED (
        SELECT value ->> 0 AS official_id, value ->> 1 AS unit_id, value ->> 2 AS bits FROM json_each(:facts)
      ),
      per_unit AS MATERIALIZED (
        SELECT f.unit_id, u.path, f.bits, count(*) AS n
        FROM computed f JOIN units u ON u.id = f.unit_id
        WHERE u.path >= :low AND u.path < :high
        GROUP BY f.unit_id, f.bits
      ),
      members AS MATERIALIZED (
        SELECT f.official_id FROM computed f JOIN units u ON u.id = f.unit_id WHERE u.path >= :low AND u.path < :high
      ),
      ${EVENT_FIGURES}`,
    args: {
      ...range,
      facts: JSON.stringify(facts),
      start: period.start,
      end: period.end,
      samples: JSON.stringify([...courses.samples]),
    },
    stored: false,
  };
}

/** Counts of the three shares (no ids), one row per group key. */
export interface ShareCounts {
  officials: number;
  shares: Record<IndicatorKey, Share>;
}

function share(key: IndicatorKey, numerator: number, denominator: number): Share {
  return {
    key,
    numerator,
    denominator,
    percent: denominator === 0 ? null : (numerator / denominator) * 100,
    target: TARGETS[key],
    numeratorIds: [],
    denominatorIds: [],
  };
}

/** Share counts from a row of SHARE_SUMS (officials, d0, n0, ...). */
function sharesOf(row: Record<string, unknown>): ShareCounts {
  const n = (name: string) => Number(row[name] ?? 0);
  return {
    officials: n('officials'),
    shares: Object.fromEntries(
      SHARE_RULES.map((rule, index) => [rule.key, share(rule.key, n(`n${index}`), n(`d${index}`))]),
    ) as Record<IndicatorKey, Share>,
  };
}

/** SELECT of the share sums per direct child of the path (child "" = officials of the unit itself). */
function childCounts(parentPath: string): string {
  const start = parentPath.length + 1;
  return `SELECT child, ${SHARE_SUMS} FROM (
      SELECT substr(path, ${start}, instr(substr(path, ${start}), '/') - 1) AS child, bits, n FROM per_unit
    ) GROUP BY child`;
}

/**
 * The three share counts of every direct child of `parentPath` (a unit's path, or "/" for the
 * provinces), keyed by child id; officials directly in the parent unit are under key "".
 */
export async function shareCountsByChild(
  client: Client,
  parentPath: string,
  period: Period,
  courses?: CourseBasis,
): Promise<Map<string, ShareCounts>> {
  const source = await factsSource(client, parentPath, period, courses);
  const sql = `WITH ${source.ctes} ${childCounts(parentPath)}`;
  const result = await client.execute({ sql, args: source.args });
  return new Map(
    result.rows.map((row) => [String(row.child ?? ''), sharesOf(row as unknown as Record<string, unknown>)]),
  );
}

/** Sums share counts (a unit's total from its children's). */
export function sumCounts(parts: Iterable<ShareCounts>): ShareCounts {
  const totals: Record<string, number> = { officials: 0 };
  for (const part of parts) {
    totals.officials! += part.officials;
    SHARE_RULES.forEach((rule, index) => {
      totals[`d${index}`] = (totals[`d${index}`] ?? 0) + part.shares[rule.key].denominator;
      totals[`n${index}`] = (totals[`n${index}`] ?? 0) + part.shares[rule.key].numerator;
    });
  }
  return sharesOf(totals);
}

/**
 * Every figure of UnitIndicators for the unit at `unit.path` (share ids are left empty: the
 * officials page reads them through compute.ts), plus the children's counts. Members are the
 * officials whose stored unit at the period's end lies in the subtree.
 */
export async function aggregateUnitIndicators(
  client: Client,
  unit: UnitRow,
  period: Period,
  basis?: CourseBasis,
  now = Date.now(),
): Promise<{ indicators: UnitIndicators; byChild: Map<string, ShareCounts> }> {
  const source = await factsSource(client, unit.path, period, basis);
  const eventSql = `WITH ${source.ctes},
    -- One pass over the completions per course; the totals are summed from these rows.
    course_rows AS (
      SELECT course_id, sum(in_period) AS completions, sum(CASE WHEN in_period THEN score_percent END) AS score_sum,
        count(CASE WHEN in_period THEN score_percent END) AS score_n, sum(in_period AND done) AS done_n, 0 AS tried, 0 AS passed
      FROM counted GROUP BY course_id
      UNION ALL
      SELECT course_id, 0, NULL, 0, 0, tried, passed FROM attempts_by_course
    )
    SELECT json_object(
      'children', (SELECT json_group_array(json_array(${['child', 'officials', ...SHARE_RULES.flatMap((_, i) => [`d${i}`, `n${i}`])].join(', ')})) FROM (${childCounts(unit.path)})),
      'courses', (SELECT json_group_array(json_array(course_id, completions, score_sum, score_n, done_n, tried, passed)) FROM (
          SELECT course_id, sum(completions) AS completions, sum(score_sum) AS score_sum, sum(score_n) AS score_n,
            sum(done_n) AS done_n, sum(tried) AS tried, sum(passed) AS passed
          FROM course_rows GROUP BY course_id ORDER BY course_id)),
      -- Grouped by day first: the date functions then run once a day, not once a completion.
      'months', (SELECT json_group_object(m, n) FROM (
          SELECT strftime('%Y-%m', day * 86400, 'unixepoch') AS m, sum(n) AS n FROM (
            SELECT (completed_at + ${VIETNAM_OFFSET_MS}) / 86400000 AS day, count(*) AS n FROM counted WHERE in_period GROUP BY day
          ) GROUP BY m)),
      -- Due three calendar months after completion, at the same time of day (compute.ts
      -- evaluationDueAt): whole days are due or not; only the day reaching :now is counted row by row.
      'due', (SELECT coalesce(sum(CASE WHEN due_day + 86400000 <= :now THEN n WHEN due_day > :now THEN 0 ELSE (
            SELECT count(*) FROM counted c WHERE NOT c.done AND c.completed_at / 86400000 = day AND due_day + c.completed_at % 86400000 <= :now
          ) END), 0) FROM (
          SELECT completed_at / 86400000 AS day, unixepoch(completed_at / 86400000 * 86400, 'unixepoch', '+3 months') * 1000 AS due_day, count(*) AS n
          FROM counted WHERE NOT done GROUP BY day))
    ) AS packed`;
  const DAY = 86_400_000;
  // Three calendar months are 89 to 92 days: completions before the first bound are due, after
  // the second not yet; only those between are checked one by one (compute.ts evaluationDueAt).
  const storedSql = `WITH ${source.ctes}
    SELECT json_object(
      'children', (SELECT json_group_array(json_array(${['child', 'officials', ...SHARE_RULES.flatMap((_, i) => [`d${i}`, `n${i}`])].join(', ')})) FROM (${childCounts(unit.path)})),
      'courses', (SELECT json_group_array(json_array(course_id, completions, score_sum, score_count, evaluated, attempts, passed)) FROM (
          SELECT c.course_id, sum(c.completions) AS completions, sum(c.score_sum) AS score_sum, sum(c.score_count) AS score_count,
            sum(c.evaluated) AS evaluated, sum(c.attempts) AS attempts, sum(c.passed) AS passed
          FROM units u JOIN unit_course_figures c ON c.period = :period AND c.unit_id = u.id
          WHERE u.path >= :low AND u.path < :high GROUP BY c.course_id ORDER BY c.course_id)),
      'months', (SELECT json_group_object(month, n) FROM (
          SELECT m.month, sum(m.completions) AS n FROM units u JOIN unit_month_figures m ON m.period = :period AND m.unit_id = u.id
          WHERE u.path >= :low AND u.path < :high GROUP BY m.month)),
      'due', (SELECT count(*) FROM units u JOIN official_figures g INDEXED BY official_figures_due_idx
            ON g.period = :period AND g.unit_id = u.id AND g.evaluated = 0 AND g.completed_at IS NOT NULL AND g.completed_at < :surely_due
          WHERE u.path >= :low AND u.path < :high)
        + (SELECT count(*) FROM units u JOIN official_figures g INDEXED BY official_figures_due_idx
            ON g.period = :period AND g.unit_id = u.id AND g.evaluated = 0 AND g.completed_at IS NOT NULL
              AND g.completed_at >= :surely_due AND g.completed_at <= :maybe_due
          WHERE u.path >= :low AND u.path < :high
            AND unixepoch(g.completed_at / 1000, 'unixepoch', '+3 months') * 1000 + g.completed_at % 1000 <= :now)
    ) AS packed`;
  const result = await client.execute(
    source.stored
      ? { sql: storedSql, args: { ...source.args, now, surely_due: now - 93 * DAY, maybe_due: now - 88 * DAY } }
      : { sql: eventSql, args: { ...source.args, now } },
  );
  const packed = JSON.parse(String(result.rows[0]!.packed)) as {
    children: (string | number | null)[][];
    courses: [string, number, number | null, number, number, number, number][];
    months: Record<string, number>;
    due: number;
  };
  const columns = ['officials', ...SHARE_RULES.flatMap((_, i) => [`d${i}`, `n${i}`])];
  const byChild = new Map(
    packed.children.map(([child, ...values]) => [
      String(child ?? ''),
      sharesOf(Object.fromEntries(columns.map((column, index) => [column, values[index]]))),
    ]),
  );
  const total = sumCounts(byChild.values());
  let completions = 0;
  let scoreSum = 0;
  let scoreCount = 0;
  let evaluationsDone = 0;
  const courses: CourseFigures[] = [];
  for (const [courseId, done, sum, count, evaluated, finalAttempts, passedAttempts] of packed.courses) {
    completions += done;
    scoreSum += sum ?? 0;
    scoreCount += count;
    evaluationsDone += evaluated;
    if (done === 0 && finalAttempts === 0) continue;
    courses.push({
      courseId,
      completions: done,
      averageScore: count === 0 ? null : (sum ?? 0) / count,
      finalAttempts,
      passedAttempts,
      passRate: finalAttempts === 0 ? null : (passedAttempts / finalAttempts) * 100,
    });
  }
  courses.sort((a, b) => (a.courseId < b.courseId ? -1 : a.courseId > b.courseId ? 1 : 0));
  const indicators: UnitIndicators = {
    unitId: unit.id,
    period,
    officials: total.officials,
    shares: total.shares,
    courses,
    completionsByMonth: monthsOf(period).map((month) => ({ month, completions: packed.months[month] ?? 0 })),
    completionsInPeriod: completions,
    averageScore: scoreCount === 0 ? null : scoreSum / scoreCount,
    evaluationsDue: packed.due,
    evaluationsDone,
  };
  return { indicators, byChild };
}
