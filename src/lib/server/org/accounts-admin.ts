/**
 * Administrators' actions on an official's sign-in account: reading its status (never its
 * hashes), issuing a temporary password that must be changed at next sign-in, and locking or
 * unlocking it. Each ends every session of the account in the same transaction, and is
 * recorded in official_changes.
 */
import { count, eq, max } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import {
  officialChanges,
  officials,
  roleGrants,
  sessions,
  signInThrottle,
  units,
  users,
} from '../../../../db/schema/index.ts';
import { canAdministerPath } from '../../auth/access.ts';
import { hashPassword } from '../auth/password.ts';
import type { RoleGrant } from '../../auth/roles.ts';
import { invalidateUserSessions, type SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { accountActionProblem, generateTemporaryPassword, temporaryPasswordExpiry } from '../../auth/account-rules.ts';
import { OutOfScopeError } from './official-changes.ts';

/** What an administrator sees of an account. */
export interface AccountStatus {
  userId: string;
  username: string;
  disabledAt: Date | null;
  mustChangePassword: boolean;
  /** When the temporary password stops opening the account (null: none, or issued before expiry existed). */
  temporaryPasswordExpiresAt: Date | null;
  roles: (RoleGrant & { unitName: string | null })[];
  /** Start of the newest open session, if any. */
  lastSignInAt: Date | null;
  openSessions: number;
}

/** The account linked to an official, or undefined when they have none. */
export async function accountOfOfficial(officialId: string): Promise<AccountStatus | undefined> {
  const db = getDb();
  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      disabledAt: users.disabledAt,
      mustChangePassword: users.mustChangePassword,
      temporaryPasswordExpiresAt: users.temporaryPasswordExpiresAt,
    })
    .from(users)
    .where(eq(users.officialId, officialId))
    .limit(1);
  if (!user) return undefined;
  const roles = await db
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path, unitName: units.name })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, user.id));
  const [open] = await db
    .select({ openSessions: count(), lastSignInAt: max(sessions.createdAt) })
    .from(sessions)
    .where(eq(sessions.userId, user.id));
  return {
    userId: user.id,
    username: user.username,
    disabledAt: user.disabledAt,
    mustChangePassword: user.mustChangePassword,
    temporaryPasswordExpiresAt: user.mustChangePassword ? user.temporaryPasswordExpiresAt : null,
    roles,
    lastSignInAt: open?.lastSignInAt ?? null,
    openSessions: Number(open?.openSessions ?? 0),
  };
}

/** Why an account action was refused. */
export interface AccountActionRefusal {
  ok: false;
  reason: 'no-account' | 'forbidden';
  message: string;
}
export type AccountActionResult<T = object> = ({ ok: true } & T) | AccountActionRefusal;

const NO_ACCOUNT: AccountActionRefusal = {
  ok: false,
  reason: 'no-account',
  message: 'Cán bộ này chưa có tài khoản đăng nhập.',
};

/**
 * Inside a transaction: the official's account, after checking again that the caller
 * administers the official and may act on that account.
 */
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

async function authorizedAccount(tx: Transaction, actor: SessionUser, officialId: string) {
  const [row] = await tx
    .select({ unitPath: units.path, userId: users.id, username: users.username, disabledAt: users.disabledAt })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .leftJoin(users, eq(users.officialId, officials.id))
    .where(eq(officials.id, officialId))
    .limit(1);
  if (!row || !canAdministerPath(actor, row.unitPath)) throw new OutOfScopeError();
  if (!row.userId || !row.username) return { problem: NO_ACCOUNT };
  const roles = await tx
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, row.userId));
  const problem = accountActionProblem(actor, { userId: row.userId, roles });
  if (problem) return { problem: { ok: false, reason: 'forbidden', message: problem } satisfies AccountActionRefusal };
  return {
    problem: undefined,
    account: { userId: row.userId, username: row.username, disabled: row.disabledAt !== null },
  };
}

/**
 * Gives the official's account a new temporary password, to be changed at next sign-in, ends
 * its sessions and lifts any sign-in lock. The password is returned once and stored only hashed;
 * it opens the account for TEMPORARY_PASSWORD_LIFETIME_MS (seven days) from `now`.
 */
export async function issueTemporaryPassword(
  actor: SessionUser,
  officialId: string,
  now = new Date(),
): Promise<AccountActionResult<{ temporaryPassword: string; expiresAt: Date }>> {
  const temporaryPassword = generateTemporaryPassword();
  // Hashing takes tens of milliseconds: done before the write lock is taken.
  const passwordHash = await hashPassword(temporaryPassword);
  const expiresAt = temporaryPasswordExpiry(now);
  const outcome = await getDb().transaction(async (tx) => {
    const found = await authorizedAccount(tx, actor, officialId);
    if (found.problem) return found;
    const { userId, username } = found.account;
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, temporaryPasswordExpiresAt: expiresAt })
      .where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.delete(signInThrottle).where(eq(signInThrottle.username, username));
    await tx.insert(officialChanges).values({
      officialId,
      field: 'account',
      oldValue: null,
      newValue: 'password-reset',
      changedAt: now,
      changedBy: actor.id,
    });
    return { userId };
  });
  if ('problem' in outcome) return outcome.problem;
  await endSessions(outcome.userId);
  return { ok: true, temporaryPassword, expiresAt };
}

/** Locks (ending every session) or unlocks the official's account; records a change only if the state changes. */
export async function setAccountDisabled(
  actor: SessionUser,
  officialId: string,
  disabled: boolean,
  now = new Date(),
): Promise<AccountActionResult<{ changed: boolean }>> {
  const outcome = await getDb().transaction(async (tx) => {
    const found = await authorizedAccount(tx, actor, officialId);
    if (found.problem) return found;
    const { userId, disabled: wasDisabled } = found.account;
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, userId));
    if (wasDisabled === disabled) return { userId, changed: false };
    await tx
      .update(users)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(users.id, userId));
    await tx.insert(officialChanges).values({
      officialId,
      field: 'account',
      oldValue: wasDisabled ? 'disabled' : 'enabled',
      newValue: disabled ? 'disabled' : 'enabled',
      changedAt: now,
      changedBy: actor.id,
    });
    return { userId, changed: true };
  });
  if ('problem' in outcome) return outcome.problem;
  if (disabled) await endSessions(outcome.userId);
  return { ok: true, changed: outcome.changed };
}

/**
 * The session rows were deleted inside the transaction; invalidateUserSessions runs again after
 * commit so that whatever else it ends (now or later) is ended too.
 */
async function endSessions(userId: string): Promise<void> {
  await invalidateUserSessions(userId);
}
