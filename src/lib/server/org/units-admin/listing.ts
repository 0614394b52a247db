/**
 * What the unit management pages read: the units a caller manages (retired ones marked, never
 * offered as targets), the choices of parents, one unit with its children, officials and forms'
 * choices, and its history (unit_changes, newest first).
 */
import { and, asc, count, desc, eq, inArray, isNull, like, or } from 'drizzle-orm';
import { officials, unitChanges, units, users, type Unit, type UnitChange } from '../../../../../db/schema/index.ts';
import { retiredLabel, unitManagementPaths } from '../../../org/unit-rules.ts';
import type { SessionUser } from '../../auth/sessions.ts';
import { getDb } from '../../db.ts';
import { activeOfficialsUnder, managesPath } from './unit-writes.ts';

/** A unit as listed, with how it is marked when it no longer exists. */
export interface ListedUnit {
  unit: Unit;
  /** "Đã hợp nhất vào … từ dd/mm/yyyy" / "Đã giải thể từ …"; null while it exists. */
  status: string | null;
}

const byName = (a: Unit, b: Unit) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code);

/** Names of the given units (for successors and related units), whatever their scope: names of public bodies. */
async function namesOf(ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await getDb().select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unique));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The unit if the caller manages its subtree, else undefined (answer 404). */
export async function findManagedUnit(user: SessionUser, unitId: string): Promise<Unit | undefined> {
  if (unitId.length > 64) return undefined;
  const [unit] = await getDb().select().from(units).where(eq(units.id, unitId)).limit(1);
  return unit && managesPath(user, unit.path) ? unit : undefined;
}

/** Units with their marks. */
export async function withStatus(list: readonly Unit[]): Promise<ListedUnit[]> {
  const names = await namesOf(list.map((unit) => unit.successorId ?? ''));
  return list.map((unit) => ({ unit, status: retiredLabel(unit, names.get(unit.successorId ?? '')) }));
}

/**
 * The units on the management page: the provinces the caller manages, and for a province
 * administrator the communes under them (a system administrator opens a province for those).
 */
export async function managedUnits(user: SessionUser): Promise<{ provinces: ListedUnit[]; communes: ListedUnit[] }> {
  const roots = unitManagementPaths(user);
  if (roots.length === 0) return { provinces: [], communes: [] };
  const db = getDb();
  if (roots.includes('/')) {
    const provinces = await db.select().from(units).where(isNull(units.parentId));
    return { provinces: await withStatus(provinces.sort(byName)), communes: [] };
  }
  const inside = await db
    .select()
    .from(units)
    .where(
      and(or(...roots.map((root) => like(units.path, `${root}%`))), inArray(units.level, ['province', 'commune'])),
    );
  return {
    provinces: await withStatus(inside.filter((unit) => unit.level === 'province').sort(byName)),
    communes: await withStatus(inside.filter((unit) => unit.level === 'commune').sort(byName)),
  };
}

/** Parents a new unit may be put under on the management page: existing provinces and communes the caller manages. */
export async function parentChoices(user: SessionUser): Promise<Unit[]> {
  const { provinces, communes } = await managedUnits(user);
  return [...provinces, ...communes].map((listed) => listed.unit).filter((unit) => !unit.retiredOn);
}

/** A row of a unit's history, with who recorded it and the related units' names. */
export interface HistoryRow {
  change: UnitChange;
  changedByName: string | null;
  related: { id: string; name: string }[];
}

/** The unit's history, newest first (by effective date, then by when recorded). */
export async function unitHistory(unitId: string, limit = 200): Promise<HistoryRow[]> {
  const rows = await getDb()
    .select({ change: unitChanges, changedByName: users.displayName })
    .from(unitChanges)
    .leftJoin(users, eq(users.id, unitChanges.changedBy))
    .where(eq(unitChanges.unitId, unitId))
    .orderBy(desc(unitChanges.effectiveOn), desc(unitChanges.changedAt), desc(unitChanges.id))
    .limit(limit);
  const names = await namesOf(rows.flatMap((row) => row.change.relatedUnitIds ?? []));
  return rows.map((row) => ({
    ...row,
    related: (row.change.relatedUnitIds ?? []).map((id) => ({ id, name: names.get(id) ?? 'đơn vị khác' })),
  }));
}

/** Everything a unit's management page shows. */
export interface UnitManagementView {
  unit: Unit;
  status: string | null;
  parent: Unit | null;
  children: ListedUnit[];
  /** Active officials of the subtree. */
  officialCount: number;
  /** For a commune, its active officials by name (the split form); empty otherwise. */
  officials: { id: string; fullName: string; staffCode: string; unitId: string }[];
  /** Other existing communes of the same province (for the merge form). */
  siblings: Unit[];
  /** Parents it may be moved under. */
  moveTargets: Unit[];
  history: HistoryRow[];
}

/** The unit's page, or undefined when it is outside the caller's subtree (answer 404). */
export async function unitManagementView(user: SessionUser, unitId: string): Promise<UnitManagementView | undefined> {
  if (unitId.length > 64) return undefined;
  const db = getDb();
  const [unit] = await db.select().from(units).where(eq(units.id, unitId)).limit(1);
  if (!unit || !managesPath(user, unit.path)) return undefined;
  const [parentRow, childRows, officialRows, [counted], history] = await Promise.all([
    unit.parentId ? db.select().from(units).where(eq(units.id, unit.parentId)) : Promise.resolve([]),
    db.select().from(units).where(eq(units.parentId, unit.id)).orderBy(asc(units.name)),
    unit.level === 'commune' ? activeOfficialsUnder(db, unit.path) : Promise.resolve([]),
    db
      .select({ n: count() })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(and(eq(officials.active, true), like(units.path, `${unit.path}%`))),
    unitHistory(unit.id),
  ]);
  const parent = parentRow[0] && managesPath(user, parentRow[0].path) ? parentRow[0] : null;
  const siblings =
    unit.level === 'commune' && unit.parentId
      ? (await db.select().from(units).where(eq(units.parentId, unit.parentId)))
          .filter((other) => other.id !== unit.id && !other.retiredOn)
          .sort(byName)
      : [];
  let moveTargets: Unit[] = [];
  if (unit.level !== 'province') {
    const wanted = unit.level === 'commune' ? 'province' : 'commune';
    // An office moves within its province (the list stays short); a commune to any province managed.
    const roots = unit.level === 'office' ? [`/${unit.path.split('/')[1]}/`] : unitManagementPaths(user);
    moveTargets = (
      await db
        .select()
        .from(units)
        .where(and(eq(units.level, wanted), or(...roots.map((root) => like(units.path, `${root}%`)))))
    )
      .filter((target) => !target.retiredOn && target.id !== unit.parentId)
      .sort(byName);
  }
  const [listed] = await withStatus([unit]);
  return {
    unit,
    status: listed.status,
    parent,
    children: await withStatus(childRows.sort(byName)),
    officialCount: counted.n,
    officials: officialRows.sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi')),
    siblings,
    moveTargets,
    history,
  };
}
