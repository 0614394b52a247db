import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/**
 * State that several server instances on one database must share (issue 13: two or more
 * instances behind Caddy, no sticky sessions). Nothing here may live in one process's memory.
 */

/** A token bucket per limited thing (`scope`, e.g. "verify") and client key, updated atomically. */
export const rateLimitBuckets = sqliteTable(
  'rate_limit_buckets',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** Tokens left after the last request (may be fractional while refilling). */
    tokens: real('tokens').notNull(),
    /** Whether the last request was let through (1) or refused (0); read back by the same statement. */
    allowed: integer('allowed').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.scope, table.key] }),
    index('rate_limit_buckets_updated_idx').on(table.updatedAt),
  ],
);

/** An officials import running in the background on some instance, polled by any instance. */
export const importJobs = sqliteTable(
  'import_jobs',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    state: text('state', { enum: ['running', 'done', 'failed'] }).notNull(),
    step: text('step').notNull(),
    done: integer('done').notNull(),
    total: integer('total').notNull(),
    redirectTo: text('redirect_to'),
    errorStatus: integer('error_status'),
    errorMessage: text('error_message'),
    /** Refreshed while the job runs: a running job whose heartbeat stopped died with its instance. */
    heartbeatAt: integer('heartbeat_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('import_jobs_state_idx').on(table.state, table.userId)],
);

/**
 * Sessions ended (sign-out, expiry) and users whose sessions or roles changed, in order: each
 * instance reads the entries after the last one it saw and drops them from its session cache.
 */
export const sessionRevocations = sqliteTable(
  'session_revocations',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id'),
    userId: text('user_id'),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('session_revocations_at_idx').on(table.revokedAt)],
);

/** A lock held for a while by one instance (`holder`), e.g. changes to one H5P package. */
export const leaseLocks = sqliteTable('lease_locks', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/**
 * An upload being received or parsed: a counting semaphore over every instance, so one user (and
 * everyone together) has only a few large uploads in flight. A slot whose instance died expires.
 */
export const uploadSlots = sqliteTable(
  'upload_slots',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    /** What is uploaded: "video", "officials", "attendance", "h5p"… */
    kind: text('kind').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (table) => [index('upload_slots_user_idx').on(table.userId), index('upload_slots_expires_idx').on(table.expiresAt)],
);
