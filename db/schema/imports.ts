import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/**
 * An uploaded list of officials between preview and commit: the validated rows and the bad
 * ones are kept here, so the commit applies exactly what was previewed, all or nothing.
 */
export const officialImports = sqliteTable('official_imports', {
  id: text('id').primaryKey(),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  fileName: text('file_name').notNull(),
  status: text('status', { enum: ['preview', 'committed', 'discarded'] }).notNull(),
  /** Valid rows, normalised, as JSON. */
  rows: text('rows', { mode: 'json' }).$type<unknown[]>().notNull(),
  /** Bad rows: row number and Vietnamese reasons, as JSON. */
  problems: text('problems', { mode: 'json' }).$type<{ row: number; reasons: string[] }[]>().notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  committedAt: integer('committed_at', { mode: 'timestamp_ms' }),
});
