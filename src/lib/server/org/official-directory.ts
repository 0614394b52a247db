/**
 * What administrators read about units and officials: their scope as a tree with counts, a
 * unit with its ancestors and sub-units, and the filtered, paged table of officials. Every
 * query starts from a unit already found through scope.ts, so nothing outside the caller's
 * subtree can be reached from here.
 */
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { officials, units, type Unit } from '../../../../db/schema/index.ts';
import { adminScopePaths, canAdministerPath } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import {
  OFFICIALS_PAGE_SIZE,
  lastPage,
  matchesNameQuery,
  type OfficialFilters,
} from '../../officials/official-filters.ts';
import { pathInSubtree, unitInScopeCondition, unitsInScope } from './scope.ts';
import {
  buildUnitTree,
  flattenSubtree,
  idsOfPath,
  outermostPaths,
  rollUpCounts,
  type OfficialCounts,
  type UnitNode,
} from '../../org/unit-tree.ts';

/** Officials who count: those still working (an import may mark others inactive). */
const counted = eq(officials.active, true);

/** Own (not subtree) counts of active officials per unit, for units matching `where`. */
async function ownCounts(where: SQL | undefined): Promise<Map<string, OfficialCounts>> {
  const rows = await getDb()
    .select({
      unitId: officials.unitId,
      officials: count(),
      flagged: sql<number>`coalesce(sum(${officials.underqualified}), 0)`,
    })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(counted, where))
    .groupBy(officials.unitId);
  return new Map(rows.map((row) => [row.unitId, { officials: Number(row.officials), flagged: Number(row.flagged) }]));
}

function countNodes(nodes: UnitNode<Unit>[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.children), 0);
}

/**
 * The caller's scope as trees of units with subtree counts. The tree is cut a few levels down
 * so that a page stays readable (about `maxNodes` units); deeper units are one click away.
 */
export async function scopeOverview(
  user: SessionUser,
  maxNodes = 400,
): Promise<{ trees: UnitNode<Unit>[]; totals: OfficialCounts }> {
  const scoped = await unitsInScope(user);
  const totals = rollUpCounts(scoped, await ownCounts(unitInScopeCondition(user)));
  const roots = outermostPaths(adminScopePaths(user));
  let trees = buildUnitTree(scoped, roots, totals, 3);
  for (let depth = 2; depth >= 0 && countNodes(trees) > maxNodes; depth--)
    trees = buildUnitTree(scoped, roots, totals, depth);
  const sum = trees.reduce(
    (all, tree) => ({ officials: all.officials + tree.counts.officials, flagged: all.flagged + tree.counts.flagged }),
    { officials: 0, flagged: 0 },
  );
  return { trees, totals: sum };
}

/** The ancestors of a unit that the caller administers, root first (for breadcrumbs). */
export async function ancestorsInScope(user: SessionUser, unit: Unit): Promise<Unit[]> {
  const ancestorIds = idsOfPath(unit.path).slice(0, -1);
  if (ancestorIds.length === 0) return [];
  const rows = await getDb().select().from(units).where(inArray(units.id, ancestorIds));
  return rows
    .filter((ancestor) => canAdministerPath(user, ancestor.path))
    .sort((a, b) => a.path.length - b.path.length);
}

/** A unit's page: ancestors the caller may open, its children with counts, every sub-unit, the job titles used. */
export interface UnitDetail {
  unit: Unit;
  counts: OfficialCounts;
  /** Ancestors inside the caller's scope, root first (the unit itself excluded). */
  ancestors: Unit[];
  children: { unit: Unit; counts: OfficialCounts }[];
  /** Every unit below this one in tree order, with its depth (1 = child), for the filter. */
  descendants: { unit: Unit; depth: number }[];
  /** Distinct job titles of active officials in the subtree, sorted. */
  jobTitles: string[];
}

/** Details of a unit already found in the caller's scope (see findUnitInScope). */
export async function unitDetail(user: SessionUser, unit: Unit): Promise<UnitDetail> {
  const db = getDb();
  const inside = await db.select().from(units).where(pathInSubtree(unit.path));
  const totals = rollUpCounts(inside, await ownCounts(pathInSubtree(unit.path)));
  const ancestors = await ancestorsInScope(user, unit);
  const titles = await db
    .selectDistinct({ jobTitle: officials.jobTitle })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(counted, pathInSubtree(unit.path)));
  const [tree] = buildUnitTree(inside, [unit.path], totals, 1);
  return {
    unit,
    counts: totals.get(unit.id) ?? { officials: 0, flagged: 0 },
    ancestors,
    children: (tree?.children ?? []).map((child) => ({ unit: child.unit, counts: child.counts })),
    descendants: flattenSubtree(inside, unit.path).filter((entry) => entry.unit.id !== unit.id),
    jobTitles: titles.map((row) => row.jobTitle).sort((a, b) => a.localeCompare(b, 'vi')),
  };
}

/** A row of the officials table. */
export interface OfficialRow {
  id: string;
  fullName: string;
  staffCode: string;
  unitId: string;
  unitName: string;
  jobTitle: string;
  group: string;
  underqualified: boolean;
  underqualifiedSince: string | null;
}

export interface OfficialPage {
  rows: OfficialRow[];
  total: number;
  page: number;
  lastPage: number;
}

const rowColumns = {
  id: officials.id,
  fullName: officials.fullName,
  staffCode: officials.staffCode,
  unitId: officials.unitId,
  unitName: units.name,
  jobTitle: officials.jobTitle,
  group: officials.group,
  underqualified: officials.underqualified,
  underqualifiedSince: officials.underqualifiedSince,
};

/**
 * One page of active officials in the subtree of `within` (a unit already authorized, and for
 * the sub-unit filter one inside it), ordered by staff code. The name search folds tone marks,
 * which SQLite cannot, so it is applied to the ids and names of the filtered set in memory.
 */
export async function listOfficials(
  within: Unit,
  filters: OfficialFilters,
  pageSize = OFFICIALS_PAGE_SIZE,
): Promise<OfficialPage> {
  const db = getDb();
  const where = and(
    counted,
    pathInSubtree(within.path),
    filters.group ? eq(officials.group, filters.group) : undefined,
    filters.jobTitle ? eq(officials.jobTitle, filters.jobTitle) : undefined,
    filters.flag ? eq(officials.underqualified, filters.flag === 'chua-dap-ung') : undefined,
  );
  if (filters.query) {
    const candidates = await db
      .select({ id: officials.id, fullName: officials.fullName, staffCode: officials.staffCode })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(where)
      .orderBy(asc(officials.staffCode));
    const matching = candidates.filter((candidate) => matchesNameQuery(candidate, filters.query!));
    const last = lastPage(matching.length, pageSize);
    const page = Math.min(filters.page, last);
    const ids = matching.slice((page - 1) * pageSize, page * pageSize).map((candidate) => candidate.id);
    const rows =
      ids.length === 0
        ? []
        : await db
            .select(rowColumns)
            .from(officials)
            .innerJoin(units, eq(units.id, officials.unitId))
            .where(inArray(officials.id, ids))
            .orderBy(asc(officials.staffCode));
    return { rows, total: matching.length, page, lastPage: last };
  }
  const [{ total }] = await db
    .select({ total: count() })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(where);
  const last = lastPage(total, pageSize);
  const page = Math.min(filters.page, last);
  const rows = await db
    .select(rowColumns)
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(where)
    .orderBy(asc(officials.staffCode))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total, page, lastPage: last };
}

/**
 * Units an official may be moved to by this caller: commune-level units and their bodies in
 * the caller's scope, within the official's province (the list stays short), in tree order.
 */
export async function unitChoicesFor(user: SessionUser, currentUnit: Unit): Promise<{ unit: Unit; label: string }[]> {
  const condition = unitInScopeCondition(user);
  if (!condition) return [];
  const provincePath = `/${idsOfPath(currentUnit.path)[0]}/`;
  const candidates = await getDb()
    .select()
    .from(units)
    .where(and(condition, pathInSubtree(provincePath)));
  const names = new Map(candidates.map((unit) => [unit.id, unit.name]));
  return (
    flattenSubtree(candidates, provincePath)
      .filter((entry) => entry.unit.level !== 'province')
      // A retired unit takes no one new; the official's own unit stays listed as the current choice.
      .filter((entry) => entry.unit.retiredOn === null || entry.unit.id === currentUnit.id)
      .map(({ unit }) => ({
        unit,
        // "Xã Quảng Lợi › Phòng Kinh tế": every ancestor below the province that the caller can see.
        label: idsOfPath(unit.path)
          .slice(1)
          .map((id) => names.get(id))
          .filter(Boolean)
          .join(' › '),
      }))
  );
}
