/**
 * The building blocks every unit change shares, used inside one write transaction: finding a
 * unit the caller manages (outside their subtree: 404, like a missing unit), inserting a unit,
 * recording a unit_changes row, and moving officials to another unit with a dated
 * official_changes row. The operations (operations.ts, restructure.ts) and the unit import
 * (units-import/commit.ts) compose them, so every path writes the same history.
 */
import { and, eq, gt, inArray, isNotNull, like } from 'drizzle-orm';
import { officialChanges, officials, unitChanges, units, type Unit } from '../../../../../db/schema/index.ts';
import { canManageUnit, unitManagementPaths, type UnitKindSlug } from '../../../org/unit-rules.ts';
import type { UnitChangeKind } from '../../../org/unit-change-kinds.ts';
import { RefusedRequest } from '../../../refused-request.ts';
import { vietnamDate, vietnamMidnight } from '../../../vietnam-time.ts';
import type { SessionUser } from '../../auth/sessions.ts';
import type { getDb } from '../../db.ts';

/** A write transaction of the server's database. */
export type WriteTransaction = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0];

/** A unit change refused as a whole: a 4xx and a Vietnamese sentence. Nothing was written. */
export class UnitChangeRefused extends RefusedRequest {}

export const UNIT_NOT_FOUND = 'Không tìm thấy đơn vị trong phạm vi quản lý.';

/** Reads units: the database or an open transaction. */
type Reader = Pick<WriteTransaction, 'select'>;

/** True when the path lies in a subtree the user manages (the units they may see on these pages). */
export function managesPath(user: SessionUser, path: string): boolean {
  return unitManagementPaths(user).some((root) => path.startsWith(root));
}

/** The unit if the user manages its subtree; otherwise a 404 refusal (as for a unit that does not exist). */
export async function visibleUnit(reader: Reader, user: SessionUser, unitId: string): Promise<Unit> {
  const [unit] = await reader.select().from(units).where(eq(units.id, unitId)).limit(1);
  if (!unit || !managesPath(user, unit.path)) throw new UnitChangeRefused(404, UNIT_NOT_FOUND);
  return unit;
}

/** A visible unit the user may change, still existing: 404 outside, 403 for a province (system administrator only), 409 retired. */
export async function changeableUnit(reader: Reader, user: SessionUser, unitId: string): Promise<Unit> {
  const unit = await visibleUnit(reader, user, unitId);
  if (!canManageUnit(user, unit.path, unit.level))
    throw new UnitChangeRefused(403, 'Chỉ quản trị viên hệ thống được thay đổi đơn vị cấp tỉnh, thành phố.');
  if (unit.retiredOn)
    throw new UnitChangeRefused(409, `${unit.name} đã giải thể hoặc đã hợp nhất; không thay đổi được nữa.`);
  return unit;
}

/** The instant a change dated `effectiveOn` takes effect: 00:00 of that day in Vietnam (ms). */
export function effectiveInstant(effectiveOn: string): number {
  return vietnamMidnight(effectiveOn);
}

/** Refuses a code another unit already has (the other unit is not named: it may lie outside the caller's scope). */
export async function assertCodeFree(reader: Reader, code: string): Promise<void> {
  const [taken] = await reader.select({ id: units.id }).from(units).where(eq(units.code, code)).limit(1);
  if (taken) throw new UnitChangeRefused(409, `Mã đơn vị ${code} đã được dùng cho một đơn vị khác. Hãy chọn mã khác.`);
}

/** What a new unit needs. */
export interface NewUnit {
  id: string;
  name: string;
  code: string;
  kind: UnitKindSlug;
  level: 'province' | 'commune' | 'office';
  parent: Pick<Unit, 'id' | 'path'> | null;
  validFrom: string;
}

/** Inserts a unit; returns its path. */
export async function insertUnit(tx: WriteTransaction, unit: NewUnit, now: Date): Promise<string> {
  const path = `${unit.parent ? unit.parent.path : '/'}${unit.id}/`;
  await tx.insert(units).values({
    id: unit.id,
    parentId: unit.parent?.id ?? null,
    level: unit.level,
    kind: unit.kind,
    name: unit.name,
    code: unit.code,
    path,
    validFrom: unit.validFrom,
    createdAt: now,
  });
  return path;
}

/** One unit_changes row. */
export interface ChangeRow {
  unitId: string;
  kind: UnitChangeKind;
  effectiveOn: string;
  oldValue?: string | null;
  newValue?: string | null;
  relatedUnitIds?: string[] | null;
  reason?: string | null;
}

/** Records changes of the tree by `user` at `now`. */
export async function recordUnitChanges(
  tx: WriteTransaction,
  rows: readonly ChangeRow[],
  user: SessionUser | null,
  now: Date,
): Promise<void> {
  // In batches: SQLite allows 32,766 parameters per statement (ten per row here).
  for (let i = 0; i < rows.length; i += 500) await insertChanges(tx, rows.slice(i, i + 500), user, now);
}

async function insertChanges(tx: WriteTransaction, rows: readonly ChangeRow[], user: SessionUser | null, now: Date) {
  await tx.insert(unitChanges).values(
    rows.map((row) => ({
      unitId: row.unitId,
      kind: row.kind,
      effectiveOn: row.effectiveOn,
      oldValue: row.oldValue ?? null,
      newValue: row.newValue ?? null,
      relatedUnitIds: row.relatedUnitIds ?? null,
      reason: row.reason ?? null,
      changedBy: user?.id ?? null,
      changedAt: now,
    })),
  );
}

/** Active officials whose unit lies in the subtree at `path`, with their unit. */
export async function activeOfficialsUnder(
  reader: Reader,
  path: string,
): Promise<{ id: string; fullName: string; staffCode: string; unitId: string }[]> {
  return reader
    .select({
      id: officials.id,
      fullName: officials.fullName,
      staffCode: officials.staffCode,
      unitId: officials.unitId,
    })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(eq(officials.active, true), like(units.path, `${path}%`)));
}

/**
 * Moves officials to `toUnitId` with one official_changes row each, dated at 00:00 (Vietnam) of
 * the effective date. The indicators place an official by the first unit change at or after a
 * period's end (compute.ts valueAt, aggregate.ts firsts): periods ending by that date still count
 * them in their old unit, later periods in the new one.
 */
export async function moveOfficials(
  tx: WriteTransaction,
  moves: readonly { officialId: string; fromUnitId: string; toUnitId: string }[],
  effectiveOn: string,
  user: SessionUser,
  now: Date,
): Promise<void> {
  const changedAt = new Date(effectiveInstant(effectiveOn));
  await refuseLaterMoves(
    tx,
    moves.map((move) => move.officialId),
    changedAt,
  );
  const byTarget = new Map<string, string[]>();
  for (const move of moves) byTarget.set(move.toUnitId, [...(byTarget.get(move.toUnitId) ?? []), move.officialId]);
  for (const [toUnitId, ids] of byTarget) {
    for (let i = 0; i < ids.length; i += 500)
      await tx
        .update(officials)
        .set({ unitId: toUnitId, updatedAt: now })
        .where(inArray(officials.id, ids.slice(i, i + 500)));
  }
  const rows = moves.map((move) => ({
    officialId: move.officialId,
    field: 'unitId',
    oldValue: move.fromUnitId,
    newValue: move.toUnitId,
    changedAt,
    changedBy: user.id,
  }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(officialChanges).values(rows.slice(i, i + 500));
}

/**
 * Refuses a dated move that an official's own later move would contradict: the history is read
 * in date order, so a merger dated before a transfer already recorded would misplace them.
 * (Creation rows, from no unit, do not count: an official recorded later simply did not exist yet.)
 */
async function refuseLaterMoves(tx: WriteTransaction, officialIds: readonly string[], after: Date): Promise<void> {
  for (let i = 0; i < officialIds.length; i += 500) {
    const [later] = await tx
      .select({ name: officials.fullName, at: officialChanges.changedAt })
      .from(officialChanges)
      .innerJoin(officials, eq(officials.id, officialChanges.officialId))
      .where(
        and(
          inArray(officialChanges.officialId, officialIds.slice(i, i + 500)),
          eq(officialChanges.field, 'unitId'),
          isNotNull(officialChanges.oldValue),
          gt(officialChanges.changedAt, after),
        ),
      )
      .limit(1);
    if (later)
      throw new UnitChangeRefused(
        409,
        `Cán bộ ${later.name} đã được chuyển đơn vị sau ngày có hiệu lực này (${vietnamDate(later.at).split('-').reverse().join('/')}). Hãy chọn ngày có hiệu lực từ sau ngày đó.`,
      );
  }
}

/** Marks units retired on `effectiveOn` (with the unit their officials went to, if any). */
export async function retireUnits(
  tx: WriteTransaction,
  unitIds: readonly string[],
  effectiveOn: string,
  successorId: string | null,
): Promise<void> {
  if (unitIds.length === 0) return;
  await tx
    .update(units)
    .set({ retiredOn: effectiveOn, successorId })
    .where(inArray(units.id, [...unitIds]));
}

/** Units of the subtree at `path` still existing, the root included. */
export async function activeUnitsUnder(reader: Reader, path: string): Promise<Unit[]> {
  const rows = await reader
    .select()
    .from(units)
    .where(like(units.path, `${path}%`));
  return rows.filter((unit) => !unit.retiredOn);
}
