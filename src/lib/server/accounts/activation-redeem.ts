/**
 * Redeeming an activation code on /kich-hoat/ (issue 16): staff code, code and a new password.
 *
 * - Tries are counted before the code is looked at, in the shared database rate limiter
 *   (rate-limit.ts), per staff code (10 an hour: a code of 59 bits cannot be guessed that way) and
 *   per client address (60 an hour, a commune hall activating together behind one NAT address;
 *   a success gives its token back, so only wrong tries use it up).
 * - The code is looked up by its SHA-256 and the stored hash compared in constant time; it must
 *   belong to that staff code's account, be neither used, revoked nor expired, and the account
 *   must not be locked. Unknown, used, revoked and expired codes get one and the same answer.
 * - Taking the code (usedAt) and setting the password are one transaction; the UPDATE takes the
 *   code only if it is still live, so two parallel tries cannot both use it.
 * - Then, like a password change: every other session ends and a new one starts for this device.
 */
import { and, eq, gt, isNull, sql, TransactionRollbackError } from 'drizzle-orm';
import { activationCodes, rateLimitBuckets, sessions, signInThrottle, users } from '../../../../db/schema/index.ts';
import {
  ACTIVATION_DISABLED_MESSAGE,
  ACTIVATION_REFUSED_MESSAGE,
  activationThrottledMessage,
  hashActivationCode,
  normaliseActivationCode,
} from '../../accounts/activation-code.ts';
import { newPasswordProblem } from '../../auth/password-policy.ts';
import { hashPassword } from '../auth/password.ts';
import { normaliseUsername } from '../auth/sign-in.ts';
import { createSession, invalidateUserSessions } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { bucketKey, createRateLimiter, type RateLimiter } from '../rate-limit.ts';
import { positiveIntegerSetting } from '../env-settings.ts';

/** Tries per staff code per hour (ACTIVATION_TRIES_PER_STAFF_CODE_PER_HOUR). */
export const STAFF_CODE_TRIES_PER_HOUR = 10;
/** Wrong tries per client address per hour (ACTIVATION_TRIES_PER_ADDRESS_PER_HOUR). */
export const ADDRESS_TRIES_PER_HOUR = 60;
const STAFF_CODE_SCOPE = 'activation-staff-code';
const ADDRESS_SCOPE = 'activation-address';
const HOUR_MS = 3_600_000;

let byStaffCode: RateLimiter | undefined;
let byAddress: RateLimiter | undefined;

function addressLimit(): number {
  return positiveIntegerSetting('ACTIVATION_TRIES_PER_ADDRESS_PER_HOUR', ADDRESS_TRIES_PER_HOUR);
}

export type ActivationField = 'staffCode' | 'code' | 'newPassword';

export type ActivationResult =
  | { ok: true; token: string; userId: string }
  | { ok: false; status: 400 | 403 | 429; field: ActivationField; message: string; retryAfterSeconds?: number };

/** Counts a try against the staff code's and the address's buckets; the answer if refused. */
async function takeTry(staffCode: string, clientAddress: string, now: number) {
  byStaffCode ??= createRateLimiter({
    scope: STAFF_CODE_SCOPE,
    limit: positiveIntegerSetting('ACTIVATION_TRIES_PER_STAFF_CODE_PER_HOUR', STAFF_CODE_TRIES_PER_HOUR),
    windowMs: HOUR_MS,
  });
  byAddress ??= createRateLimiter({ scope: ADDRESS_SCOPE, limit: addressLimit(), windowMs: HOUR_MS });
  const address = await byAddress.take(clientAddress, now);
  if (!address.allowed) return address;
  return byStaffCode.take(staffCode, now);
}

/** Gives the address its token back after a success: a hall of people activating is not a guesser. */
async function releaseAddressTry(clientAddress: string): Promise<void> {
  const b = rateLimitBuckets;
  await getDb()
    .update(b)
    .set({ tokens: sql`min(${addressLimit()}, ${b.tokens} + 1)` })
    .where(and(eq(b.scope, ADDRESS_SCOPE), eq(b.key, bucketKey(clientAddress))));
}

const refused = (field: ActivationField = 'code'): ActivationResult => ({
  ok: false,
  status: 400,
  field,
  message: ACTIVATION_REFUSED_MESSAGE,
});

/**
 * Activates the account of `rawStaffCode` with `typedCode`, setting `newPassword` (already checked
 * to match its confirmation). On success the code is used up, the password set, the temporary
 * password (if any) forgotten, every session ended and a new one started: its token is returned.
 */
export async function redeemActivationCode({
  staffCode: rawStaffCode,
  code: typedCode,
  newPassword,
  clientAddress = 'unknown',
  now = new Date(),
}: {
  staffCode: string;
  code: string;
  newPassword: string;
  clientAddress?: string;
  now?: Date;
}): Promise<ActivationResult> {
  const username = normaliseUsername(rawStaffCode);
  // The password is checked first: it says nothing about the code, and a refused form writes nothing.
  const problem = newPasswordProblem(newPassword, username);
  if (problem) return { ok: false, status: 400, field: 'newPassword', message: problem };

  const decision = await takeTry(username, clientAddress, now.getTime());
  if (!decision.allowed)
    return {
      ok: false,
      status: 429,
      field: 'code',
      message: activationThrottledMessage(decision.retryAfterSeconds),
      retryAfterSeconds: decision.retryAfterSeconds,
    };

  const normalised = normaliseActivationCode(typedCode);
  if (!normalised) return refused();
  const codeHash = hashActivationCode(normalised);
  const db = getDb();
  const [row] = await db
    .select({
      id: activationCodes.id,
      codeHash: activationCodes.codeHash,
      userId: activationCodes.userId,
      usedAt: activationCodes.usedAt,
      revokedAt: activationCodes.revokedAt,
      expiresAt: activationCodes.expiresAt,
      username: users.username,
      disabledAt: users.disabledAt,
    })
    .from(activationCodes)
    .innerJoin(users, eq(users.id, activationCodes.userId))
    .where(eq(activationCodes.codeHash, codeHash))
    .limit(1);
  // The code is found by its hash (an indexed equality on a SHA-256, which leaks nothing useful
  // about the code), then must belong to the staff code typed with it.
  const matches = row !== undefined && row.username === username;
  if (!matches || row.usedAt || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return refused();
  if (row.disabledAt) return { ok: false, status: 403, field: 'code', message: ACTIVATION_DISABLED_MESSAGE };

  // Hashing takes tens of milliseconds: done before the write lock is taken.
  const passwordHash = await hashPassword(newPassword);
  let lockedMeanwhile = false;
  const taken = await db
    .transaction(async (tx) => {
      const used = await tx
        .update(activationCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(activationCodes.id, row.id),
            isNull(activationCodes.usedAt),
            isNull(activationCodes.revokedAt),
            gt(activationCodes.expiresAt, now),
          ),
        )
        .returning({ id: activationCodes.id });
      if (used.length === 0) return false;
      const updated = await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: false, temporaryPasswordExpiresAt: null })
        .where(and(eq(users.id, row.userId), isNull(users.disabledAt)))
        .returning({ id: users.id });
      // Locked between the check above and here: the code stays unused (rolled back) and nothing opens.
      if (updated.length === 0) {
        lockedMeanwhile = true;
        tx.rollback();
      }
      await tx.delete(sessions).where(eq(sessions.userId, row.userId));
      // A sign-in lock from before is lifted: the person has just proved who they are.
      await tx.delete(signInThrottle).where(eq(signInThrottle.username, row.username));
      return true;
    })
    .catch((error: unknown) => {
      if (lockedMeanwhile && error instanceof TransactionRollbackError) return false;
      throw error;
    });
  if (lockedMeanwhile) return { ok: false, status: 403, field: 'code', message: ACTIVATION_DISABLED_MESSAGE };
  if (!taken) return refused();
  await Promise.all([invalidateUserSessions(row.userId), releaseAddressTry(clientAddress)]);
  return { ok: true, token: await createSession(row.userId), userId: row.userId };
}
