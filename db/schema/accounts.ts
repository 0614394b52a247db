import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { units } from './units.ts';
import { SSO_LINK_CLAIMS } from '../../src/lib/auth/sso-link-claims.ts';

/**
 * A one-time activation code printed on an official's letter: only its SHA-256 is kept. At most
 * one is live per account; issuing a new one revokes the old.
 */
export const activationCodes = sqliteTable(
  'activation_codes',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull().unique(),
    /** Letters printed together share a batch id. */
    batchId: text('batch_id'),
    issuedBy: text('issued_by'),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('activation_codes_user_idx').on(table.userId)],
);

/** A password-reset link sent by e-mail: only the token's SHA-256 is kept; single use, short-lived. */
export const passwordResetTokens = sqliteTable(
  'password_reset_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('password_reset_tokens_user_idx').on(table.userId)],
);

/** A province's OpenID Connect identity provider. */
export const ssoProviders = sqliteTable('sso_providers', {
  id: text('id').primaryKey(),
  /** The province it serves; one provider per province. */
  unitId: text('unit_id')
    .notNull()
    .unique()
    .references(() => units.id),
  /** Shown on the sign-in button, e.g. "Cổng định danh tỉnh Lào Cai". */
  displayName: text('display_name').notNull(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  clientSecret: text('client_secret').notNull(),
  /** Which official attribute links an account: staff code, national id or e-mail. */
  linkBy: text('link_by', { enum: SSO_LINK_CLAIMS }).notNull(),
  /** The ID-token / userinfo claim holding that attribute, e.g. "preferred_username". */
  claimName: text('claim_name').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** An account linked to a subject at a provider: found again by (provider, sub) on later sign-ins. */
export const userIdentities = sqliteTable(
  'user_identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: text('provider_id')
      .notNull()
      .references(() => ssoProviders.id),
    subject: text('subject').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    linkedAt: integer('linked_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    uniqueIndex('user_identities_subject_unique').on(table.providerId, table.subject),
    index('user_identities_user_idx').on(table.userId),
  ],
);
