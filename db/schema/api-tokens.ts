import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { units } from './units.ts';
import { users } from './users.ts';

/**
 * A token the training-quality records system uses to read the JSON API (/api/v1/records, unit
 * indicators). Only the SHA-256 of the secret is kept: the secret is shown once, at creation.
 * The token reads the subtree of its unit (a province or a commune) and nothing else.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    /** What the token is for, e.g. "Hệ thống CSDL chất lượng bồi dưỡng tỉnh". */
    name: text('name').notNull(),
    /** Hex SHA-256 of the whole token string; looked up by this, never by the secret itself. */
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token ("hls_abcd"), so an administrator can tell tokens apart. */
    displayPrefix: text('display_prefix').notNull(),
    /** The unit whose subtree the token may read. */
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Last use, to the minute (updated at most once a minute, with the 'token-use' audit entry). */
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedBy: text('revoked_by').references(() => users.id),
    /** Chosen at creation, at most a year later; tokens made before expiries existed got created + 1 year. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    /** Why the token stopped, when it was not revoked by hand (e.g. its creator lost the role). */
    revokedReason: text('revoked_reason'),
  },
  (table) => [index('api_tokens_unit_idx').on(table.unitId)],
);

export type ApiToken = typeof apiTokens.$inferSelect;
