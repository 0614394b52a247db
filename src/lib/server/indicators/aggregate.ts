/**
 * The fast path of the Decision 700 indicators: the same rules as compute.ts (the reference),
 * evaluated inside SQLite so only counts cross into JavaScript. One CTE (`facts`) derives each
 * counted official's unit, group, flag and the three "done" marks at the period's end; the
 * dashboard and the national roll-up then GROUP BY the child unit under the parent path.
 * The lists of officials behind a number stay with compute.ts (drill-down page only).
 * The recompute test compares this against separate, straightforward SQL and against compute.ts.
 */
import type { Client, InValue } from '@libsql/client';
import {
  FIELD_KINDS,
  GENERAL_KIND,
  PROFESSIONAL_GROUP,
  SPECIALIZED_KIND,
  TARGETS,
  type CourseFigures,
  type IndicatorKey,
  type Share,
  type UnitIndicators,
  type UnitRow,
} from '../../indicators/compute.ts';
import { monthsOf, type Period } from '../../indicators/period.ts';
import { subtreePathRange } from '../../org/unit-tree.ts';
import { VIETNAM_OFFSET_MS, VIETNAM_OFFSET_SECONDS } from '../../vietnam-time.ts';

/**
 * Parameters: :low/:high (path range of the subtree), :start/:end (period), :kinds (JSON object
 * courseId → kind).
 */
function factsCte(): string {
  const field = [...FIELD_KINDS].map((kind) => `'${kind}'`).join(', ');
  return `
  WITH kinds AS MATERIALIZED (SELECT key AS course_id, value AS kind FROM json_each(:kinds)),
  scope_units AS MATERIALIZED (SELECT id, path FROM units WHERE path >= :low AND path < :high),
  candidates AS MATERIALIZED (
    SELECT id FROM officials WHERE unit_id IN (SELECT id FROM scope_units)
    UNION
    SELECT official_id FROM official_changes
    WHERE field = 'unitId' AND (old_value IN (SELECT id FROM scope_units) OR new_value IN (SELECT id FROM scope_units))
  ),
  -- The first change at or after a bound gives the value before it (as compute.ts valueAt).
  firsts AS MATERIALIZED (
    SELECT official_id, field, old_value, bound FROM (
      SELECT c.official_id, c.field, c.old_value, b.bound,
        row_number() OVER (PARTITION BY c.official_id, c.field, b.bound ORDER BY c.changed_at, c.id) AS n
      FROM official_changes c JOIN (SELECT 'unitId' AS field, :end AS at, 'end' AS bound UNION ALL SELECT 'group', :end, 'end' UNION ALL SELECT 'underqualified', :start, 'start') b
        ON b.field = c.field AND c.changed_at >= b.at
      WHERE c.official_id IN (SELECT id FROM candidates)
    ) WHERE n = 1
  ),
  changed AS MATERIALIZED (
    SELECT official_id, max(unit_change) AS unit_change, max(group_change) AS group_change, max(flag_change) AS flag_change, max(flagged_during) AS flagged_during
    FROM (
      SELECT official_id,
        CASE WHEN field = 'unitId' THEN json_array(old_value) END AS unit_change,
        CASE WHEN field = 'group' THEN json_array(old_value) END AS group_change,
        CASE WHEN field = 'underqualified' THEN json_array(old_value) END AS flag_change,
        0 AS flagged_during
      FROM firsts
      UNION ALL
      SELECT official_id, NULL, NULL, NULL, 1 FROM official_changes
      WHERE official_id IN (SELECT id FROM candidates) AND field = 'underqualified' AND changed_at >= :start AND changed_at < :end AND new_value IS NOT NULL
    ) GROUP BY official_id
  ),
  raw AS MATERIALIZED (
    SELECT o.id, o.unit_id, o."group", o.underqualified, ch.unit_change, ch.group_change ->> 0 AS group_change, ch.flag_change, COALESCE(ch.flagged_during, 0) AS flagged_during
    FROM candidates s JOIN officials o ON o.id = s.id LEFT JOIN changed ch ON ch.official_id = o.id
    WHERE o.active = 1 AND o.created_at < :end
  ),
  base AS MATERIALIZED (
    SELECT r.id, su.id AS unit_id, su.path AS unit_path, COALESCE(r.group_change, r."group") AS grp,
      (CASE WHEN r.flag_change IS NULL THEN r.underqualified = 1 ELSE r.flag_change ->> 0 IS NOT NULL END OR r.flagged_during) AS flagged
    FROM raw r JOIN scope_units su ON su.id = CASE WHEN r.unit_change IS NULL THEN r.unit_id ELSE r.unit_change ->> 0 END
  ),
  accounts AS MATERIALIZED (SELECT u.id AS user_id, u.official_id FROM users u WHERE u.official_id IN (SELECT id FROM base)),
  -- Online completions that count: not revoked (a revoked certificate without a valid one).
  -- Revoked certificates are few: start from them rather than grouping every certificate.
  revoked AS MATERIALIZED (
    SELECT DISTINCT r.user_id, r.course_id FROM certificates r
    WHERE r.revoked_at IS NOT NULL AND r.user_id IN (SELECT user_id FROM accounts)
      AND NOT EXISTS (SELECT 1 FROM certificates v WHERE v.user_id = r.user_id AND v.course_id = r.course_id AND v.revoked_at IS NULL)
  ),
  valid AS MATERIALIZED (
    SELECT a.official_id, cc.user_id, cc.course_id, cc.completed_at, cc.score_percent
    FROM accounts a JOIN course_completions cc ON cc.user_id = a.user_id
    WHERE NOT EXISTS (SELECT 1 FROM revoked r WHERE r.user_id = cc.user_id AND r.course_id = cc.course_id)
  ),
  done AS (
    -- CROSS JOIN keeps completions outside: the planner would otherwise index them for the 7 kinds.
    SELECT v.official_id, k.kind, v.completed_at FROM valid v CROSS JOIN kinds k ON k.course_id = v.course_id
    UNION ALL
    -- A class ending on a calendar date counts from midnight of that date in Vietnam.
    SELECT ca.official_id, tc.kind, (unixepoch(tc.ends_on) - ${VIETNAM_OFFSET_SECONDS}) * 1000
    FROM class_attendances ca JOIN training_classes tc ON tc.id = ca.class_id
    WHERE ca.result = 'hoan-thanh' AND ca.official_id IN (SELECT id FROM base)
  ),
  done_by AS MATERIALIZED (
    SELECT official_id,
      max(kind = '${SPECIALIZED_KIND}' AND completed_at < :end) AS specialized,
      max(kind = '${GENERAL_KIND}' AND completed_at >= :start AND completed_at < :end) AS general,
      max(kind IN (${field}) AND completed_at >= :start AND completed_at < :end) AS field
    FROM done GROUP BY official_id
  ),
  assigned AS MATERIALIZED (
    SELECT DISTINCT a.official_id FROM assignments a JOIN kinds k ON k.course_id = a.course_id
    WHERE a.official_id IN (SELECT id FROM base) AND k.kind = '${SPECIALIZED_KIND}' AND a.assigned_at < :end AND (a.cancelled_at IS NULL OR a.cancelled_at >= :end)
  ),
  facts AS (
    SELECT b.id, b.unit_id, b.unit_path, b.grp, b.flagged,
      (COALESCE(d.specialized, 0) OR s.official_id IS NOT NULL) AS sent,
      COALESCE(d.general, 0) AS general, COALESCE(d.field, 0) AS field
    FROM base b LEFT JOIN done_by d ON d.official_id = b.id LEFT JOIN assigned s ON s.official_id = b.id
  )`;
}

function baseArgs(unitPath: string, period: Period, courseKinds: ReadonlyMap<string, string>): Record<string, InValue> {
  return {
    ...subtreePathRange(unitPath),
    start: period.start,
    end: period.end,
    kinds: JSON.stringify(Object.fromEntries(courseKinds)),
  };
}

/** Counts of the three shares (no ids), one row per group key. */
export interface ShareCounts {
  officials: number;
  shares: Record<IndicatorKey, Share>;
}

function sharesOf(row: Record<string, unknown>): ShareCounts {
  const make = (key: IndicatorKey, numerator: number, denominator: number): Share => ({
    key,
    numerator,
    denominator,
    percent: denominator === 0 ? null : (numerator / denominator) * 100,
    target: TARGETS[key],
    numeratorIds: [],
    denominatorIds: [],
  });
  const n = (name: string) => Number(row[name] ?? 0);
  return {
    officials: n('officials'),
    shares: {
      'underqualified-sent': make('underqualified-sent', n('sent'), n('flagged')),
      'general-management': make('general-management', n('general'), n('professional')),
      'field-skills': make('field-skills', n('field'), n('officials')),
      // Not counted on this path (to be replaced by the stored per-official facts): see compute.ts.
      'leaders-programme': make('leaders-programme', 0, 0),
    },
  };
}

const COUNTS = `count(*) AS officials, sum(flagged) AS flagged, sum(flagged AND sent) AS sent,
  sum(grp = '${PROFESSIONAL_GROUP}') AS professional, sum(grp = '${PROFESSIONAL_GROUP}' AND general) AS general, sum(field) AS field`;

/** SELECT of the counts per direct child of the path (child "" = officials of the unit itself). */
function childCounts(parentPath: string): string {
  const start = parentPath.length + 1;
  return `SELECT child, ${COUNTS} FROM (
      SELECT *, substr(unit_path, ${start}, instr(substr(unit_path, ${start}), '/') - 1) AS child FROM facts
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
  courseKinds: ReadonlyMap<string, string>,
): Promise<Map<string, ShareCounts>> {
  const sql = `${factsCte()} ${childCounts(parentPath)}`;
  const result = await client.execute({ sql, args: baseArgs(parentPath, period, courseKinds) });
  return new Map(
    result.rows.map((row) => [String(row.child ?? ''), sharesOf(row as unknown as Record<string, unknown>)]),
  );
}

/** Sums share counts (a unit's total from its children's). */
export function sumCounts(parts: Iterable<ShareCounts>): ShareCounts {
  const totals: Record<string, number> = { officials: 0, flagged: 0, sent: 0, professional: 0, general: 0, field: 0 };
  for (const part of parts) {
    totals.officials! += part.officials;
    totals.flagged! += part.shares['underqualified-sent'].denominator;
    totals.sent! += part.shares['underqualified-sent'].numerator;
    totals.professional! += part.shares['general-management'].denominator;
    totals.general! += part.shares['general-management'].numerator;
    totals.field! += part.shares['field-skills'].numerator;
  }
  return sharesOf(totals);
}

/**
 * Every figure of UnitIndicators for the unit at `unit.path`, computed in SQL (share ids are
 * left empty: the officials page reads them through compute.ts), plus the children's counts.
 */
export async function aggregateUnitIndicators(
  client: Client,
  unit: UnitRow,
  period: Period,
  courseKinds: ReadonlyMap<string, string>,
  now = Date.now(),
): Promise<{ indicators: UnitIndicators; byChild: Map<string, ShareCounts> }> {
  // Online figures of the counted officials: completions (not revoked), final attempts, evaluations.
  const sql = `${factsCte()},
    counted AS MATERIALIZED (
      SELECT user_id, course_id, completed_at, score_percent, completed_at >= :start AND completed_at < :end AS in_period FROM valid
    ),
    evaluated AS MATERIALIZED (
      SELECT c.completed_at, c.in_period, e.user_id IS NOT NULL AS done
      FROM counted c LEFT JOIN effectiveness_evaluations e ON e.user_id = c.user_id AND e.course_id = c.course_id
    ),
    attempts AS MATERIALIZED (
      SELECT q.course_id, q.passed FROM quiz_attempts q
      WHERE q.user_id IN (SELECT user_id FROM accounts) AND q.final = 1 AND q.submitted_at IS NOT NULL AND q.passed IS NOT NULL AND q.submitted_at >= :start AND q.submitted_at < :end
    ),
    course_rows AS (
      SELECT course_id, sum(in_period) AS completions, avg(CASE WHEN in_period THEN score_percent END) AS average, 0 AS tried, 0 AS passed FROM counted GROUP BY course_id
      UNION ALL
      SELECT course_id, 0, NULL, count(*), sum(passed = 1) FROM attempts GROUP BY course_id
    )
    SELECT json_object(
      'children', (SELECT json_group_array(json_array(child, officials, flagged, sent, professional, general, field)) FROM (${childCounts(unit.path)})),
      'courses', (SELECT json_group_array(json_array(course_id, completions, average, tried, passed)) FROM (
          SELECT course_id, sum(completions) AS completions, max(average) AS average, sum(tried) AS tried, sum(passed) AS passed
          FROM course_rows GROUP BY course_id HAVING sum(completions) > 0 OR sum(tried) > 0 ORDER BY course_id)),
      'months', (SELECT json_group_object(m, n) FROM (
          SELECT strftime('%Y-%m', (completed_at + ${VIETNAM_OFFSET_MS}) / 1000, 'unixepoch') AS m, count(*) AS n FROM counted WHERE in_period GROUP BY m)),
      'completions', (SELECT count(*) FROM counted WHERE in_period),
      'average', (SELECT avg(score_percent) FROM counted WHERE in_period),
      'done', (SELECT count(*) FROM evaluated WHERE in_period AND done),
      'due', (SELECT count(*) FROM evaluated WHERE NOT done
          AND unixepoch(completed_at / 1000, 'unixepoch', '+3 months') * 1000 + completed_at % 1000 <= :now)
    ) AS packed`;
  const result = await client.execute({ sql, args: { ...baseArgs(unit.path, period, courseKinds), now } });
  const packed = JSON.parse(String(result.rows[0]!.packed)) as {
    children: [string | null, number, number, number, number, number, number][];
    courses: [string, number, number | null, number, number][];
    months: Record<string, number>;
    completions: number;
    average: number | null;
    done: number;
    due: number;
  };
  const byChild = new Map(
    packed.children.map(([child, officials, flagged, sent, professional, general, field]) => [
      child ?? '',
      sharesOf({ officials, flagged, sent, professional, general, field }),
    ]),
  );
  const total = sumCounts(byChild.values());
  const courses: CourseFigures[] = packed.courses.map(
    ([courseId, completions, averageScore, finalAttempts, passedAttempts]) => ({
      courseId,
      completions,
      averageScore,
      finalAttempts,
      passedAttempts,
      passRate: finalAttempts === 0 ? null : (passedAttempts / finalAttempts) * 100,
    }),
  );
  courses.sort((a, b) => (a.courseId < b.courseId ? -1 : a.courseId > b.courseId ? 1 : 0));
  const indicators: UnitIndicators = {
    unitId: unit.id,
    period,
    officials: total.officials,
    shares: total.shares,
    courses,
    completionsByMonth: monthsOf(period).map((month) => ({ month, completions: packed.months[month] ?? 0 })),
    completionsInPeriod: packed.completions,
    averageScore: packed.average,
    evaluationsDue: packed.due,
    evaluationsDone: packed.done,
  };
  return { indicators, byChild };
}
