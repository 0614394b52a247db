/**
 * A signed-in person's own sessions (ASVS 7.5.2): seeing where they are signed in and ending any
 * other session, one or all. Only the person's own sessions are ever listed or ended; every end
 * goes through invalidateSession, so the revocation log tells every instance at once.
 *
 * The page never shows a session's id (the first half of its cookie): each session is named by a
 * handle, a SHA-256 digest of its id, matched again among the person's own sessions when ending it.
 */
import { and, desc, eq, ne } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { sessions } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { invalidateSession } from './sessions.ts';

/** What the page shows of one session. */
export interface OwnSession {
  /** Names the session in forms; not its id. */
  handle: string;
  createdAt: Date;
  /** Last time the session was seen in use (written at most every minute or hour, by role). */
  lastVerifiedAt: Date;
  /** The session this request came with. */
  current: boolean;
}

/** The handle of a session as forms name it: 32 hex digits of SHA-256 over its id. */
export function sessionHandle(sessionId: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(`phien-dang-nhap:${sessionId}`))).slice(0, 32);
}

/** The user's open sessions, newest first, the current one marked. */
export async function listOwnSessions(userId: string, currentSessionId: string | undefined): Promise<OwnSession[]> {
  const rows = await getDb()
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastVerifiedAt: sessions.lastVerifiedAt })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.createdAt), sessions.id);
  return rows.map((row) => ({
    handle: sessionHandle(row.id),
    createdAt: row.createdAt,
    lastVerifiedAt: row.lastVerifiedAt,
    current: row.id === currentSessionId,
  }));
}

export type EndSessionResult = { ok: true } | { ok: false; reason: 'not-found' | 'current' };

/**
 * Ends one of the user's other sessions, named by its handle. A handle that names no session of
 * this user (another person's, an ended one, made up) is 'not-found', the same answer for each.
 */
export async function endOwnSession(
  userId: string,
  currentSessionId: string | undefined,
  handle: string,
): Promise<EndSessionResult> {
  const rows = await getDb().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  const found = rows.find((row) => sessionHandle(row.id) === handle);
  if (!found) return { ok: false, reason: 'not-found' };
  if (found.id === currentSessionId) return { ok: false, reason: 'current' };
  await invalidateSession(found.id);
  return { ok: true };
}

/** Ends every session of the user but the current one; returns how many were ended. */
export async function endOtherSessions(userId: string, currentSessionId: string): Promise<number> {
  const others = await getDb()
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId)));
  for (const other of others) await invalidateSession(other.id);
  return others.length;
}
