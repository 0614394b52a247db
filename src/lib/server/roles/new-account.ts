/**
 * An account for someone who is not an imported official (a province administrator created by the
 * system administrator, an inspector from the ministry): username, display name, e-mail and a
 * first grant, in one transaction with its audit entry. The account gets a temporary password,
 * shown once, that must be changed at first sign-in and expires like any other
 * (accounts-admin.ts: mustChangePassword + temporaryPasswordExpiresAt).
 */
import { eq } from 'drizzle-orm';
import { users } from '../../../../db/schema/index.ts';
import { generateTemporaryPassword, temporaryPasswordExpiry } from '../../auth/account-rules.ts';
import { newId } from '../../ids.ts';
import { hashPassword } from '../auth/password.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { normaliseUsername } from '../auth/sign-in.ts';
import { getDb } from '../db.ts';
import { checkGrant, writeGrant, type GrantRefusal, type GrantRequest } from './role-grants.ts';

export interface NewAccount {
  username: string;
  displayName: string;
  email: string;
}

/** Creates the account with its first grant; the temporary password is returned once and stored only hashed. */
export async function createAccountWithGrant(
  actor: SessionUser,
  account: NewAccount,
  grant: GrantRequest,
  now = new Date(),
): Promise<{ ok: true; userId: string; username: string; temporaryPassword: string; expiresAt: Date } | GrantRefusal> {
  const username = normaliseUsername(account.username);
  const temporaryPassword = generateTemporaryPassword();
  // Hashing takes tens of milliseconds: done before the write lock is taken.
  const passwordHash = await hashPassword(temporaryPassword);
  const expiresAt = temporaryPasswordExpiry(now);
  const userId = newId();
  return getDb().transaction(async (tx) => {
    // The rules first (a refusal beyond the scope must not tell whether the name is taken).
    const checked = await checkGrant(tx, actor, userId, grant);
    if ('refusal' in checked) return checked.refusal;
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
    if (taken)
      return {
        ok: false,
        status: 409,
        message: `Tên đăng nhập "${username}" đã có người dùng. Hãy chọn tên khác, hoặc cấp vai trò cho tài khoản đó.`,
      } satisfies GrantRefusal;
    await tx.insert(users).values({
      id: userId,
      username,
      officialId: null,
      displayName: account.displayName,
      email: account.email,
      passwordHash,
      mustChangePassword: true,
      temporaryPasswordExpiresAt: expiresAt,
      createdAt: now,
    });
    await writeGrant(tx, actor, { id: userId, username }, grant, checked.unit, now, true);
    return { ok: true as const, userId, username, temporaryPassword, expiresAt };
  });
}
