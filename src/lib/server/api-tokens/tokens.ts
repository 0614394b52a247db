/**
 * Scoped API tokens: created by a province (or system) administrator for a province or commune
 * in their scope, listed and revoked within that scope, and checked on every API request. Every
 * creation, revocation and (at most once a minute per token) use is in the audit log.
 */
import { and, desc, eq, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { apiTokens, units, users, type ApiToken, type Unit } from '../../../../db/schema/index.ts';
import { hasRole } from '../access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId } from '../ids.ts';
import { displayPrefixOf, generateTokenSecret, hashTokenSecret, looksLikeToken, sameHash } from './token-secret.ts';

/** How often a token's use is written down: last_used_at and one 'token-use' audit entry. */
export const TOKEN_USE_RECORD_INTERVAL_MS = 60_000;

/** Province and system administrators manage tokens; commune administrators do not. */
export function canManageTokens(user: SessionUser | undefined): boolean {
  return hasRole(user, 'system_admin') || hasRole(user, 'province_admin');
}

/** Tree paths a token manager may give tokens for (their province subtrees, or "/"). */
function tokenScopePaths(user: SessionUser): string[] {
  if (hasRole(user, 'system_admin')) return ['/'];
  return user.roles.filter((grant) => grant.role === 'province_admin' && grant.unitPath).map((grant) => grant.unitPath!);
}

function pathCondition(column: typeof units.path, paths: string[]) {
  if (paths.length === 0) return sql`0`;
  return or(...paths.map((path) => like(column, `${path}%`)))!;
}

/** Provinces and communes a token may be scoped to by this administrator, province first. */
export async function tokenUnitChoices(db: Database, user: SessionUser): Promise<Unit[]> {
  const rows = await db
    .select()
    .from(units)
    .where(and(pathCondition(units.path, tokenScopePaths(user)), or(eq(units.level, 'province'), eq(units.level, 'commune'))));
  return rows.sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.name.localeCompare(b.name, 'vi'));
}

/** A token as the administrator's list shows it (never the hash). */
export interface TokenListing {
  id: string;
  name: string;
  displayPrefix: string;
  unitName: string;
  createdByName: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Every token scoped to a unit in the administrator's token scope, newest first. */
export async function tokensInScope(db: Database, user: SessionUser): Promise<TokenListing[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      displayPrefix: apiTokens.displayPrefix,
      unitName: units.name,
      createdByName: users.displayName,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(units, eq(units.id, apiTokens.unitId))
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(pathCondition(units.path, tokenScopePaths(user)))
    .orderBy(desc(apiTokens.createdAt), apiTokens.id);
}

export type CreateTokenOutcome = { ok: true; token: string; id: string; unit: Unit } | { ok: false; reason: 'not-found' };

/** Creates a token for `unitId` (a province or commune in scope); returns the secret, once. */
export async function createApiToken(db: Database, user: SessionUser, name: string, unitId: string, now = new Date()): Promise<CreateTokenOutcome> {
  if (!canManageTokens(user)) return { ok: false, reason: 'not-found' };
  const unit = (await tokenUnitChoices(db, user)).find((choice) => choice.id === unitId);
  if (!unit) return { ok: false, reason: 'not-found' };
  const token = generateTokenSecret();
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(apiTokens).values({ id, name, tokenHash: hashTokenSecret(token), displayPrefix: displayPrefixOf(token), unitId, createdBy: user.id, createdAt: now });
    await recordAudit(tx, { action: 'create-token', userId: user.id, unitId, target: `api-token:${id}`, details: { name, unit: unit.code }, at: now });
  });
  return { ok: true, token, id, unit };
}

export type RevokeTokenOutcome = 'revoked' | 'already-revoked' | 'not-found';

/** Revokes a token in the administrator's scope; from then on it is refused with 401. */
export async function revokeApiToken(db: Database, user: SessionUser, tokenId: string, now = new Date()): Promise<RevokeTokenOutcome> {
  if (!canManageTokens(user)) return 'not-found';
  const [row] = await db
    .select({ token: apiTokens, unitPath: units.path })
    .from(apiTokens)
    .innerJoin(units, eq(units.id, apiTokens.unitId))
    .where(and(eq(apiTokens.id, tokenId), pathCondition(units.path, tokenScopePaths(user))))
    .limit(1);
  if (!row) return 'not-found';
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(apiTokens)
      .set({ revokedAt: now, revokedBy: user.id })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (updated.length === 0) return 'already-revoked' as const;
    await recordAudit(tx, { action: 'revoke-token', userId: user.id, unitId: row.token.unitId, target: `api-token:${tokenId}`, details: { name: row.token.name }, at: now });
    return 'revoked' as const;
  });
}

/** A token that passed the check: what it may read. */
export interface AuthenticatedToken {
  token: ApiToken;
  /** Tree path of the token's unit: the token reads this subtree only. */
  unitPath: string;
}

/**
 * The valid, unrevoked token for this string, or null. The lookup is by SHA-256 (an indexed
 * equality on a hash, so the secret is never compared byte by byte); the hash is compared once
 * more in constant time. A use is recorded at most once a minute per token (see recordTokenUse).
 */
export async function authenticateApiToken(db: Database, presented: string, request: { method: string; path: string }, now = new Date()): Promise<AuthenticatedToken | null> {
  if (!looksLikeToken(presented)) return null;
  const hash = hashTokenSecret(presented);
  const [row] = await db.select({ token: apiTokens, unitPath: units.path }).from(apiTokens).innerJoin(units, eq(units.id, apiTokens.unitId)).where(eq(apiTokens.tokenHash, hash)).limit(1);
  if (!row || !sameHash(row.token.tokenHash, hash) || row.token.revokedAt) return null;
  await recordTokenUse(db, row.token, request, now);
  return row;
}

/**
 * Writes last_used_at and a 'token-use' audit entry, but only when the last record is a minute
 * old or more: a records system paging through thousands of rows would otherwise flood the log
 * (and make every read a write). The conditional UPDATE decides, so two requests racing in the
 * same minute write one entry.
 */
async function recordTokenUse(db: Database, token: ApiToken, request: { method: string; path: string }, now: Date): Promise<void> {
  if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < TOKEN_USE_RECORD_INTERVAL_MS) return;
  const threshold = new Date(now.getTime() - TOKEN_USE_RECORD_INTERVAL_MS);
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, threshold))))
      .returning({ id: apiTokens.id });
    if (updated.length === 0) return;
    await recordAudit(tx, { action: 'token-use', tokenId: token.id, unitId: token.unitId, target: `api-token:${token.id}`, details: { name: token.name, request: `${request.method} ${request.path}` }, at: now });
  });
}
