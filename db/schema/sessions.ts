import { index, integer, sqliteTable, text, blob } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/**
 * A sign-in session (Lucia's guide): the cookie carries "id.secret"; only SHA-256 of the
 * secret is stored, so a leaked table cannot be replayed.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Last time the session was seen valid; refreshed at most hourly. */
    lastVerifiedAt: integer('last_verified_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the password was last entered in this session (sign-in or re-authentication); null = at createdAt. */
    passwordConfirmedAt: integer('password_confirmed_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/** Failed sign-in attempts per account, for throttling (never per IP: offices share one). */
export const signInThrottle = sqliteTable('sign_in_throttle', {
  /** Normalised username tried, whether or not the account exists. */
  username: text('username').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: integer('last_failure_at', { mode: 'timestamp_ms' }).notNull(),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
});

export type Session = typeof sessions.$inferSelect;
