/**
 * Creating, renaming, moving and retiring a unit. Each is one transaction that re-reads the units
 * it touches, checks the caller may change them (404 outside their subtree), writes the change,
 * its unit_changes row(s) and the audit entry together: all or nothing.
 */
import { eq, inArray, like, sql } from 'drizzle-orm';
import { roleGrants, units, type Unit } from '../../../../../db/schema/index.ts';
import { levelOfKind, managesProvinces, parentLevelOf, type UnitKindSlug } from '../../../org/unit-rules.ts';
import { newId } from '../../../ids.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { forgetCachedSessions, type SessionUser } from '../../auth/sessions.ts';
import { getDb } from '../../db.ts';
import {
  activeOfficialsUnder,
  activeUnitsUnder,
  assertCodeFree,
  changeableUnit,
  insertUnit,
  recordUnitChanges,
  retireUnits,
  UnitChangeRefused,
  visibleUnit,
  type WriteTransaction,
} from './unit-writes.ts';

/** Date and reason every change carries. */
export interface Dated {
  effectiveOn: string;
  reason: string;
}

const PARENT_NEEDED: Record<'commune' | 'office', string> = {
  commune: 'Xã, phường, đặc khu phải thuộc một tỉnh, thành phố. Hãy chọn đơn vị cấp trên.',
  office: 'Cơ quan, phòng ban phải thuộc một xã, phường hoặc đặc khu. Hãy chọn đơn vị cấp trên.',
};

/** The parent a unit of `level` may have, checked: visible to the caller, of the right level, existing. */
export async function checkedParent(
  tx: Pick<WriteTransaction, 'select'>,
  user: SessionUser,
  level: 'province' | 'commune' | 'office',
  parentId: string | null,
): Promise<Unit | null> {
  const wanted = parentLevelOf(level);
  if (wanted === null) {
    if (!managesProvinces(user))
      throw new UnitChangeRefused(403, 'Chỉ quản trị viên hệ thống được tạo tỉnh, thành phố.');
    if (parentId)
      throw new UnitChangeRefused(400, 'Tỉnh, thành phố không thuộc đơn vị nào. Hãy bỏ chọn đơn vị cấp trên.');
    return null;
  }
  const childLevel = level as 'commune' | 'office';
  if (!parentId) throw new UnitChangeRefused(400, PARENT_NEEDED[childLevel]);
  const parent = await visibleUnit(tx, user, parentId);
  if (parent.level !== wanted) throw new UnitChangeRefused(400, PARENT_NEEDED[childLevel]);
  if (parent.retiredOn)
    throw new UnitChangeRefused(409, `${parent.name} đã giải thể hoặc đã hợp nhất; hãy chọn đơn vị cấp trên khác.`);
  return parent;
}

/** What a new unit is given. */
export interface CreateUnitInput extends Dated {
  name: string;
  code: string;
  kind: UnitKindSlug;
  parentId: string | null;
}

/** Creates a unit under a parent the caller manages (a province: system administrator only). */
export async function createUnit(user: SessionUser, input: CreateUnitInput, now = new Date()): Promise<Unit> {
  return getDb().transaction(async (tx) => {
    const level = levelOfKind(input.kind);
    const parent = await checkedParent(tx, user, level, input.parentId);
    await assertCodeFree(tx, input.code);
    const id = newId();
    await insertUnit(
      tx,
      { id, name: input.name, code: input.code, kind: input.kind, level, parent, validFrom: input.effectiveOn },
      now,
    );
    await recordUnitChanges(
      tx,
      [{ unitId: id, kind: 'create', effectiveOn: input.effectiveOn, newValue: input.name, reason: input.reason }],
      user,
      now,
    );
    await recordAudit(tx, {
      action: 'create-unit',
      userId: user.id,
      unitId: id,
      target: input.name,
      details: { code: input.code, kind: input.kind, parentId: parent?.id ?? null, effectiveOn: input.effectiveOn },
      at: now,
    });
    const [created] = await tx.select().from(units).where(eq(units.id, id));
    return created;
  });
}

/** Renames a unit from a date (the old and new names kept in its history). */
export async function renameUnit(
  user: SessionUser,
  unitId: string,
  input: Dated & { name: string },
  now = new Date(),
): Promise<Unit> {
  return getDb().transaction(async (tx) => {
    const unit = await changeableUnit(tx, user, unitId);
    if (unit.name === input.name) throw new UnitChangeRefused(400, 'Tên mới giống tên hiện tại của đơn vị.');
    await renameInTransaction(tx, user, unit, input, now);
    return { ...unit, name: input.name };
  });
}

/** The rename itself, for a transaction already open (the unit import renames this way too). */
export async function renameInTransaction(
  tx: WriteTransaction,
  user: SessionUser,
  unit: Pick<Unit, 'id' | 'name'>,
  input: Dated & { name: string },
  now: Date,
): Promise<void> {
  await tx.update(units).set({ name: input.name }).where(eq(units.id, unit.id));
  await recordUnitChanges(
    tx,
    [
      {
        unitId: unit.id,
        kind: 'rename',
        effectiveOn: input.effectiveOn,
        oldValue: unit.name,
        newValue: input.name,
        reason: input.reason,
      },
    ],
    user,
    now,
  );
  await recordAudit(tx, {
    action: 'rename-unit',
    userId: user.id,
    unitId: unit.id,
    target: input.name,
    details: { from: unit.name, to: input.name, effectiveOn: input.effectiveOn },
    at: now,
  });
}

/**
 * Moves a unit (with its whole subtree) under another parent in the caller's scope: a commune
 * under another province, an office under another commune. Every path of the subtree is
 * rewritten in one statement. A move corrects the tree as it is: indicators read units by their
 * current path, so for a change in law over time use a merger or a split instead.
 */
export async function moveUnit(
  user: SessionUser,
  unitId: string,
  input: Dated & { parentId: string },
  now = new Date(),
): Promise<Unit> {
  const moved = await getDb().transaction(async (tx) => {
    const unit = await changeableUnit(tx, user, unitId);
    if (unit.level === 'province')
      throw new UnitChangeRefused(400, 'Tỉnh, thành phố không thuộc đơn vị nào nên không chuyển được.');
    const parent = await checkedParent(tx, user, unit.level, input.parentId);
    if (!parent) throw new UnitChangeRefused(400, 'Hãy chọn đơn vị cấp trên mới.');
    if (parent.path.startsWith(unit.path))
      throw new UnitChangeRefused(400, 'Không chuyển được một đơn vị vào chính nó hoặc đơn vị trực thuộc nó.');
    if (parent.id === unit.parentId) throw new UnitChangeRefused(400, `${unit.name} đã thuộc ${parent.name}.`);
    const [oldParent] = unit.parentId
      ? await tx.select({ name: units.name }).from(units).where(eq(units.id, unit.parentId))
      : [];
    const newPath = `${parent.path}${unit.id}/`;
    await tx.update(units).set({ parentId: parent.id }).where(eq(units.id, unit.id));
    await tx.run(
      sql`UPDATE units SET path = ${newPath} || substr(path, ${unit.path.length + 1}) WHERE path LIKE ${`${unit.path}%`}`,
    );
    await recordUnitChanges(
      tx,
      [
        {
          unitId: unit.id,
          kind: 'move',
          effectiveOn: input.effectiveOn,
          oldValue: oldParent?.name ?? null,
          newValue: parent.name,
          relatedUnitIds: [unit.parentId ?? '', parent.id].filter(Boolean),
          reason: input.reason,
        },
      ],
      user,
      now,
    );
    await recordAudit(tx, {
      action: 'move-unit',
      userId: user.id,
      unitId: unit.id,
      target: unit.name,
      details: { fromParentId: unit.parentId, toParentId: parent.id, effectiveOn: input.effectiveOn },
      at: now,
    });
    return { ...unit, parentId: parent.id, path: newPath };
  });
  await forgetSessionsUnder(moved.path);
  return moved;
}

/** Administrators of units in a moved subtree hold their scope by path: their cached sessions must be read again. */
async function forgetSessionsUnder(path: string): Promise<void> {
  const holders = await getDb()
    .selectDistinct({ userId: roleGrants.userId })
    .from(roleGrants)
    .where(
      inArray(
        roleGrants.unitId,
        getDb()
          .select({ id: units.id })
          .from(units)
          .where(like(units.path, `${path}%`)),
      ),
    );
  for (const holder of holders) await forgetCachedSessions(holder.userId);
}

/**
 * Retires a unit (and its offices) from a date, only once no active official is left in it;
 * otherwise 409 saying how many remain. Its records stay attached to it.
 */
export async function retireUnit(user: SessionUser, unitId: string, input: Dated, now = new Date()): Promise<Unit> {
  return getDb().transaction(async (tx) => {
    const unit = await changeableUnit(tx, user, unitId);
    const remaining = await activeOfficialsUnder(tx, unit.path);
    if (remaining.length > 0)
      throw new UnitChangeRefused(
        409,
        `${unit.name} còn ${remaining.length.toLocaleString('vi-VN')} cán bộ đang công tác. Hãy chuyển họ sang đơn vị khác (hoặc hợp nhất đơn vị) trước khi giải thể.`,
      );
    if (unit.validFrom && input.effectiveOn < unit.validFrom)
      throw new UnitChangeRefused(400, 'Ngày giải thể không được trước ngày đơn vị được thành lập.');
    const retired = await activeUnitsUnder(tx, unit.path);
    await retireUnits(
      tx,
      retired.map((each) => each.id),
      input.effectiveOn,
      null,
    );
    await recordUnitChanges(
      tx,
      retired.map((each) => ({
        unitId: each.id,
        kind: 'retire' as const,
        effectiveOn: input.effectiveOn,
        oldValue: each.name,
        relatedUnitIds: each.id === unit.id ? null : [unit.id],
        reason: input.reason,
      })),
      user,
      now,
    );
    await recordAudit(tx, {
      action: 'retire-unit',
      userId: user.id,
      unitId: unit.id,
      target: unit.name,
      details: { effectiveOn: input.effectiveOn, units: retired.length },
      at: now,
    });
    return { ...unit, retiredOn: input.effectiveOn };
  });
}
