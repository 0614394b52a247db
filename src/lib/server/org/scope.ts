/**
 * Queries bounded by an administrator's scope. Every administrator page and endpoint looks
 * units and officials up through these functions, so something outside the caller's subtree
 * is simply not found: the page answers 404, exactly as for an id that does not exist.
 */
import { and, eq, like, or, type SQL } from 'drizzle-orm';
import { officials, units, type Official, type Unit } from '../../../../db/schema/index.ts';
import { adminScopePaths } from '../access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';

/** SQL condition: the unit's path lies in one of the user's subtrees (false when there are none). */
export function unitInScopeCondition(user: SessionUser | undefined): SQL | undefined {
  const paths = adminScopePaths(user);
  if (paths.length === 0) return undefined;
  // Paths are ids joined by "/", with no LIKE wildcards in them (ids are base32).
  return or(...paths.map((path) => like(units.path, `${path}%`)));
}

/** Every unit the user administers, shallowest first. */
export async function unitsInScope(user: SessionUser | undefined): Promise<Unit[]> {
  const condition = unitInScopeCondition(user);
  if (!condition) return [];
  const rows = await getDb().select().from(units).where(condition);
  return rows.sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.name.localeCompare(b.name, 'vi'));
}

/** The unit with this id if the user administers it, else undefined (treat as not found). */
export async function findUnitInScope(user: SessionUser | undefined, unitId: string): Promise<Unit | undefined> {
  const condition = unitInScopeCondition(user);
  if (!condition) return undefined;
  const [unit] = await getDb().select().from(units).where(and(eq(units.id, unitId), condition)).limit(1);
  return unit;
}

/** The unit with this administrative code if the user administers it. */
export async function findUnitByCodeInScope(user: SessionUser | undefined, code: string): Promise<Unit | undefined> {
  const condition = unitInScopeCondition(user);
  if (!condition) return undefined;
  const [unit] = await getDb().select().from(units).where(and(eq(units.code, code), condition)).limit(1);
  return unit;
}

/** The official with this id, with their unit, if the user administers that unit. */
export async function findOfficialInScope(user: SessionUser | undefined, officialId: string): Promise<{ official: Official; unit: Unit } | undefined> {
  const condition = unitInScopeCondition(user);
  if (!condition) return undefined;
  const [row] = await getDb()
    .select({ official: officials, unit: units })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(eq(officials.id, officialId), condition))
    .limit(1);
  return row;
}
