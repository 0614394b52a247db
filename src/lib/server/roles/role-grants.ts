/**
 * Granting and taking back roles (/quan-tri/vai-tro/). Every grant and revocation is checked
 * again inside its transaction (the unit and the person in the actor's scope, the grant no more
 * than the actor holds: canGrant), written with who, when and why, and audited in the same
 * transaction; after the commit the person's cached sessions are dropped so the change applies
 * from their next request. Outside the actor's scope answers "not found" (404).
 */
import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Database } from '../../../../db/client.ts';
import { activationCodes, officials, roleGrants, units, users, type Unit } from '../../../../db/schema/index.ts';
import { adminScopePaths, canAdministerPath, hasRole } from '../../auth/access.ts';
import { grantProblem, grantShapeProblem, roleLabel } from '../../auth/account-rules.ts';
import type { Role } from '../../auth/roles.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { forgetCachedSessions, type SessionUser } from '../auth/sessions.ts';
import { normaliseUsername } from '../auth/sign-in.ts';
import { getDb } from '../db.ts';
import { findUnitInScope, pathInSubtrees } from '../org/scope.ts';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A refused grant or revocation: 404 outside the scope, 403 beyond the actor's rank, 400/409 otherwise. */
export interface GrantRefusal {
  ok: false;
  status: 400 | 403 | 404 | 409;
  message: string;
}
const refuse = (status: GrantRefusal['status'], message: string): GrantRefusal => ({ ok: false, status, message });

export const ACCOUNT_NOT_FOUND = 'Không tìm thấy tài khoản này trong phạm vi quản lý.';
export const UNIT_NOT_FOUND = 'Không tìm thấy đơn vị này trong phạm vi quản lý.';
export const GRANT_NOT_FOUND = 'Không tìm thấy vai trò này trong phạm vi quản lý.';

/** What a new grant says: the role, its unit (null: national or global), an instructor's limits, why. */
export interface GrantRequest {
  role: Role;
  unitId: string | null;
  courseSlugs: string[] | null;
  fields: string[] | null;
  reason: string;
}

/** A grant as the roles screen lists it. */
export interface GrantRow {
  id: number;
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  unitPath: string | null;
  courseSlugs: string[] | null;
  fields: string[] | null;
  grantedByName: string | null;
  grantedAt: Date | null;
  reason: string | null;
}

/** The grants of every role but the learner's baseline whose unit lies in the actor's scope (national ones: system administrators only). */
export async function grantsInScope(
  actor: SessionUser,
  filters: { role?: Role; unitId?: string; userId?: string } = {},
  limit = 500,
): Promise<GrantRow[]> {
  const inside = grantUnitCondition(actor);
  if (!inside) return [];
  const granter = alias(users, 'granter');
  const conditions: (SQL | undefined)[] = [inside, sql`${roleGrants.role} <> 'learner'`];
  if (filters.role) conditions.push(eq(roleGrants.role, filters.role));
  if (filters.unitId) conditions.push(eq(roleGrants.unitId, filters.unitId));
  if (filters.userId) conditions.push(eq(roleGrants.userId, filters.userId));
  return getDb()
    .select({
      id: roleGrants.id,
      userId: roleGrants.userId,
      username: users.username,
      displayName: users.displayName,
      role: roleGrants.role,
      unitId: roleGrants.unitId,
      unitName: units.name,
      unitPath: units.path,
      courseSlugs: roleGrants.courseSlugs,
      fields: roleGrants.fields,
      grantedByName: granter.displayName,
      grantedAt: roleGrants.grantedAt,
      reason: roleGrants.reason,
    })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .leftJoin(granter, eq(granter.id, roleGrants.grantedBy))
    .where(and(...conditions))
    .orderBy(desc(roleGrants.grantedAt), desc(roleGrants.id))
    .limit(limit);
}

/** Grants the actor may see: on a unit of their scope; a system administrator sees those with no unit too. */
function grantUnitCondition(actor: SessionUser): SQL | undefined {
  const inside = pathInSubtrees(adminScopePaths(actor));
  if (!inside) return undefined;
  return hasRole(actor, 'system_admin') ? or(inside, isNull(roleGrants.unitId)) : inside;
}

/**
 * The account `username` names if the actor may manage its roles: a system administrator any
 * account; another administrator an official's account whose official is in their scope, or an
 * account of nobody's official (an inspector from the ministry) whose every grant lies in their
 * scope. Anyone else is "not found", so the form cannot be used to learn who has an account.
 */
export async function accountInScope(
  actor: SessionUser,
  username: string,
  reader: Pick<Database, 'select'> = getDb(),
): Promise<{ id: string; username: string; displayName: string } | undefined> {
  const [account] = await reader
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      officialId: users.officialId,
      officialPath: units.path,
    })
    .from(users)
    .leftJoin(officials, eq(officials.id, users.officialId))
    .leftJoin(units, eq(units.id, officials.unitId))
    .where(eq(users.username, normaliseUsername(username)))
    .limit(1);
  if (!account) return undefined;
  const found = { id: account.id, username: account.username, displayName: account.displayName };
  if (hasRole(actor, 'system_admin')) return found;
  if (account.officialId)
    return account.officialPath && canAdministerPath(actor, account.officialPath) ? found : undefined;
  const grants = await reader
    .select({ role: roleGrants.role, unitPath: units.path })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, account.id));
  const held = grants.filter((grant) => grant.role !== 'learner');
  return held.length > 0 && held.every((grant) => grant.unitPath && canAdministerPath(actor, grant.unitPath))
    ? found
    : undefined;
}

/**
 * Inside a transaction: the grant's unit (in the actor's scope, or none) and why the grant may not
 * be given by the actor to `targetUserId`, as a refusal; the unit when it may.
 */
export async function checkGrant(
  tx: Transaction,
  actor: SessionUser,
  targetUserId: string,
  request: GrantRequest,
): Promise<{ refusal: GrantRefusal } | { unit: Unit | undefined }> {
  const unit = request.unitId ? await findUnitInScope(actor, request.unitId, tx) : undefined;
  if (request.unitId && (!unit || unit.retiredOn)) return { refusal: refuse(404, UNIT_NOT_FOUND) };
  const shape = grantShapeProblem({
    role: request.role,
    unitLevel: unit?.level ?? null,
    courseSlugs: request.courseSlugs,
    fields: request.fields,
  });
  if (shape) return { refusal: refuse(400, shape) };
  const problem = grantProblem(actor, targetUserId, { role: request.role, unitPath: unit?.path ?? null });
  if (problem) return { refusal: refuse(403, problem) };
  const [existing] = await tx
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .where(
      and(
        eq(roleGrants.userId, targetUserId),
        eq(roleGrants.role, request.role),
        unit ? eq(roleGrants.unitId, unit.id) : isNull(roleGrants.unitId),
      ),
    )
    .limit(1);
  if (existing)
    return {
      refusal: refuse(
        409,
        `Tài khoản này đã có vai trò ${roleLabel(request.role)}${unit ? ` ở ${unit.name}` : ''}. Muốn đổi giới hạn, hãy thu hồi rồi cấp lại.`,
      ),
    };
  return { unit };
}

/** Inside a transaction: writes the grant and its audit entry. */
export async function writeGrant(
  tx: Transaction,
  actor: SessionUser,
  target: { id: string; username: string },
  request: GrantRequest,
  unit: Unit | undefined,
  now: Date,
  created = false,
): Promise<number> {
  const [row] = await tx
    .insert(roleGrants)
    .values({
      userId: target.id,
      role: request.role,
      unitId: unit?.id ?? null,
      courseSlugs: request.courseSlugs,
      fields: request.fields,
      grantedBy: actor.id,
      grantedAt: now,
      reason: request.reason,
    })
    .returning({ id: roleGrants.id });
  // A code printed before this grant was allowed to whoever printed it for the account as it was
  // then; with the new role it may be beyond them, so every live code of the account ends here.
  await tx
    .update(activationCodes)
    .set({ revokedAt: now })
    .where(
      and(eq(activationCodes.userId, target.id), isNull(activationCodes.usedAt), isNull(activationCodes.revokedAt)),
    );
  await recordAudit(tx, {
    action: 'grant-role',
    userId: actor.id,
    unitId: unit?.id ?? null,
    target: `user:${target.id}`,
    details: {
      grantId: row.id,
      username: target.username,
      role: request.role,
      unitId: unit?.id ?? null,
      unitName: unit?.name ?? null,
      courseSlugs: request.courseSlugs,
      fields: request.fields,
      reason: request.reason,
      ...(created ? { newAccount: true } : {}),
    },
    at: now,
  });
  return row.id;
}

/** Gives `username` the role; see GrantRefusal for the refusals. */
export async function grantRole(
  actor: SessionUser,
  username: string,
  request: GrantRequest,
  now = new Date(),
): Promise<{ ok: true; grantId: number; userId: string; displayName: string } | GrantRefusal> {
  const outcome = await getDb().transaction(async (tx) => {
    const target = await accountInScope(actor, username, tx);
    if (!target) return refuse(404, ACCOUNT_NOT_FOUND);
    const checked = await checkGrant(tx, actor, target.id, request);
    if ('refusal' in checked) return checked.refusal;
    const grantId = await writeGrant(tx, actor, target, request, checked.unit, now);
    return { ok: true as const, grantId, userId: target.id, displayName: target.displayName };
  });
  if (outcome.ok) await forgetCachedSessions(outcome.userId);
  return outcome;
}

/** Takes back grant `grantId`, with the reason; the same rule as giving it, and never one's own. */
export async function revokeRole(
  actor: SessionUser,
  grantId: number,
  reason: string,
  now = new Date(),
): Promise<{ ok: true; userId: string } | GrantRefusal> {
  const outcome = await getDb().transaction(async (tx) => {
    const inside = grantUnitCondition(actor);
    if (!inside) return refuse(404, GRANT_NOT_FOUND);
    const [grant] = await tx
      .select({
        id: roleGrants.id,
        userId: roleGrants.userId,
        role: roleGrants.role,
        unitId: roleGrants.unitId,
        unitPath: units.path,
        unitName: units.name,
        courseSlugs: roleGrants.courseSlugs,
        fields: roleGrants.fields,
        grantedBy: roleGrants.grantedBy,
        grantedAt: roleGrants.grantedAt,
        reason: roleGrants.reason,
        username: users.username,
      })
      .from(roleGrants)
      .innerJoin(users, eq(users.id, roleGrants.userId))
      .leftJoin(units, eq(units.id, roleGrants.unitId))
      .where(and(eq(roleGrants.id, grantId), inside, sql`${roleGrants.role} <> 'learner'`))
      .limit(1);
    if (!grant) return refuse(404, GRANT_NOT_FOUND);
    const problem = grantProblem(actor, grant.userId, { role: grant.role, unitPath: grant.unitPath }, true);
    if (problem) return refuse(403, problem);
    await tx.delete(roleGrants).where(eq(roleGrants.id, grant.id));
    await recordAudit(tx, {
      action: 'revoke-role',
      userId: actor.id,
      unitId: grant.unitId,
      target: `user:${grant.userId}`,
      details: {
        grantId: grant.id,
        username: grant.username,
        role: grant.role,
        unitId: grant.unitId,
        unitName: grant.unitName,
        courseSlugs: grant.courseSlugs,
        fields: grant.fields,
        grantedBy: grant.grantedBy,
        grantedAt: grant.grantedAt?.toISOString() ?? null,
        grantReason: grant.reason,
        reason,
      },
      at: now,
    });
    return { ok: true as const, userId: grant.userId };
  });
  if (outcome.ok) await forgetCachedSessions(outcome.userId);
  return outcome;
}

/**
 * The units a grant may name, in tree order: every unit of the actor's scope that has not been
 * retired; for a system administrator, provinces and communes only (a few thousand, not their offices).
 */
export async function grantUnitChoices(actor: SessionUser): Promise<Unit[]> {
  const inside = pathInSubtrees(adminScopePaths(actor));
  if (!inside) return [];
  const rows = await getDb()
    .select()
    .from(units)
    .where(
      and(
        inside,
        isNull(units.retiredOn),
        hasRole(actor, 'system_admin') ? sql`${units.level} <> 'office'` : undefined,
      ),
    )
    .orderBy(units.path);
  return rows;
}
