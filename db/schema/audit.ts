import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { AUDIT_ACTIONS } from '../../src/lib/audit/actions.ts';

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    /** The administrator; null for an API token (then tokenId is set). */
    userId: text('user_id').references(() => users.id),
    tokenId: text('token_id'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    /** The unit the action concerns, for scoping who may read the entry. */
    unitId: text('unit_id'),
    /** What was acted on, e.g. "assignment:<id>", "certificate:<code>", "export:records.xlsx". */
    target: text('target').notNull(),
    /** Details in plain data (counts, filters, reasons); never passwords or tokens. */
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (table) => [index('audit_log_unit_idx').on(table.unitId, table.at), index('audit_log_at_idx').on(table.at)],
);
