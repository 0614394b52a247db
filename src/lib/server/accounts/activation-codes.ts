/**
 * Issuing activation codes (issue 16): for a list of officials in the issuer's subtree, every live
 * code of their accounts is revoked (re-issuing invalidates the letter printed before) and one new
 * code per account is stored, hashed, under one batch id; the audit log records how many and for
 * which unit, never the codes. The codes are returned once, for the letters to be printed now:
 * they cannot be read back later.
 *
 * Issuing a code hands over the account to whoever holds the letter, so the same rule as for a
 * temporary password applies (accountActionProblem): accounts holding a role the issuer could not
 * grant, and the issuer's own, are skipped and reported.
 */
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { activationCodes, officials, roleGrants, units, users } from '../../../../db/schema/index.ts';
import { canAdministerPath } from '../../auth/access.ts';
import { accountActionProblem } from '../../auth/account-rules.ts';
import type { RoleGrant } from '../../auth/roles.ts';
import {
  activationCodeExpiry,
  generateActivationCode,
  groupActivationCode,
  hashActivationCode,
  normaliseActivationCode,
} from '../../accounts/activation-code.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { OutOfScopeError } from '../org/official-changes.ts';

// Every commune has offices of the same names, so a letter names the office with its commune:
// "Trung tâm Phục vụ hành chính công, Xã Bến Sông 01".
const parentUnit = alias(units, 'parent_unit');
const letterUnitName = sql<string>`CASE WHEN ${units.level} = 'office' AND ${parentUnit.name} IS NOT NULL
  THEN ${units.name} || ', ' || ${parentUnit.name} ELSE ${units.name} END`;

/** Rows per statement: well under SQLite's limit on bound values. */
const CHUNK = 400;

/** One printed letter: who, where, the code (shown only now) and until when it works. */
export interface ActivationLetter {
  officialId: string;
  userId: string;
  staffCode: string;
  fullName: string;
  unitName: string;
  code: string;
  expiresAt: Date;
}

/** An official left out, with the reason in Vietnamese. */
export interface SkippedOfficial {
  officialId: string;
  fullName: string;
  kind: 'no-account' | 'forbidden';
  reason: string;
}

export interface IssuedBatch {
  batchId: string;
  letters: ActivationLetter[];
  skipped: SkippedOfficial[];
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}

/**
 * Issues one new code for each official's account, revoking their live ones, in one transaction.
 * Throws OutOfScopeError (answer 404) if any official does not exist or lies outside the issuer's
 * subtree. `unit` names the unit the letters were asked for (its subtree), for the audit log.
 */
export async function issueActivationCodes(
  actor: SessionUser,
  officialIds: readonly string[],
  { unit, now = new Date() }: { unit?: { id: string; name: string }; now?: Date } = {},
): Promise<IssuedBatch> {
  const ids = [...new Set(officialIds)];
  const batchId = newId();
  const expiresAt = activationCodeExpiry(now);
  return getDb().transaction(async (tx) => {
    const found: {
      officialId: string;
      staffCode: string;
      fullName: string;
      unitId: string;
      unitName: string;
      unitPath: string;
      userId: string | null;
    }[] = [];
    for (const part of chunks(ids)) {
      found.push(
        ...(await tx
          .select({
            officialId: officials.id,
            staffCode: officials.staffCode,
            fullName: officials.fullName,
            unitId: units.id,
            unitName: letterUnitName,
            unitPath: units.path,
            userId: users.id,
          })
          .from(officials)
          .innerJoin(units, eq(units.id, officials.unitId))
          .leftJoin(parentUnit, eq(parentUnit.id, units.parentId))
          .leftJoin(users, eq(users.officialId, officials.id))
          .where(inArray(officials.id, part))),
      );
    }
    if (found.length !== ids.length || found.some((row) => !canAdministerPath(actor, row.unitPath)))
      throw new OutOfScopeError();
    // Letters come out in the order asked for (the letters page asks in staff code order).
    const position = new Map(ids.map((id, index) => [id, index]));
    found.sort((a, b) => position.get(a.officialId)! - position.get(b.officialId)!);

    const withAccount = found.filter((row) => row.userId !== null) as ((typeof found)[number] & { userId: string })[];
    const grants = new Map<string, Pick<RoleGrant, 'role' | 'unitPath'>[]>();
    for (const part of chunks(withAccount.map((row) => row.userId))) {
      const rows = await tx
        .select({ userId: roleGrants.userId, role: roleGrants.role, unitPath: units.path })
        .from(roleGrants)
        .leftJoin(units, eq(units.id, roleGrants.unitId))
        .where(inArray(roleGrants.userId, part));
      for (const row of rows) grants.set(row.userId, [...(grants.get(row.userId) ?? []), row]);
    }

    const skipped: SkippedOfficial[] = [];
    const letters: ActivationLetter[] = [];
    for (const row of found) {
      if (!row.userId) {
        skipped.push({ ...row, kind: 'no-account', reason: 'Cán bộ này chưa có tài khoản đăng nhập.' });
        continue;
      }
      const problem = accountActionProblem(actor, { userId: row.userId, roles: grants.get(row.userId) ?? [] });
      if (problem) {
        skipped.push({ ...row, kind: 'forbidden', reason: problem });
        continue;
      }
      letters.push({
        officialId: row.officialId,
        userId: row.userId,
        staffCode: row.staffCode,
        fullName: row.fullName,
        unitName: row.unitName,
        code: generateActivationCode(),
        expiresAt,
      });
    }

    for (const part of chunks(letters)) {
      await tx
        .update(activationCodes)
        .set({ revokedAt: now })
        .where(
          and(
            inArray(
              activationCodes.userId,
              part.map((letter) => letter.userId),
            ),
            isNull(activationCodes.usedAt),
            isNull(activationCodes.revokedAt),
          ),
        );
      await tx.insert(activationCodes).values(
        part.map((letter) => ({
          id: newId(),
          userId: letter.userId,
          codeHash: hashActivationCode(normaliseActivationCode(letter.code)!),
          batchId,
          issuedBy: actor.id,
          issuedAt: now,
          expiresAt,
        })),
      );
    }
    if (letters.length > 0) {
      await recordAudit(tx, {
        action: 'issue-activation-codes',
        userId: actor.id,
        // Without a unit asked for (one official from their page): the unit of the first official.
        unitId: unit?.id ?? found.find((row) => row.officialId === letters[0].officialId)?.unitId ?? null,
        // One official re-issued from their page is named by staff code; a batch by its unit.
        target: unit?.name ?? letters.map((letter) => letter.staffCode).join(', '),
        details: {
          count: letters.length,
          skipped: skipped.length,
          batchId,
          unitName: unit?.name ?? letters[0].unitName,
        },
        at: now,
      });
    }
    return { batchId, letters, skipped };
  });
}

/** The account's live code (not used, revoked or expired), without the code itself; undefined if none. */
export async function liveActivationCode(
  userId: string,
  now = new Date(),
): Promise<{ issuedAt: Date; expiresAt: Date } | undefined> {
  const [row] = await getDb()
    .select({ issuedAt: activationCodes.issuedAt, expiresAt: activationCodes.expiresAt })
    .from(activationCodes)
    .where(
      and(
        eq(activationCodes.userId, userId),
        isNull(activationCodes.usedAt),
        isNull(activationCodes.revokedAt),
        gt(activationCodes.expiresAt, now),
      ),
    )
    .limit(1);
  return row;
}

/**
 * The letter of an official whose live code the caller typed or was just shown (the one-letter
 * PDF after a re-issue): undefined unless `code` is that account's live code and the official is
 * in the caller's scope.
 */
export async function letterForLiveCode(
  actor: SessionUser,
  officialId: string,
  code: string,
  now = new Date(),
): Promise<ActivationLetter | undefined> {
  const normalised = normaliseActivationCode(code);
  if (!normalised) return undefined;
  const [row] = await getDb()
    .select({
      officialId: officials.id,
      userId: users.id,
      staffCode: officials.staffCode,
      fullName: officials.fullName,
      unitName: letterUnitName,
      unitPath: units.path,
      expiresAt: activationCodes.expiresAt,
    })
    .from(activationCodes)
    .innerJoin(users, eq(users.id, activationCodes.userId))
    .innerJoin(officials, eq(officials.id, users.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .leftJoin(parentUnit, eq(parentUnit.id, units.parentId))
    .where(
      and(
        eq(activationCodes.codeHash, hashActivationCode(normalised)),
        eq(officials.id, officialId),
        isNull(activationCodes.usedAt),
        isNull(activationCodes.revokedAt),
        gt(activationCodes.expiresAt, now),
      ),
    )
    .limit(1);
  if (!row || !canAdministerPath(actor, row.unitPath)) return undefined;
  return { ...row, code: groupActivationCode(normalised) };
}
