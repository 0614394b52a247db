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
