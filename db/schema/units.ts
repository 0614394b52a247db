import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** Levels of the organisation tree: province → commune-level unit → its bodies and offices. */
export const UNIT_LEVELS = ['province', 'commune', 'office'] as const;

/** What a unit is called: tỉnh / thành phố; xã / phường / đặc khu; cơ quan, phòng ban. */
export const UNIT_KINDS = ['tinh', 'thanh-pho', 'xa', 'phuong', 'dac-khu', 'co-quan'] as const;

/**
 * A unit of the organisation tree. `path` is the chain of ids from the root, "/a/b/c/", so a
 * subtree is one indexed prefix range: the basis of every administrator's scope.
 */
export const units = sqliteTable(
  'units',
  {
    id: text('id').primaryKey(),
    parentId: text('parent_id').references((): AnySQLiteColumn => units.id),
    level: text('level', { enum: UNIT_LEVELS }).notNull(),
    kind: text('kind', { enum: UNIT_KINDS }).notNull(),
    name: text('name').notNull(),
    /** Administrative code (mã đơn vị), unique. */
    code: text('code').notNull().unique(),
    path: text('path').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index('units_parent_idx').on(table.parentId)],
);

export type Unit = typeof units.$inferSelect;
