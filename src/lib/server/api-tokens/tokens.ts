/**
 * Scoped API tokens: created by a province (or system) administrator for a province or commune
 * in their scope, listed and revoked within that scope, and checked on every API request. Every
 * creation, revocation and (at most once a minute per token) use is in the audit log.
 *
 * A token lives at most a year (its expiry is chosen at creation), and only as long as its
 * creator could still make it: when the creator is disabled or no longer administers the token's
 * unit, or the unit is gone, the next use finds out, refuses the token and records why
 * (revoked_reason), so the list tells the administrators.
 */
import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { apiTokens, roleGrants, units, users, type ApiToken, type Unit } from '../../../../db/schema/index.ts';
import { hasRole } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId } from '../../ids.ts';
import { pathInSubtrees } from '../org/scope.ts';
import { displayPrefixOf, generateTokenSecret, hashTokenSecret, looksLikeToken, sameHash } from './token-secret.ts';

/** How often a token's use is written down: last_used_at and one 'token-use' audit entry. */
export const TOKEN_USE_RECORD_INTERVAL_MS = 60_000;

/** The lifetimes an administrator may choose, in days (a year at most). */
export const TOKEN_VALIDITY_DAYS = [30, 90, 180, 365] as const;
export type TokenValidityDays = (typeof TOKEN_VALIDITY_DAYS)[number];
/** The lifetime preselected in the form and used when none is given. */
export const DEFAULT_TOKEN_VALIDITY_DAYS: TokenValidityDays = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a token stopped without an administrator revoking it (api_tokens.revoked_reason). */
export const AUTOMATIC_REVOCATION_REASONS = {
  'creator-lost-role': 'Người tạo mã không còn quyền quản trị đơn vị của mã.',
  'creator-disabled': 'Tài khoản của người tạo mã đã bị khóa.',
  'unit-removed': 'Đơn vị của mã không còn tồn tại.',
} as const;
export type AutomaticRevocationReason = keyof typeof AUTOMATIC_REVOCATION_REASONS;

/** The reason in words, for the list (null: revoked by an administrator by hand). */
export function revocationReasonText(reason: string | null): string | null {
  return reason && reason in AUTOMATIC_REVOCATION_REASONS
    ? AUTOMATIC_REVOCATION_REASONS[reason as AutomaticRevocationReason]
    : reason;
}

/**
 * 1 when the token's creator still holds a grant that lets them make this token: system
 * administrator, or province administrator of a unit whose subtree holds the token's unit (the
 * same rule as tokenScopePaths). Correlated on api_tokens and units of the outer query, so the
 * subtree's root is a column here, not the string pathInSubtree (org/scope.ts) takes: the same
 * prefix test written with substr.
 */
const creatorStillCovers = sql<number>`exists (
  select 1 from ${roleGrants} as g left join ${units} as gu on gu.id = g.unit_id
  where g.user_id = ${apiTokens.createdBy}
    and (g.role = 'system_admin' or (g.role = 'province_admin' and gu.path is not null and substr(${units.path}, 1, length(gu.path)) = gu.path))
)`;

/** Province and system administrators manage tokens; commune administrators do not. */
export function canManageTokens(user: SessionUser | undefined): boolean {
  return hasRole(user, 'system_admin') || hasRole(user, 'province_admin');
}

/** Tree paths a token manager may give tokens for (their province subtrees, or "/"). */
function tokenScopePaths(user: SessionUser): string[] {
  if (hasRole(user, 'system_admin')) return ['/'];
  return user.roles
    .filter((grant) => grant.role === 'province_admin' && grant.unitPath)
    .map((grant) => grant.unitPath!);
}

/** SQL condition: the unit (units.path) lies in the user's token scope. */
function inTokenScope(user: SessionUser): SQL {
  return pathInSubtrees(tokenScopePaths(user)) ?? sql`0`;
}

/** Provinces and communes a token may be scoped to by this administrator, province first. */
export async function tokenUnitChoices(db: Database, user: SessionUser): Promise<Unit[]> {
  const rows = await db
    .select()
    .from(units)
    .where(and(inTokenScope(user), or(eq(units.level, 'province'), eq(units.level, 'commune'))));
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
  expiresAt: Date | null;
  /** Why it stopped, in words, when it was not revoked by hand (or would stop at its next use). */
  revokedReason: string | null;
  status: 'active' | 'expired' | 'revoked';
}

/**
 * Every token scoped to a unit in the administrator's token scope, newest first. A token whose
 * creator lost the right to it is shown revoked, with the reason, even before its next use
 * records that (a read does not write).
 */
export async function tokensInScope(db: Database, user: SessionUser, now = new Date()): Promise<TokenListing[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      displayPrefix: apiTokens.displayPrefix,
      unitName: units.name,
      createdByName: users.displayName,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
      storedReason: apiTokens.revokedReason,
      creatorDisabledAt: users.disabledAt,
      creatorCovers: creatorStillCovers,
    })
    .from(apiTokens)
    .innerJoin(units, eq(units.id, apiTokens.unitId))
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(inTokenScope(user))
    .orderBy(desc(apiTokens.createdAt), apiTokens.id);
  return rows.map(({ storedReason, creatorDisabledAt, creatorCovers, ...row }) => {
    const pending = automaticReason({
      unitPresent: true,
      creatorDisabled: creatorDisabledAt !== null,
      creatorCovers: Boolean(creatorCovers),
    });
    const status =
      row.revokedAt || pending
        ? 'revoked'
        : row.expiresAt && row.expiresAt.getTime() <= now.getTime()
          ? 'expired'
          : 'active';
    return { ...row, status, revokedReason: revocationReasonText(row.revokedAt ? storedReason : pending) };
  });
}

/** Why a token can no longer be used although nobody revoked it, or null when it still can. */
function automaticReason(state: {
  unitPresent: boolean;
  creatorDisabled: boolean;
  creatorCovers: boolean;
}): AutomaticRevocationReason | null {
  if (!state.unitPresent) return 'unit-removed';
  if (state.creatorDisabled) return 'creator-disabled';
  if (!state.creatorCovers) return 'creator-lost-role';
  return null;
}

export type CreateTokenOutcome =
  { ok: true; token: string; id: string; unit: Unit } | { ok: false; reason: 'not-found' };

/**
 * Creates a token for `unitId` (a province or commune in scope) valid for `validForDays` (one of
 * TOKEN_VALIDITY_DAYS); returns the secret, once.
 */
export async function createApiToken(
  db: Database,
  user: SessionUser,
  name: string,
  unitId: string,
  { validForDays = DEFAULT_TOKEN_VALIDITY_DAYS, now = new Date() }: { validForDays?: number; now?: Date } = {},
): Promise<CreateTokenOutcome> {
  // The action's schema allows these only; checked again so no caller can make a longer-lived token.
  if (!(TOKEN_VALIDITY_DAYS as readonly number[]).includes(validForDays))
    throw new RangeError(`Thời hạn mã truy cập không hợp lệ: ${validForDays} ngày`);
  if (!canManageTokens(user)) return { ok: false, reason: 'not-found' };
  const unit = (await tokenUnitChoices(db, user)).find((choice) => choice.id === unitId);
  if (!unit) return { ok: false, reason: 'not-found' };
  const token = generateTokenSecret();
  const id = newId();
  const expiresAt = new Date(now.getTime() + validForDays * DAY_MS);
  await db.transaction(async (tx) => {
    await tx.insert(apiTokens).values({
      id,
      name,
      tokenHash: hashTokenSecret(token),
      displayPrefix: displayPrefixOf(token),
      unitId,
      createdBy: user.id,
      createdAt: now,
      expiresAt,
    });
    await recordAudit(tx, {
      action: 'create-token',
      userId: user.id,
      unitId,
      target: `api-token:${id}`,
      details: { name, unit: unit.code, expiresAt: expiresAt.toISOString() },
      at: now,
    });
  });
  return { ok: true, token, id, unit };
}

export type RevokeTokenOutcome = 'revoked' | 'already-revoked' | 'not-found';

/** Revokes a token in the administrator's scope; from then on it is refused with 401. */
export async function revokeApiToken(
  db: Database,
  user: SessionUser,
  tokenId: string,
  now = new Date(),
): Promise<RevokeTokenOutcome> {
  if (!canManageTokens(user)) return 'not-found';
  const [row] = await db
    .select({ token: apiTokens, unitPath: units.path })
    .from(apiTokens)
    .innerJoin(units, eq(units.id, apiTokens.unitId))
    .where(and(eq(apiTokens.id, tokenId), inTokenScope(user)))
    .limit(1);
  if (!row) return 'not-found';
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(apiTokens)
      .set({ revokedAt: now, revokedBy: user.id })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (updated.length === 0) return 'already-revoked' as const;
    await recordAudit(tx, {
      action: 'revoke-token',
      userId: user.id,
      unitId: row.token.unitId,
      target: `api-token:${tokenId}`,
      details: { name: row.token.name },
      at: now,
    });
    return 'revoked' as const;
  });
}

/** A token that passed the check: what it may read. */
export interface AuthenticatedToken {
  token: ApiToken;
  /** Tree path of the token's unit: the token reads this subtree only. */
  unitPath: string;
}

export type TokenCheck =
  { ok: true; auth: AuthenticatedToken } | { ok: false; reason: 'unknown' | 'revoked' | 'expired'; expiresAt?: Date };

/**
 * Checks a presented token: known, unrevoked, unexpired, and its creator still entitled to it.
 * The lookup is by SHA-256 (an indexed equality on a hash, so the secret is never compared byte
 * by byte); the hash is compared once more in constant time. One query reads the token, its unit,
 * its creator and whether the creator's grants still cover the unit. A token found orphaned is
 * revoked there and then, with the reason. A use is recorded at most once a minute per token
 * (see recordTokenUse).
 */
export async function authenticateApiToken(
  db: Database,
  presented: string,
  request: { method: string; path: string },
  now = new Date(),
): Promise<TokenCheck> {
  if (!looksLikeToken(presented)) return { ok: false, reason: 'unknown' };
  const hash = hashTokenSecret(presented);
  const [row] = await db
    .select({
      token: apiTokens,
      unitPath: units.path,
      creatorDisabledAt: users.disabledAt,
      creatorCovers: creatorStillCovers,
    })
    .from(apiTokens)
    .leftJoin(units, eq(units.id, apiTokens.unitId))
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.tokenHash, hash))
    .limit(1);
  if (!row || !sameHash(row.token.tokenHash, hash)) return { ok: false, reason: 'unknown' };
  if (row.token.revokedAt) return { ok: false, reason: 'revoked' };
  // Tokens from before expiries existed were given one by the migration; none is open-ended.
  if (!row.token.expiresAt || row.token.expiresAt.getTime() <= now.getTime())
    return { ok: false, reason: 'expired', expiresAt: row.token.expiresAt ?? undefined };
  const reason = automaticReason({
    unitPresent: row.unitPath !== null,
    creatorDisabled: row.creatorDisabledAt !== null,
    creatorCovers: Boolean(row.creatorCovers),
  });
  if (reason || row.unitPath === null) {
    await revokeAutomatically(db, row.token, reason ?? 'unit-removed', now);
    return { ok: false, reason: 'revoked' };
  }
  await recordTokenUse(db, row.token, request, now);
  return { ok: true, auth: { token: row.token, unitPath: row.unitPath } };
}

/** Marks a token revoked for `reason` (no administrator: revoked_by stays null), with an audit entry. */
async function revokeAutomatically(
  db: Database,
  token: ApiToken,
  reason: AutomaticRevocationReason,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(apiTokens)
      .set({ revokedAt: now, revokedReason: reason })
      .where(and(eq(apiTokens.id, token.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    // A concurrent request got there first: one entry is enough.
    if (updated.length === 0) return;
    await recordAudit(tx, {
      action: 'revoke-token',
      tokenId: token.id,
      unitId: token.unitId,
      target: `api-token:${token.id}`,
      details: { name: token.name, reason },
      at: now,
    });
  });
}

/**
 * Writes last_used_at and a 'token-use' audit entry, but only when the last record is a minute
 * old or more: a records system paging through thousands of rows would otherwise flood the log
 * (and make every read a write). The conditional UPDATE decides, so two requests racing in the
 * same minute write one entry.
 */
async function recordTokenUse(
  db: Database,
  token: ApiToken,
  request: { method: string; path: string },
  now: Date,
): Promise<void> {
  if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < TOKEN_USE_RECORD_INTERVAL_MS) return;
  const threshold = new Date(now.getTime() - TOKEN_USE_RECORD_INTERVAL_MS);
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, threshold))))
      .returning({ id: apiTokens.id });
    if (updated.length === 0) return;
    await recordAudit(tx, {
      action: 'token-use',
      tokenId: token.id,
      unitId: token.unitId,
      target: `api-token:${token.id}`,
      details: { name: token.name, request: `${request.method} ${request.path}` },
      at: now,
    });
  });
}
