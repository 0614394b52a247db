/**
 * Signing in and changing passwords: the rules around throttling, equal answers for unknown
 * users and wrong passwords, and ending sessions when a password changes.
 */
import { eq } from 'drizzle-orm';
import { users } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { hashPassword, newPasswordProblem, verifyDecoy, verifyPassword } from './password.ts';
import { createSession, invalidateUserSessions } from './sessions.ts';
import { clearFailures, recordFailure, secondsUntilNextTry } from './throttle.ts';
import { countFailedSignIn } from '../observability/hooks.ts';

export type SignInResult =
  | { ok: true; token: string; mustChangePassword: boolean }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Usernames are compared lower case and trimmed: staff codes are typed in many ways. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Checks credentials and, if right, starts a new session (a fresh token at every sign-in). */
export async function signIn(rawUsername: string, password: string): Promise<SignInResult> {
  const username = normaliseUsername(rawUsername);
  const wait = await secondsUntilNextTry(username);
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
  const [user] = await getDb().select().from(users).where(eq(users.username, username)).limit(1);
  const valid = user && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
  if (!valid || !user) {
    await recordFailure(username);
    countFailedSignIn();
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(username);
  return { ok: true, token: await createSession(user.id), mustChangePassword: user.mustChangePassword };
}

export type PasswordChangeResult = { ok: true; token: string } | { ok: false; field: 'currentPassword' | 'newPassword'; message: string };

/** Changes a user's own password: ends every session, then starts a new one for this device. */
export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<PasswordChangeResult> {
  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' };
  }
  const problem = newPasswordProblem(newPassword, user.username);
  if (problem) return { ok: false, field: 'newPassword', message: problem };
  if (newPassword === currentPassword) return { ok: false, field: 'newPassword', message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' };
  await db.update(users).set({ passwordHash: await hashPassword(newPassword), mustChangePassword: false }).where(eq(users.id, userId));
  await invalidateUserSessions(userId);
  return { ok: true, token: await createSession(userId) };
}
