/**
 * Sessions as Lucia's guide describes them: the token is "id.secret", the database keeps only
 * SHA-256 of the secret, comparison is constant-time, a session ends after inactivity or at
 * an absolute age, and validation returns null rather than throwing.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { roleGrants, sessions, units, users, type Role } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';

/** A session ends after this long without a request. */
export const INACTIVITY_TIMEOUT_MS = 14 * 24 * 60 * 60 * 1000;
/** …and at this age, however active. */
export const ABSOLUTE_LIFETIME_MS = 60 * 24 * 60 * 60 * 1000;
/** lastVerifiedAt is written at most this often, to keep reads free of writes. */
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/** A role a signed-in user holds, with the unit (and its tree path) it applies to. */
export interface RoleGrant {
  role: Role;
  unitId: string | null;
  unitPath: string | null;
}

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
  await getDb().insert(sessions).values({ id, userId, secretHash: Buffer.from(hashSecret(secret)), createdAt: new Date(now), lastVerifiedAt: new Date(now) });
  return `${id}.${secret}`;
}

/**
 * Validated sessions kept briefly in memory, so a request does not pay for two queries. The
 * secret is still checked against the stored hash on every request, and this process drops an
 * entry at once on sign-out, password change or disable; another app instance sharing the
 * database notices such an end within CACHE_TTL_MS.
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
    user: { id: user.id, username: user.username, displayName: user.displayName, officialId: user.officialId, mustChangePassword: user.mustChangePassword, roles: grants },
    cachedUntil: now + CACHE_TTL_MS,
  };
}

/** The session and user for a token, or null if the token is wrong, expired or the user disabled. */
export async function validateSessionToken(token: string, now = Date.now()): Promise<ValidSession | null> {
  const [id, secret, extra] = token.split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  let entry = cache.get(id);
  if (!entry || entry.cachedUntil <= now) {
    cache.delete(id);
    const loaded = await loadSession(id, now);
    if (!loaded) return null;
    entry = loaded;
    remember(id, entry);
  }
  if (!constantTimeEqual(hashSecret(secret), entry.secretHash)) return null;
  if (now - entry.lastVerifiedAt >= INACTIVITY_TIMEOUT_MS || now - entry.createdAt >= ABSOLUTE_LIFETIME_MS) {
    await invalidateSession(id);
    return null;
  }
  let refreshed = false;
  if (now - entry.lastVerifiedAt >= ACTIVITY_CHECK_INTERVAL_MS) {
    await getDb().update(sessions).set({ lastVerifiedAt: new Date(now) }).where(eq(sessions.id, id));
    entry.lastVerifiedAt = now;
    refreshed = true;
  }
  return { sessionId: id, refreshed, user: entry.user };
}

/** Ends one session (sign-out). */
export async function invalidateSession(sessionId: string): Promise<void> {
  cache.delete(sessionId);
  await getDb().delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (password change, reset, account disabled). */
export async function invalidateUserSessions(userId: string): Promise<void> {
  for (const [sessionId, entry] of cache) if (entry.userId === userId) cache.delete(sessionId);
  await getDb().delete(sessions).where(eq(sessions.userId, userId));
}

/** Forgets cached sessions of a user whose account or roles changed (they reload on next request). */
export function forgetCachedSessions(userId: string): void {
  for (const [sessionId, entry] of cache) if (entry.userId === userId) cache.delete(sessionId);
}
