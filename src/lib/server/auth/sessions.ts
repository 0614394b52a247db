/**
 * Sessions as Lucia's guide describes them: the token is "id.secret", the database keeps only
 * SHA-256 of the secret, comparison is constant-time, a session ends after inactivity or at
 * an absolute age (src/lib/auth/session-lifetimes.ts), and validation returns null rather than
 * throwing.
 */
import { and, eq, gt, isNull, lt, max } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { roleGrants, sessionRevocations, sessions, units, users } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import type { RoleGrant } from '../../auth/roles.ts';
import { sessionLifetimeFor } from '../../auth/session-lifetimes.ts';

/** What the server knows of the signed-in user on every request. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  officialId: string | null;
  mustChangePassword: boolean;
  roles: RoleGrant[];
}

export interface ValidSession {
  sessionId: string;
  user: SessionUser;
  /** True when the session was just refreshed: the cookie should be sent again. */
  refreshed: boolean;
  /** The cookie's Max-Age: the idle timeout, or less when the absolute lifetime ends sooner. */
  cookieMaxAgeSeconds: number;
}

function randomString(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Starts a session for a user and returns the token for the cookie (never stored). */
export async function createSession(userId: string, now = Date.now()): Promise<string> {
  const id = randomString();
  const secret = randomString();
  await getDb()
    .insert(sessions)
    .values({
      id,
      userId,
      secretHash: Buffer.from(hashSecret(secret)),
      createdAt: new Date(now),
      lastVerifiedAt: new Date(now),
    });
  return `${id}.${secret}`;
}

/**
 * The Max-Age for the cookie of a session just started (sign-in, password change): its user's
 * idle timeout. Read without validating, so the new session is not put in the cache (a change
 * made to the account straight in the database is then seen at the first request).
 */
export async function newSessionCookieMaxAge(token: string): Promise<number> {
  const [id] = token.split('.');
  const grants = await getDb()
    .select({ role: roleGrants.role })
    .from(sessions)
    .innerJoin(roleGrants, eq(roleGrants.userId, sessions.userId))
    .where(eq(sessions.id, id));
  return Math.floor(sessionLifetimeFor(grants).idleMs / 1000);
}

/**
 * Validated sessions kept briefly in memory, so a request does not pay for two queries. The
 * secret is still checked against the stored hash on every request. Every end of a session
 * (sign-out, expiry, password change, disable) and every change to a user's account or roles is
 * also appended to session_revocations: this process drops its entries at once, and every other
 * instance sharing the database reads the log before using its cache, at most REVOCATION_POLL_MS
 * after the change, instead of trusting its copy until CACHE_TTL_MS runs out.
 */
interface CachedSession {
  userId: string;
  secretHash: Uint8Array;
  createdAt: number;
  lastVerifiedAt: number;
  user: SessionUser;
  cachedUntil: number;
}
export const CACHE_TTL_MS = 15_000;
const CACHE_LIMIT = 20_000;
const cache = new Map<string, CachedSession>();

function remember(sessionId: string, entry: CachedSession): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(sessionId, entry);
}

/** How often, at most, this process reads the revocations logged since it last looked. */
export const REVOCATION_POLL_MS = 1_000;
/** Revocations older than this are deleted: every instance has read them long since, and its cache entries are gone. */
export const REVOCATION_RETENTION_MS = 60 * 60 * 1000;
const REVOCATION_PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/** The last revocation this process has applied; undefined until the log was first read. */
let lastRevocationSeq: number | undefined;
/** When the log was last read (performance.now(): the `now` of a request may be made up in tests). */
let revocationsReadAt = -Infinity;
let revocationsReading: Promise<void> | undefined;
let revocationsPrunedAt = -Infinity;

function forgetUser(userId: string): void {
  for (const [sessionId, entry] of cache) if (entry.userId === userId) cache.delete(sessionId);
}

/** Drops the cache entries revoked since the last read, on this or any other instance: one indexed query. */
async function readRevocations(): Promise<void> {
  const db = getDb();
  try {
    if (lastRevocationSeq === undefined) {
      // At start the cache is empty: only what is logged from now on can concern it.
      const [row] = await db.select({ seq: max(sessionRevocations.seq) }).from(sessionRevocations);
      lastRevocationSeq = row?.seq ?? 0;
      return;
    }
    const rows = await db
      .select({
        seq: sessionRevocations.seq,
        sessionId: sessionRevocations.sessionId,
        userId: sessionRevocations.userId,
      })
      .from(sessionRevocations)
      .where(gt(sessionRevocations.seq, lastRevocationSeq))
      .orderBy(sessionRevocations.seq);
    for (const row of rows) {
      if (row.sessionId) cache.delete(row.sessionId);
      if (row.userId) forgetUser(row.userId);
      lastRevocationSeq = row.seq;
    }
  } catch (error) {
    // Unable to tell what was revoked: trust nothing cached (every request reads the database).
    cache.clear();
    console.error('[sessions] không đọc được danh sách phiên đã thu hồi:', error);
  }
}

/** Reads the revocation log if it is due; concurrent requests share one read. */
async function applyRevocations(): Promise<void> {
  if (revocationsReading) return revocationsReading;
  if (performance.now() - revocationsReadAt < REVOCATION_POLL_MS) return;
  revocationsReadAt = performance.now();
  revocationsReading = readRevocations().finally(() => (revocationsReading = undefined));
  return revocationsReading;
}

/** The log entry telling every instance of an end or change. */
function revocation(revoked: { sessionId: string } | { userId: string }) {
  return getDb()
    .insert(sessionRevocations)
    .values({ ...revoked, revokedAt: new Date() });
}

/** Deletes the old log entries, now and then. */
async function pruneRevocations(): Promise<void> {
  const now = Date.now();
  if (now - revocationsPrunedAt >= REVOCATION_PRUNE_INTERVAL_MS) {
    revocationsPrunedAt = now;
    await getDb()
      .delete(sessionRevocations)
      .where(lt(sessionRevocations.revokedAt, new Date(now - REVOCATION_RETENTION_MS)));
  }
}

async function loadSession(id: string, now: number): Promise<CachedSession | null> {
  const db = getDb();
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return null;
  const grants = await db
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, row.user.id));
  const user = row.user;
  return {
    userId: user.id,
    secretHash: new Uint8Array(row.session.secretHash),
    createdAt: row.session.createdAt.getTime(),
    lastVerifiedAt: row.session.lastVerifiedAt.getTime(),
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      officialId: user.officialId,
      mustChangePassword: user.mustChangePassword,
      roles: grants,
    },
    cachedUntil: now + CACHE_TTL_MS,
  };
}

/** The session and user for a token, or null if the token is wrong, expired or the user disabled. */
export async function validateSessionToken(token: string, now = Date.now()): Promise<ValidSession | null> {
  const [id, secret, extra] = token.split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  await applyRevocations();
  let entry = cache.get(id);
  if (!entry || entry.cachedUntil <= now) {
    cache.delete(id);
    const loaded = await loadSession(id, now);
    if (!loaded) return null;
    entry = loaded;
    // Cached only once the log has been read: a revocation logged after that read is seen by the next one.
    if (lastRevocationSeq !== undefined) remember(id, entry);
  }
  if (!constantTimeEqual(hashSecret(secret), entry.secretHash)) return null;
  // Decided by the roles held now (a role change reloads the entry): a learner made administrator
  // keeps an old session only if it also fits the short lifetime.
  const lifetime = sessionLifetimeFor(entry.user.roles);
  if (now - entry.lastVerifiedAt >= lifetime.idleMs || now - entry.createdAt >= lifetime.absoluteMs) {
    await invalidateSession(id);
    return null;
  }
  let refreshed = false;
  if (now - entry.lastVerifiedAt >= lifetime.refreshMs) {
    await getDb()
      .update(sessions)
      .set({ lastVerifiedAt: new Date(now) })
      .where(eq(sessions.id, id));
    entry.lastVerifiedAt = now;
    refreshed = true;
  }
  const cookieMaxAgeSeconds = Math.floor(Math.min(lifetime.idleMs, entry.createdAt + lifetime.absoluteMs - now) / 1000);
  return { sessionId: id, refreshed, user: entry.user, cookieMaxAgeSeconds };
}

/** Ends one session (sign-out), on every instance. */
export async function invalidateSession(sessionId: string): Promise<void> {
  cache.delete(sessionId);
  // One transaction: a session is never ended without the log saying so.
  const db = getDb();
  await db.batch([db.delete(sessions).where(eq(sessions.id, sessionId)), revocation({ sessionId })]);
  await pruneRevocations();
}

/** Ends every session of a user (password change, reset, account disabled), on every instance. */
export async function invalidateUserSessions(userId: string): Promise<void> {
  forgetUser(userId);
  const db = getDb();
  await db.batch([db.delete(sessions).where(eq(sessions.userId, userId)), revocation({ userId })]);
  await pruneRevocations();
}

/**
 * Forgets cached sessions of a user whose account or roles changed, on every instance (they
 * reload on their next request). Call it after the change is committed.
 */
export async function forgetCachedSessions(userId: string): Promise<void> {
  forgetUser(userId);
  await revocation({ userId });
  await pruneRevocations();
}
