import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { units } from './units.ts';
import { ROLES } from '../../src/lib/auth/roles.ts';

/** A person who signs in. Officials have one, linked by official_id. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Sign-in name, lower case; for officials, their staff code. */
  username: text('username').notNull().unique(),
  officialId: text('official_id').unique(),
  displayName: text('display_name').notNull(),
  /** Argon2id hash (PHC string). Never leaves the server. */
  passwordHash: text('password_hash').notNull(),
  /** Set when an administrator gives a temporary password. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  /** When the temporary password stops opening the account (ASVS 6.4.1); null once changed. */
  temporaryPasswordExpiresAt: integer('temporary_password_expires_at', { mode: 'timestamp_ms' }),
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
  /** Where a password-reset link may be sent, for accounts that are not an official's (theirs is on officials). */
  email: text('email'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

/** A role held by a user, with the unit it applies to (commune or province admins). */
export const roleGrants = sqliteTable(
  'role_grants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ROLES }).notNull(),
    unitId: text('unit_id').references(() => units.id),
    /** An instructor grant limited to these course slugs (JSON array); null = any course. */
    courseSlugs: text('course_slugs', { mode: 'json' }).$type<string[]>(),
    /** An instructor grant limited to courses of these fields (JSON array of field slugs); null = any field. */
    fields: text('fields', { mode: 'json' }).$type<string[]>(),
    /** Who granted it and when (null for grants made by the seed or before grants were audited). */
    grantedBy: text('granted_by'),
    grantedAt: integer('granted_at', { mode: 'timestamp_ms' }),
    reason: text('reason'),
  },
  (table) => [
    uniqueIndex('role_grants_unique').on(table.userId, table.role, table.unitId),
    index('role_grants_unit_idx').on(table.unitId),
  ],
);

export type User = typeof users.$inferSelect;
