/**
 * Which account a verified identity opens. A (provider, subject) linked before opens its account
 * again, as long as the account is enabled and its official still active in the province;
 * otherwise the province's chosen claim is matched to exactly one imported official of the
 * province who has an account (src/lib/auth/sso-linking.ts decides), and the link is made in the
 * same transaction as the check. Linking by e-mail needs the provider to say the address is
 * verified. Either way the account may hold no role a province administrator could not grant
 * (accountActionProblem): the province's administrators control its provider, so its sign-in must
 * not open a national or system account. No account is ever created here, and nothing is linked
 * on a refusal.
 */
import { and, eq } from 'drizzle-orm';
import { officials, roleGrants, units, userIdentities, users } from '../../../../../db/schema/index.ts';
import { accountActionProblem } from '../../../auth/account-rules.ts';
import { decideLink, normaliseLinkValue, type LinkCandidate, type SsoRefusal } from '../../../auth/sso-linking.ts';
import type { Database } from '../../../../../db/client.ts';
import { getDb } from '../../db.ts';
import type { SsoProvider } from './provider-store.ts';

type Reader = Pick<Database, 'select'>;

const COLUMN = {
  staff_code: officials.staffCode,
  national_id: officials.nationalId,
  email: officials.email,
} as const;

export type LinkOutcome = { ok: true; userId: string; linkedNow: boolean } | { ok: false; reason: SsoRefusal };

/** Every official holding the value, wherever they work, with their account. */
async function candidatesFor(reader: Reader, provider: SsoProvider, value: string): Promise<LinkCandidate[]> {
  const rows = await reader
    .select({
      officialId: officials.id,
      active: officials.active,
      unitPath: units.path,
      userId: users.id,
      disabledAt: users.disabledAt,
    })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .leftJoin(users, eq(users.officialId, officials.id))
    .where(eq(COLUMN[provider.linkBy], value))
    .limit(20);
  return rows.map((row) => ({
    officialId: row.officialId,
    active: row.active,
    unitPath: row.unitPath,
    userId: row.userId,
    accountDisabled: row.disabledAt !== null,
  }));
}

/**
 * True when the account holds a role a province administrator of the provider's province could
 * not grant. The actor is synthetic: an id no user has, holding just that administrator role.
 */
async function beyondProvince(reader: Reader, provider: SsoProvider, provincePath: string, userId: string) {
  const roles = await reader
    .select({ role: roleGrants.role, unitPath: units.path })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, userId));
  const provinceAdmin = {
    id: `sso-provider:${provider.id}`,
    roles: [{ role: 'province_admin' as const, unitId: provider.unitId, unitPath: provincePath }],
  };
  return accountActionProblem(provinceAdmin, { userId, roles }) !== null;
}

/** An account linked before: still usable only while enabled and, for an official, active in the province. */
async function linkedAccount(
  reader: Reader,
  provider: SsoProvider,
  provincePath: string,
  subject: string,
): Promise<LinkOutcome | undefined> {
  const [row] = await reader
    .select({ userId: users.id, disabledAt: users.disabledAt, active: officials.active, unitPath: units.path })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .leftJoin(officials, eq(officials.id, users.officialId))
    .leftJoin(units, eq(units.id, officials.unitId))
    .where(and(eq(userIdentities.providerId, provider.id), eq(userIdentities.subject, subject)))
    .limit(1);
  if (!row) return undefined;
  if (row.disabledAt) return { ok: false, reason: 'disabled' };
  if (row.unitPath !== null && !row.active) return { ok: false, reason: 'no-official' };
  if (row.unitPath !== null && !row.unitPath.startsWith(provincePath)) return { ok: false, reason: 'other-province' };
  if (await beyondProvince(reader, provider, provincePath, row.userId)) return { ok: false, reason: 'beyond-province' };
  return { ok: true, userId: row.userId, linkedNow: false };
}

/**
 * The account for `subject` at `provider` (serving the province at `provincePath`), linking it
 * just in time when the claim names exactly one of the province's officials.
 */
export async function accountForIdentity(
  provider: SsoProvider,
  provincePath: string,
  subject: string,
  claims: Record<string, unknown>,
  now = new Date(),
): Promise<LinkOutcome> {
  const db = getDb();
  const known = await linkedAccount(db, provider, provincePath, subject);
  if (known) return known;
  const value = normaliseLinkValue(provider.linkBy, claims[provider.claimName]);
  if (!value) return { ok: false, reason: 'no-claim' };
  // An address the provider has not verified could be anyone's (OpenID Connect Core §5.7).
  if (provider.linkBy === 'email' && claims.email_verified !== true) return { ok: false, reason: 'email-unverified' };
  return db.transaction(async (tx) => {
    // Again inside the transaction: two first sign-ins at once link once.
    const again = await linkedAccount(tx, provider, provincePath, subject);
    if (again) return again;
    const decision = decideLink(await candidatesFor(tx, provider, value), provincePath);
    if (!decision.ok) return { ok: false, reason: decision.reason };
    if (await beyondProvince(tx, provider, provincePath, decision.userId))
      return { ok: false, reason: 'beyond-province' };
    // An account already linked to another subject of this provider is not taken over by a second one.
    const [other] = await tx
      .select({ id: userIdentities.id })
      .from(userIdentities)
      .where(and(eq(userIdentities.providerId, provider.id), eq(userIdentities.userId, decision.userId)))
      .limit(1);
    if (other) return { ok: false, reason: 'already-linked' };
    await tx
      .insert(userIdentities)
      .values({ providerId: provider.id, subject, userId: decision.userId, linkedAt: now });
    return { ok: true, userId: decision.userId, linkedNow: true };
  });
}
