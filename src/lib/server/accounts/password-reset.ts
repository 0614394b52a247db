/**
 * Self-service password reset by e-mail (issue 16; OWASP Forgot Password Cheat Sheet, ASVS 5.0
 * V6.4):
 *
 * - A request is counted against its client address (the shared limiter: too many → 429), then
 *   answered at once, the same way for every name or address typed. Everything that depends on the
 *   account (look-up, token, e-mail) runs after the answer, one request at a time, in this
 *   process's queue: neither the answer nor its timing says whether an account exists or has an
 *   e-mail address, and a slow mail relay never holds a request.
 * - The account's address is its official's `officials.email`, or `users.email` for an account
 *   that is not an official's. No address, a disabled account or an official no longer active:
 *   nothing is sent. Each account gets a few e-mails an hour at most; past that, requests are
 *   dropped silently (the newest e-mail already in the mailbox still works).
 * - The token is 32 random bytes (base64url); only its SHA-256 is stored. It lives 60 minutes, is
 *   used once, and a newer request or a completed reset ends every other live token of the account.
 * - Completing a reset sets the Argon2id hash, clears the temporary-password flags, marks the token
 *   used (in one transaction), then ends every session of the account and forgets its failed
 *   sign-ins. The person then signs in with the new password (see the action for why).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { officials, passwordResetTokens, users } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { createRateLimiter, type RateDecision, type RateLimiter } from '../rate-limit.ts';
import { configuredSiteAddress } from '../site-address.ts';
import { canSendMail, sendMail } from '../mail/send-mail.ts';
import { hashPassword } from '../auth/password.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { clearFailures } from '../auth/throttle.ts';
import { newPasswordProblem } from '../../auth/password-policy.ts';
import {
  RESET_TOKEN_BYTES,
  RESET_TOKEN_LIFETIME_MS,
  isLiveResetToken,
  isWellFormedResetToken,
  parseResetIdentifier,
  resetLink,
  type ResetIdentifier,
} from '../../accounts/password-reset.ts';
import { passwordResetMail } from '../../accounts/password-reset-mail.ts';
import { positiveIntegerSetting } from '../env-settings.ts';

/**
 * Requests per client address an hour: a burst of 20, then one every 3 minutes. A commune office
 * behind one NAT address rarely has more than a few people forgetting a password on the same
 * morning; a script trying every staff code is stopped after 20. PASSWORD_RESET_ADDRESS_PER_HOUR.
 */
export const ADDRESS_REQUESTS_PER_HOUR = 20;
/**
 * E-mails per account an hour: 3, then one every 20 minutes, so nobody can fill an official's
 * mailbox with links. PASSWORD_RESET_ACCOUNT_PER_HOUR.
 */
export const ACCOUNT_EMAILS_PER_HOUR = 3;
/** Accounts sharing one e-mail address that a request by that address reaches. */
export const MAX_ACCOUNTS_PER_ADDRESS = 5;
/** Requests waiting in the queue beyond which new ones are dropped (and a warning logged). */
export const MAX_QUEUED_REQUESTS = 500;

let addressLimiter: RateLimiter | undefined;
let accountLimiter: RateLimiter | undefined;

/**
 * Whether the e-mail path is open: it needs a mail relay (SMTP_URL) and the site's public address
 * (SITE_URL) for the link. The link is never built from the request's Host header, which whoever
 * asks for a reset could set to their own site and so receive the victim's token.
 */
export function emailResetAvailable(): boolean {
  return canSendMail() && configuredSiteAddress() !== undefined;
}

/** What is stored of a token: its SHA-256, hex (the token has 256 random bits: no salt or slow hash needed). */
function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Logs what went wrong and the error's code (e.g. ECONNREFUSED, EAUTH), never its message: a
 * relay's refusal quotes the recipient's address. The same JSON line shape as the server's log.
 */
function logProblem(message: string, error?: unknown): void {
  const detail = error instanceof Error ? ((error as { code?: unknown }).code ?? error.name) : undefined;
  console.error(
    JSON.stringify({
      level: 'error',
      time: new Date().toISOString(),
      pid: process.pid,
      msg: `[password-reset] ${message}`,
      ...(detail ? { error: String(detail) } : {}),
    }),
  );
}

// The queue: each request's account work runs after the previous one's, after the answer is sent.
let queue: Promise<void> = Promise.resolve();
let queued = 0;

function enqueue(work: () => Promise<void>): void {
  if (queued >= MAX_QUEUED_REQUESTS) {
    logProblem('hàng đợi đầy: bỏ qua một yêu cầu đặt lại mật khẩu');
    return;
  }
  queued++;
  queue = queue
    .then(work)
    .catch((error: unknown) => logProblem('không xử lý được một yêu cầu đặt lại mật khẩu', error))
    .finally(() => {
      queued--;
    });
}

/**
 * Takes a request for `rawIdentifier` from `clientAddress`: refused only by the address's limit;
 * otherwise queued, and the caller gives the one neutral answer.
 */
export async function requestPasswordReset(
  rawIdentifier: string,
  clientAddress: string,
  now = Date.now(),
): Promise<RateDecision> {
  addressLimiter ??= createRateLimiter({
    scope: 'password-reset-address',
    limit: positiveIntegerSetting('PASSWORD_RESET_ADDRESS_PER_HOUR', ADDRESS_REQUESTS_PER_HOUR),
    windowMs: 3_600_000,
  });
  const decision = await addressLimiter.take(clientAddress, now);
  if (!decision.allowed) return decision;
  const identifier = parseResetIdentifier(rawIdentifier);
  enqueue(() => sendResetLinks(identifier, now));
  return decision;
}

interface Recipient {
  userId: string;
  username: string;
  displayName: string;
  address: string;
}

/** The accounts `identifier` names that may receive a link, with the address to send it to. */
async function recipientsOf(identifier: ResetIdentifier): Promise<Recipient[]> {
  // Addresses are stored trimmed and lower-cased (the officials import, the new-account form), so
  // plain equality uses officials_email_idx instead of scanning every official.
  const named =
    identifier.kind === 'username'
      ? eq(users.username, identifier.username)
      : or(and(isNull(users.officialId), eq(users.email, identifier.email)), eq(officials.email, identifier.email));
  const rows = await getDb()
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      disabledAt: users.disabledAt,
      officialId: users.officialId,
      officialActive: officials.active,
      officialEmail: officials.email,
      userEmail: users.email,
    })
    .from(users)
    .leftJoin(officials, eq(officials.id, users.officialId))
    .where(named)
    .limit(MAX_ACCOUNTS_PER_ADDRESS);
  return rows.flatMap((row) => {
    if (row.disabledAt || row.officialActive === false) return [];
    // An official's address is the one the unit's records hold; other accounts keep their own.
    const address = (row.officialId ? row.officialEmail : row.userEmail)?.trim();
    if (!address || !address.includes('@')) return [];
    return [{ userId: row.userId, username: row.username, displayName: row.displayName, address }];
  });
}

/** Stores a new token for `userId`, ending its other live tokens, and returns the token. */
async function issueToken(userId: string, now: number): Promise<string> {
  const token = randomBytes(RESET_TOKEN_BYTES).toString('base64url');
  const t = passwordResetTokens;
  await getDb().transaction(async (tx) => {
    await tx
      .update(t)
      .set({ expiresAt: new Date(now) })
      .where(and(eq(t.userId, userId), isNull(t.usedAt), gt(t.expiresAt, new Date(now))));
    await tx.insert(t).values({
      id: randomUUID(),
      userId,
      tokenHash: hashResetToken(token),
      createdAt: new Date(now),
      expiresAt: new Date(now + RESET_TOKEN_LIFETIME_MS),
    });
  });
  return token;
}

/** The queued part of a request: a token and an e-mail for each account it reaches. */
async function sendResetLinks(identifier: ResetIdentifier, now: number): Promise<void> {
  const site = configuredSiteAddress();
  if (!site || !canSendMail()) return;
  accountLimiter ??= createRateLimiter({
    scope: 'password-reset-account',
    limit: positiveIntegerSetting('PASSWORD_RESET_ACCOUNT_PER_HOUR', ACCOUNT_EMAILS_PER_HOUR),
    windowMs: 3_600_000,
  });
  for (const recipient of await recipientsOf(identifier)) {
    if (!(await accountLimiter.take(recipient.userId, now)).allowed) continue;
    const token = await issueToken(recipient.userId, now);
    const mail = passwordResetMail({
      displayName: recipient.displayName,
      username: recipient.username,
      link: resetLink(site, token),
    });
    try {
      await sendMail({ to: recipient.address, ...mail });
    } catch (error) {
      logProblem('không gửi được thư đặt lại mật khẩu', error);
    }
  }
}

/** The account a live token opens, or undefined (malformed, unknown, used, expired, disabled). */
export async function accountForResetToken(
  token: string | undefined,
  now = Date.now(),
): Promise<{ userId: string; username: string } | undefined> {
  if (!isWellFormedResetToken(token)) return undefined;
  const [row] = await getDb()
    .select({
      userId: users.id,
      username: users.username,
      disabledAt: users.disabledAt,
      expiresAt: passwordResetTokens.expiresAt,
      usedAt: passwordResetTokens.usedAt,
    })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(eq(passwordResetTokens.tokenHash, hashResetToken(token)))
    .limit(1);
  if (!row || row.disabledAt || !isLiveResetToken(row, now)) return undefined;
  return { userId: row.userId, username: row.username };
}

export type ResetResult =
  { ok: true } | { ok: false; reason: 'invalid-link' } | { ok: false; reason: 'weak'; message: string };

/** Sets a new password with a live token (see the file's comment). */
export async function resetPassword(
  token: string | undefined,
  newPassword: string,
  now = Date.now(),
): Promise<ResetResult> {
  const account = await accountForResetToken(token, now);
  if (!account || !token) return { ok: false, reason: 'invalid-link' };
  const problem = newPasswordProblem(newPassword, account.username);
  if (problem) return { ok: false, reason: 'weak', message: problem };
  const passwordHash = await hashPassword(newPassword);
  const t = passwordResetTokens;
  const done = await getDb().transaction(async (tx) => {
    // Taken only if still live: of two tabs sending the same link, one wins.
    const taken = await tx
      .update(t)
      .set({ usedAt: new Date(now) })
      .where(and(eq(t.tokenHash, hashResetToken(token)), isNull(t.usedAt), gt(t.expiresAt, new Date(now))))
      .returning({ userId: t.userId });
    if (taken.length === 0) return false;
    const changed = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, temporaryPasswordExpiresAt: null })
      .where(and(eq(users.id, account.userId), isNull(users.disabledAt)))
      .returning({ id: users.id });
    // Disabled since the page was opened: the link is spent, the password stays as it was.
    if (changed.length === 0) return false;
    // Any other link still in the mailbox stops working too.
    await tx
      .update(t)
      .set({ expiresAt: new Date(now) })
      .where(and(eq(t.userId, account.userId), isNull(t.usedAt), gt(t.expiresAt, new Date(now))));
    return true;
  });
  if (!done) return { ok: false, reason: 'invalid-link' };
  await invalidateUserSessions(account.userId);
  await clearFailures(account.username);
  return { ok: true };
}
