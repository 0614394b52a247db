/**
 * Queries bounded by an administrator's scope. Every administrator page and endpoint looks
 * units and officials up through these functions, so something outside the caller's subtree
 * is simply not found: the page answers 404, exactly as for an id that does not exist.
 * The subtree conditions here (pathInSubtree, findUnitInSubtree) are the one way any scoped
 * query, an API token's included, says "inside this unit".
 */
import { and, eq, like, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { officials, units, type Official, type Unit } from '../../../../db/schema/index.ts';
import { adminScopePaths } from '../../auth/access.ts';
import { newWorkRefusal } from '../../org/unit-rules.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';

/** A column (or SQL expression) holding a unit path: units.path, certificates.unitPath, sql`u.path`. */
type PathColumn = Parameters<typeof like>[0];

/** Reads units: the server's database, or a transaction in progress. */
type UnitReader = Pick<Database, 'select'>;

/**
 * SQL condition: the path in `column` (units.path unless given) lies in the subtree rooted at
 * `rootPath`, the root included. The SQL twin of isWithin (src/lib/org/unit-tree.ts).
 */
export function pathInSubtree(rootPath: string, column: PathColumn = units.path): SQL {
  // Paths are ids joined by "/", with no LIKE wildcards in them (ids are base32).
  return like(column, `${rootPath}%`);
}

/** SQL condition: the path lies in one of the subtrees; undefined when there are none (nothing is inside). */
export function pathInSubtrees(rootPaths: readonly string[], column: PathColumn = units.path): SQL | undefined {
  return or(...rootPaths.map((rootPath) => pathInSubtree(rootPath, column)));
}

/** SQL condition: the unit's path lies in one of the user's subtrees (undefined when there are none). */
export function unitInScopeCondition(user: SessionUser | undefined): SQL | undefined {
  return pathInSubtrees(adminScopePaths(user));
}

/**
 * The unit with this id if it lies in the subtree of `rootPaths` (one path, or any of several),
 * else undefined: outside is the same "not found" as an id that does not exist.
 */
export async function findUnitInSubtree(
  rootPaths: string | readonly string[],
  unitId: string,
  reader: UnitReader = getDb(),
): Promise<Unit | undefined> {
  const inside = pathInSubtrees(typeof rootPaths === 'string' ? [rootPaths] : rootPaths);
  if (!inside) return undefined;
  const [unit] = await reader
    .select()
    .from(units)
    .where(and(eq(units.id, unitId), inside))
    .limit(1);
  return unit;
}

/** Every unit the user administers, shallowest first. */
export async function unitsInScope(user: SessionUser | undefined): Promise<Unit[]> {
  const condition = unitInScopeCondition(user);
  if (!condition) return [];
  const rows = await getDb().select().from(units).where(condition);
  return rows.sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.name.localeCompare(b.name, 'vi'));
}

/** The units the user administers that still exist: the targets offered for new work (retired units keep their history only). */
export async function activeUnitsInScope(user: SessionUser | undefined): Promise<Unit[]> {
  return (await unitsInScope(user)).filter((unit) => unit.retiredOn === null);
}

/** The unit with this id if the user administers it, else undefined (treat as not found). */
export async function findUnitInScope(
  user: SessionUser | undefined,
  unitId: string,
  reader?: UnitReader,
): Promise<Unit | undefined> {
  return findUnitInSubtree(adminScopePaths(user), unitId, reader);
}

/**
 * The unit with this id if the user administers it, for new work (moving an official in, a class,
 * a plan, an assignment): undefined when not found (404), `refusal` (Vietnamese, answer 409) when
 * the unit has retired. Forms hide retired units; this refuses a crafted request too.
 */
export async function findActiveUnitInScope(
  user: SessionUser | undefined,
  unitId: string,
  reader?: UnitReader,
): Promise<{ unit: Unit; refusal: string | null } | undefined> {
  const unit = await findUnitInScope(user, unitId, reader);
  return unit && { unit, refusal: newWorkRefusal(unit) };
}

/** The unit with this administrative code if the user administers it. */
export async function findUnitByCodeInScope(user: SessionUser | undefined, code: string): Promise<Unit | undefined> {
  const condition = unitInScopeCondition(user);
  if (!condition) return undefined;
  const [unit] = await getDb()
    .select()
    .from(units)
    .where(and(eq(units.code, code), condition))
    .limit(1);
  return unit;
}

/** The official with this id, with their unit, if the user administers that unit. */
export async function findOfficialInScope(
  user: SessionUser | undefined,
  officialId: string,
): Promise<{ official: Official; unit: Unit } | undefined> {
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
