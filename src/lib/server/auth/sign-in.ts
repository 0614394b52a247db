/**
 * Signing in and changing passwords: the rules around throttling, equal answers for unknown
 * users and wrong passwords, and ending sessions when a password changes.
 */
import { eq } from 'drizzle-orm';
import { users, type User } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { hashPassword, isUsableHash, verifyDecoy, verifyPassword } from './password.ts';
import { newPasswordProblem } from '../../auth/password-policy.ts';
import { createSession, invalidateUserSessions } from './sessions.ts';
import {
  clearFailures,
  countOverallFailure,
  releaseAddressTry,
  reserveAccountTry,
  reserveAddressTry,
  type Reservation,
} from './throttle.ts';
import { countFailedSignIn } from '../observability/hooks.ts';

export type SignInResult =
  | { ok: true; token: string; mustChangePassword: boolean }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Usernames are compared lower case and trimmed: staff codes are typed in many ways. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** What a throttled person is told, in Vietnamese. */
export function throttledMessage(retryAfterSeconds: number): string {
  return retryAfterSeconds > 60
    ? `Đã nhập sai nhiều lần. Hãy thử lại sau khoảng ${Math.ceil(retryAfterSeconds / 60)} phút.`
    : `Đã nhập sai nhiều lần. Hãy đợi ${retryAfterSeconds} giây rồi thử lại.`;
}

/** What someone signing in with a right but expired temporary password is told (ASVS 6.4.1). */
export const TEMPORARY_PASSWORD_EXPIRED_MESSAGE =
  'Mật khẩu tạm thời đã hết hạn (quá 7 ngày). Hãy đề nghị quản trị viên cấp mật khẩu mới.';

/** True when the user's password is a temporary one past its expiry (null expiry: none set, never expires). */
export function temporaryPasswordExpired(
  user: Pick<User, 'mustChangePassword' | 'temporaryPasswordExpiresAt'>,
  now = Date.now(),
): boolean {
  return (
    user.mustChangePassword &&
    user.temporaryPasswordExpiresAt !== null &&
    user.temporaryPasswordExpiresAt.getTime() <= now
  );
}

type Check =
  { outcome: 'valid'; user: User } | { outcome: 'invalid' } | { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * One password check under the throttles, shared by sign-in and re-authentication. The try is
 * counted (address, then account) before the password is checked; whatever the outcome, exactly
 * one Argon2 verification is done (against the decoy when there is no usable hash or the try is
 * refused), so the time of the answer tells nothing about the account.
 */
async function checkPassword(
  username: string,
  password: string,
  clientAddress: string,
  findUser: () => Promise<User | undefined>,
): Promise<Check> {
  const address = await reserveAddressTry(clientAddress);
  let decision: Reservation = address;
  if (address.allowed) {
    decision = await reserveAccountTry(username);
    // Refused for the account's sake: not a failed check, so the address gets its token back.
    if (!decision.allowed) await releaseAddressTry(clientAddress);
  }
  const user = await findUser();
  const usable = decision.allowed && user !== undefined && !user.disabledAt && isUsableHash(user.passwordHash);
  const valid = usable ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
  if (!decision.allowed || !valid || !user) {
    // Refused tries are guesses too, and counting them gives every refusal the same database
    // writes as a wrong password (a write costs milliseconds: it would show in the timing).
    await countOverallFailure();
    if (!decision.allowed) return { outcome: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
    countFailedSignIn();
    return { outcome: 'invalid' };
  }
  await Promise.all([clearFailures(username), releaseAddressTry(clientAddress)]);
  return { outcome: 'valid', user };
}

/**
 * Checks credentials and, if right, starts a new session (a fresh token at every sign-in). The
 * server passes Astro's clientAddress; scripts and tests without one share the 'unknown' address.
 * A right temporary password past its expiry starts no session: told only after the one Argon2
 * verification (so its timing is that of every other answer), and not counted as a failure.
 */
export async function signIn(rawUsername: string, password: string, clientAddress = 'unknown'): Promise<SignInResult> {
  const username = normaliseUsername(rawUsername);
  const check = await checkPassword(username, password, clientAddress, async () => {
    const [user] = await getDb().select().from(users).where(eq(users.username, username)).limit(1);
    return user;
  });
  if (check.outcome === 'throttled')
    return { ok: false, reason: 'throttled', retryAfterSeconds: check.retryAfterSeconds };
  if (check.outcome === 'invalid') return { ok: false, reason: 'invalid' };
  if (temporaryPasswordExpired(check.user)) return { ok: false, reason: 'expired' };
  return { ok: true, token: await createSession(check.user.id), mustChangePassword: check.user.mustChangePassword };
}

/**
 * Re-authentication before a sensitive action: checks the signed-in user's current password
 * under the same per-account and per-address throttles as sign-in (a wrong one is a failure).
 */
export async function confirmPassword(
  userId: string,
  password: string,
  clientAddress: string,
): Promise<{ ok: true } | { ok: false; message: string; retryAfterSeconds?: number }> {
  const [user] = await getDb().select().from(users).where(eq(users.id, userId)).limit(1);
  // The account's throttle row is keyed by username, as for sign-in; an unknown id still counts.
  const check = await checkPassword(user?.username ?? `id:${userId}`, password, clientAddress, async () => user);
  if (check.outcome === 'throttled')
    return {
      ok: false,
      message: throttledMessage(check.retryAfterSeconds),
      retryAfterSeconds: check.retryAfterSeconds,
    };
  if (check.outcome === 'invalid') return { ok: false, message: 'Mật khẩu không đúng.' };
  return { ok: true };
}

export type PasswordChangeResult =
  | { ok: true; token: string }
  | { ok: false; field: 'currentPassword' | 'newPassword'; message: string; retryAfterSeconds?: number };

/**
 * Changes a user's own password: ends every session, then starts a new one for this device. The
 * current password is checked by confirmPassword, so a stolen session cannot guess it unthrottled.
 */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  clientAddress: string,
): Promise<PasswordChangeResult> {
  const db = getDb();
  const confirmed = await confirmPassword(userId, currentPassword, clientAddress);
  if (!confirmed.ok) {
    const message = confirmed.retryAfterSeconds ? confirmed.message : 'Mật khẩu hiện tại không đúng.';
    return { ok: false, field: 'currentPassword', message, retryAfterSeconds: confirmed.retryAfterSeconds };
  }
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) return { ok: false, field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' };
  // A session opened before the expiry cannot use the expired temporary password to choose a new one.
  if (temporaryPasswordExpired(user))
    return { ok: false, field: 'currentPassword', message: TEMPORARY_PASSWORD_EXPIRED_MESSAGE };
  const problem = newPasswordProblem(newPassword, user.username);
  if (problem) return { ok: false, field: 'newPassword', message: problem };
  if (newPassword === currentPassword)
    return { ok: false, field: 'newPassword', message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' };
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), mustChangePassword: false, temporaryPasswordExpiresAt: null })
    .where(eq(users.id, userId));
  await invalidateUserSessions(userId);
  return { ok: true, token: await createSession(userId) };
}
