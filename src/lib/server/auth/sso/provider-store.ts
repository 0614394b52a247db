/**
 * The provinces' OpenID Connect providers as stored (sso_providers): who may configure which
 * province, the enabled ones for the sign-in page, and saving a configuration with its audit
 * entry in one transaction. The client secret is write-only: it leaves this module only towards
 * the OIDC client (oidc-client.ts) and the flow cookie key (flow-cookie.ts), never to a page,
 * a log or the audit log.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { ssoProviders, units, userIdentities, type Unit } from '../../../../../db/schema/index.ts';
import { adminScopePaths, hasRole } from '../../../auth/access.ts';
import type { SsoLinkClaim } from '../../../auth/sso-link-claims.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { getDb } from '../../db.ts';
import type { SessionUser } from '../sessions.ts';
import { forgetProviderConfiguration } from './oidc-client.ts';

export type SsoProvider = typeof ssoProviders.$inferSelect;

/** A provider as an administrator page may show it: everything but the secret. */
export type SsoProviderView = Omit<SsoProvider, 'clientSecret'> & { hasSecret: boolean };

/** Only province and system administrators configure a province's single sign-on. */
export function mayConfigureSso(user: SessionUser | undefined): boolean {
  return hasRole(user, 'province_admin') || hasRole(user, 'system_admin');
}

/** The provinces the user may configure: every province for a system administrator, else the ones they administer. */
export async function configurableProvinces(user: SessionUser | undefined): Promise<Unit[]> {
  if (!mayConfigureSso(user)) return [];
  const provinces = await getDb().select().from(units).where(eq(units.level, 'province')).orderBy(asc(units.name));
  const scopes = adminScopePaths(user);
  return provinces.filter((province) => scopes.some((scope) => province.path.startsWith(scope)));
}

/** One province the user may configure, or undefined (not found, not a province, outside the scope). */
export async function configurableProvince(user: SessionUser | undefined, unitId: string): Promise<Unit | undefined> {
  return (await configurableProvinces(user)).find((province) => province.id === unitId);
}

function view(provider: SsoProvider): SsoProviderView {
  const { clientSecret, ...rest } = provider;
  return { ...rest, hasSecret: clientSecret.length > 0 };
}

/** The province's provider without its secret, if it has one. */
export async function providerViewOf(unitId: string): Promise<SsoProviderView | undefined> {
  const [provider] = await getDb().select().from(ssoProviders).where(eq(ssoProviders.unitId, unitId)).limit(1);
  return provider && view(provider);
}

/** A provider with its province, for signing in; undefined when unknown. Disabled ones are returned: the caller refuses them. */
export async function providerForSignIn(
  providerId: string,
): Promise<{ provider: SsoProvider; province: Unit } | undefined> {
  const [row] = await getDb()
    .select({ provider: ssoProviders, province: units })
    .from(ssoProviders)
    .innerJoin(units, eq(units.id, ssoProviders.unitId))
    .where(eq(ssoProviders.id, providerId))
    .limit(1);
  return row;
}

/** The buttons of the sign-in page: enabled providers of provinces that still exist, by name. */
export async function enabledProviders(): Promise<{ id: string; displayName: string }[]> {
  return getDb()
    .select({ id: ssoProviders.id, displayName: ssoProviders.displayName })
    .from(ssoProviders)
    .innerJoin(units, eq(units.id, ssoProviders.unitId))
    .where(and(eq(ssoProviders.enabled, true), isNull(units.retiredOn)))
    .orderBy(asc(ssoProviders.displayName));
}

/**
 * True when the settings point at another provider or client than the stored ones: the old
 * links and the old secret belong to the old one (another issuer could replay a linked subject,
 * and the old secret must never go to a new token endpoint).
 */
export function reconnects(
  stored: Pick<SsoProvider, 'issuer' | 'clientId'>,
  settings: Pick<SsoSettings, 'issuer' | 'clientId'>,
): boolean {
  return stored.issuer !== settings.issuer || stored.clientId !== settings.clientId;
}

/** What an administrator submits; a blank secret keeps the stored one (unless the issuer or client id changes). */
export interface SsoSettings {
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  linkBy: SsoLinkClaim;
  claimName: string;
  enabled: boolean;
}

/**
 * Creates or updates the province's provider and records configure-sso (without the secret,
 * only whether it changed) in the same transaction. A new provider takes the province's id as
 * its own, so the redirect address can be registered at the provider before the first save.
 * A changed issuer or client id needs a new secret and removes the provider's links to accounts
 * (user_identities), in the same transaction. Returns secret-required when the secret is blank
 * for a new provider or a changed issuer or client id.
 */
export async function saveProvider(
  user: SessionUser,
  province: Unit,
  settings: SsoSettings,
  now = new Date(),
): Promise<{ ok: true; providerId: string } | { ok: false; reason: 'secret-required' }> {
  const db = getDb();
  const outcome = await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(ssoProviders).where(eq(ssoProviders.unitId, province.id)).limit(1);
    const { clientSecret, ...visible } = settings;
    const reconnected = existing !== undefined && reconnects(existing, visible);
    if ((!existing || reconnected) && !clientSecret) return { ok: false as const, reason: 'secret-required' as const };
    let providerId: string;
    let linksRemoved = 0;
    if (existing) {
      providerId = existing.id;
      if (reconnected)
        linksRemoved = (await tx.delete(userIdentities).where(eq(userIdentities.providerId, existing.id))).rowsAffected;
      await tx
        .update(ssoProviders)
        .set({ ...visible, ...(clientSecret ? { clientSecret } : {}), updatedAt: now })
        .where(eq(ssoProviders.id, existing.id));
    } else {
      providerId = province.id;
      await tx.insert(ssoProviders).values({
        id: providerId,
        unitId: province.id,
        ...visible,
        clientSecret: clientSecret!,
        createdAt: now,
        updatedAt: now,
      });
    }
    await recordAudit(tx, {
      action: 'configure-sso',
      userId: user.id,
      unitId: province.id,
      target: providerId,
      details: { ...visible, created: !existing, secretChanged: Boolean(clientSecret), linksRemoved },
      at: now,
    });
    return { ok: true as const, providerId };
  });
  if (outcome.ok) forgetProviderConfiguration(outcome.providerId);
  return outcome;
}

/** The stored connection of a province's provider (to check discovery before saving with a blank secret). */
export async function storedConnectionOf(
  unitId: string,
): Promise<Pick<SsoProvider, 'issuer' | 'clientId' | 'clientSecret'> | undefined> {
  const [row] = await getDb()
    .select({ issuer: ssoProviders.issuer, clientId: ssoProviders.clientId, clientSecret: ssoProviders.clientSecret })
    .from(ssoProviders)
    .where(eq(ssoProviders.unitId, unitId))
    .limit(1);
  return row;
}
