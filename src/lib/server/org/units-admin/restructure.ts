/**
 * Mergers and splits of commune-level units, each one transaction with its history and audit.
 *
 * Officials move with a dated official_changes row (unit-writes.ts moveOfficials), so the
 * indicators of periods ending by the effective date still count them in their old unit and
 * later periods in the new one. The units that end keep their records (classes, plans,
 * assignments, certificates) and get `retiredOn` (a merged-away unit also its `successorId`).
 * Their offices are retired with them, and the officials of those offices move to the surviving
 * or new commune itself: moving the offices would rewrite their paths and so move their past
 * into the survivor's figures. The administrator then places people in the survivor's offices.
 */
import { inArray } from 'drizzle-orm';
import { units, type Unit } from '../../../../../db/schema/index.ts';
import type { UnitKindSlug } from '../../../org/unit-rules.ts';
import { newId } from '../../../ids.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import type { SessionUser } from '../../auth/sessions.ts';
import { getDb } from '../../db.ts';
import type { Dated } from './operations.ts';
import {
  activeOfficialsUnder,
  activeUnitsUnder,
  assertCodeFree,
  changeableUnit,
  insertUnit,
  moveOfficials,
  recordUnitChanges,
  retireUnits,
  UnitChangeRefused,
  type WriteTransaction,
} from './unit-writes.ts';

/** A commune made by a merger or a split. */
export interface NewCommune {
  name: string;
  code: string;
  kind: Extract<UnitKindSlug, 'xa' | 'phuong' | 'dac-khu'>;
}

/** What a merger is given: the communes, and the survivor (one of them) or a new commune. */
export interface MergeInput extends Dated {
  unitIds: string[];
  survivor: { unitId: string } | { create: NewCommune };
}

/** What a merger did. */
export interface MergeResult {
  survivor: Unit;
  mergedAway: Unit[];
  officialsMoved: number;
}

/** Communes of one province that the caller may change, each checked (404 / 409 as for one unit). */
async function communesOfOneProvince(tx: WriteTransaction, user: SessionUser, unitIds: readonly string[]) {
  const found: Unit[] = [];
  for (const id of unitIds) found.push(await changeableUnit(tx, user, id));
  const notCommune = found.find((unit) => unit.level !== 'commune');
  if (notCommune)
    throw new UnitChangeRefused(400, `Chỉ hợp nhất hoặc chia tách xã, phường, đặc khu; ${notCommune.name} thì không.`);
  if (new Set(found.map((unit) => unit.parentId)).size > 1)
    throw new UnitChangeRefused(400, 'Các đơn vị hợp nhất phải cùng thuộc một tỉnh, thành phố.');
  return found;
}

function notBefore(unit: Unit, effectiveOn: string) {
  if (unit.validFrom && effectiveOn < unit.validFrom)
    throw new UnitChangeRefused(
      400,
      `Ngày có hiệu lực không được trước ngày ${unit.name} được thành lập (${unit.validFrom.split('-').reverse().join('/')}).`,
    );
}

/** Merges two or more communes of one province into one of them or into a new commune. */
export async function mergeUnits(user: SessionUser, input: MergeInput, now = new Date()): Promise<MergeResult> {
  const ids = [...new Set(input.unitIds)];
  if (ids.length < 2) throw new UnitChangeRefused(400, 'Hãy chọn ít nhất hai đơn vị để hợp nhất.');
  return getDb().transaction(async (tx) => {
    const merging = await communesOfOneProvince(tx, user, ids);
    for (const unit of merging) notBefore(unit, input.effectiveOn);
    let survivor: Unit;
    if ('unitId' in input.survivor) {
      const chosen = merging.find((unit) => unit.id === (input.survivor as { unitId: string }).unitId);
      if (!chosen) throw new UnitChangeRefused(400, 'Đơn vị giữ lại phải là một trong các đơn vị được hợp nhất.');
      survivor = chosen;
    } else {
      const created = input.survivor.create;
      await assertCodeFree(tx, created.code);
      const province = merging[0].parentId!;
      const [parent] = await tx
        .select()
        .from(units)
        .where(inArray(units.id, [province]));
      const id = newId();
      const path = await insertUnit(
        tx,
        { id, ...created, level: 'commune', parent, validFrom: input.effectiveOn },
        now,
      );
      survivor = {
        ...parent,
        id,
        ...created,
        level: 'commune',
        parentId: parent.id,
        path,
        validFrom: input.effectiveOn,
        retiredOn: null,
        successorId: null,
        createdAt: now,
      };
    }
    const mergedAway = merging.filter((unit) => unit.id !== survivor.id);

    const moves: { officialId: string; fromUnitId: string; toUnitId: string }[] = [];
    const retiring: Unit[] = [];
    for (const unit of mergedAway) {
      for (const official of await activeOfficialsUnder(tx, unit.path))
        moves.push({ officialId: official.id, fromUnitId: official.unitId, toUnitId: survivor.id });
      retiring.push(...(await activeUnitsUnder(tx, unit.path)));
    }
    await moveOfficials(tx, moves, input.effectiveOn, user, now);
    await retireUnits(
      tx,
      retiring.map((unit) => unit.id),
      input.effectiveOn,
      survivor.id,
    );

    const mergedIds = mergedAway.map((unit) => unit.id);
    const mergedNames = mergedAway.map((unit) => unit.name).join('; ');
    await recordUnitChanges(
      tx,
      [
        ...('create' in input.survivor
          ? [
              {
                unitId: survivor.id,
                kind: 'create' as const,
                effectiveOn: input.effectiveOn,
                newValue: survivor.name,
                relatedUnitIds: mergedIds,
                reason: input.reason,
              },
            ]
          : []),
        {
          unitId: survivor.id,
          kind: 'merge' as const,
          effectiveOn: input.effectiveOn,
          oldValue: mergedNames,
          newValue: survivor.name,
          relatedUnitIds: mergedIds,
          reason: input.reason,
        },
        ...retiring.map((unit) => ({
          unitId: unit.id,
          kind: 'merge' as const,
          effectiveOn: input.effectiveOn,
          oldValue: unit.name,
          newValue: survivor.name,
          relatedUnitIds: [survivor.id],
          reason: input.reason,
        })),
      ],
      user,
      now,
    );
    await recordAudit(tx, {
      action: 'merge-units',
      userId: user.id,
      unitId: survivor.id,
      target: survivor.name,
      details: { merged: mergedIds, effectiveOn: input.effectiveOn, officialsMoved: moves.length },
      at: now,
    });
    return { survivor, mergedAway, officialsMoved: moves.length };
  });
}

/** What a split is given: the new communes, and which one each official goes to (by index; default the first). */
export interface SplitInput extends Dated {
  parts: NewCommune[];
  placement: ReadonlyMap<string, number>;
}

/** What a split did. */
export interface SplitResult {
  parts: { id: string; name: string }[];
  officialsMoved: number;
}

/** Splits a commune into two or more new communes of the same province; the commune itself retires. */
export async function splitUnit(
  user: SessionUser,
  unitId: string,
  input: SplitInput,
  now = new Date(),
): Promise<SplitResult> {
  if (input.parts.length < 2) throw new UnitChangeRefused(400, 'Hãy nhập ít nhất hai đơn vị mới.');
  const codes = input.parts.map((part) => part.code);
  if (new Set(codes).size !== codes.length) throw new UnitChangeRefused(400, 'Các đơn vị mới phải có mã khác nhau.');
  return getDb().transaction(async (tx) => {
    const [unit] = await communesOfOneProvince(tx, user, [unitId]);
    notBefore(unit, input.effectiveOn);
    for (const code of codes) await assertCodeFree(tx, code);
    const officialsHere = await activeOfficialsUnder(tx, unit.path);
    const here = new Set(officialsHere.map((official) => official.id));
    for (const [officialId, index] of input.placement) {
      if (!here.has(officialId))
        throw new UnitChangeRefused(400, 'Danh sách cán bộ đã thay đổi. Hãy tải lại trang rồi chọn lại.');
      if (!Number.isInteger(index) || index < 0 || index >= input.parts.length)
        throw new UnitChangeRefused(400, 'Hãy chọn đơn vị mới cho từng cán bộ trong danh sách.');
    }
    const [parent] = await tx
      .select()
      .from(units)
      .where(inArray(units.id, [unit.parentId!]));
    const parts: { id: string; name: string }[] = [];
    for (const part of input.parts) {
      const id = newId();
      await insertUnit(tx, { id, ...part, level: 'commune', parent, validFrom: input.effectiveOn }, now);
      parts.push({ id, name: part.name });
    }
    const moves = officialsHere.map((official) => ({
      officialId: official.id,
      fromUnitId: official.unitId,
      toUnitId: parts[input.placement.get(official.id) ?? 0].id,
    }));
    await moveOfficials(tx, moves, input.effectiveOn, user, now);
    const retiring = await activeUnitsUnder(tx, unit.path);
    await retireUnits(
      tx,
      retiring.map((each) => each.id),
      input.effectiveOn,
      null,
    );
    const partIds = parts.map((part) => part.id);
    await recordUnitChanges(
      tx,
      [
        ...retiring.map((each) => ({
          unitId: each.id,
          kind: 'split' as const,
          effectiveOn: input.effectiveOn,
          oldValue: each.name,
          newValue: parts.map((part) => part.name).join('; '),
          relatedUnitIds: partIds,
          reason: input.reason,
        })),
        ...parts.map((part) => ({
          unitId: part.id,
          kind: 'split' as const,
          effectiveOn: input.effectiveOn,
          oldValue: unit.name,
          newValue: part.name,
          relatedUnitIds: [unit.id],
          reason: input.reason,
        })),
      ],
      user,
      now,
    );
    await recordAudit(tx, {
      action: 'split-unit',
      userId: user.id,
      unitId: unit.id,
      target: unit.name,
      details: { into: partIds, effectiveOn: input.effectiveOn, officialsMoved: moves.length },
      at: now,
    });
    return { parts, officialsMoved: moves.length };
  });
}
