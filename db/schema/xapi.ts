import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { XAPI_FACT_KINDS, XAPI_STATUSES } from '../../src/lib/xapi/outbox-states.ts';

/**
 * The outbox of xAPI statements: written in the same transaction as the fact it reports, and sent
 * to the LRS later by the background sender. The statement id is a UUIDv5 of the fact, so the
 * same fact can never be queued (or stored at the LRS) twice.
 */
export const xapiOutbox = sqliteTable(
  'xapi_outbox',
  {
    /** The statement's id: UUIDv5 of the fact key. */
    statementId: text('statement_id').primaryKey(),
    factKind: text('fact_kind', { enum: XAPI_FACT_KINDS }).notNull(),
    /** The complete statement as sent, JSON. */
    statement: text('statement', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** Tree path of the learner's unit at the fact, so administrators see only their scope. */
    unitPath: text('unit_path'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: XAPI_STATUSES }).notNull().default('pending'),
    /** Delivery attempts since it was queued or last resent. */
    attempts: integer('attempts').notNull().default(0),
    /** Not sent before this time: the backoff after a failure, or the lease of a sender holding it. */
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    /** The last failure, short and in plain text (HTTP status or network error). */
    lastError: text('last_error'),
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    index('xapi_outbox_due_idx').on(table.status, table.nextAttemptAt),
    index('xapi_outbox_unit_idx').on(table.unitPath, table.createdAt),
  ],
);

export type XapiOutboxRow = typeof xapiOutbox.$inferSelect;
