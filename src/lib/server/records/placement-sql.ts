/**
 * The placement rule of src/lib/indicators/placement.ts (unitAtEnd) as SQL, for the readers that
 * place officials in the database: the records screen, its exports and API, and the yearly
 * report. tests/integration/placement.test.ts checks it against unitAtEnd.
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * The unit id of the official `officialId` (a column) at the instant `end` (ms, first instant
 * after the period): the old value of the first 'unitId' change at or after it (a creation row,
 * with no old value, gives the unit first recorded), else `currentUnitId`. With no end (a view
 * with no period) the current unit. A correlated subquery on official_changes(official_id,
 * changed_at), the table's index.
 */
export function unitAtEndSql(officialId: SQL, currentUnitId: SQL, end: number | null): SQL {
  if (end === null) return currentUnitId;
  return sql`COALESCE((SELECT COALESCE(oc.old_value, oc.new_value) FROM official_changes oc
      WHERE oc.official_id = ${officialId} AND oc.field = 'unitId' AND oc.changed_at >= ${end}
      ORDER BY oc.changed_at, oc.id LIMIT 1), ${currentUnitId})`;
}

/**
 * The same rule as a table to join, for readers that place many officials at one instant: each
 * official with a 'unitId' change at or after `end` and their unit at `end` (columns official_id,
 * unit_id). `LEFT JOIN … m ON m.official_id = o.id` then `COALESCE(m.unit_id, o.unit_id)` is
 * unitAtEndSql; read once per query instead of once per row (the records of a province are
 * hundreds of thousands of rows, the officials who moved since a period's end a few).
 */
export function unitsAtEndTable(end: number): SQL {
  return sql`(SELECT official_id, unit_id FROM (
      SELECT official_id, COALESCE(old_value, new_value) AS unit_id,
        row_number() OVER (PARTITION BY official_id ORDER BY changed_at, id) AS n
      FROM official_changes WHERE field = 'unitId' AND changed_at >= ${end}) WHERE n = 1)`;
}
