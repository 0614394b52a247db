import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { UNIT_CHANGE_KINDS } from '../../src/lib/org/unit-change-kinds.ts';

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
    /** Date (YYYY-MM-DD) the unit came into being (a merger's, a split's or a decision's date). */
    validFrom: text('valid_from'),
    /** Date (YYYY-MM-DD) from which the unit no longer exists (retired, merged away, split up); null while it does. */
    retiredOn: text('retired_on'),
    /** The unit its officials went to when it was merged away; null otherwise. */
    successorId: text('successor_id').references((): AnySQLiteColumn => units.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index('units_parent_idx').on(table.parentId)],
);

/**
 * Dated history of the tree: every creation, rename, move, merger, split and retirement, with who
 * did it and why. `effectiveOn` is the date the change takes effect in law, which may differ from
 * when it was recorded (`changedAt`).
 */
export const unitChanges = sqliteTable(
  'unit_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: UNIT_CHANGE_KINDS }).notNull(),
    /** YYYY-MM-DD. */
    effectiveOn: text('effective_on').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    /** Other units in the same change (merged with, split into), as a JSON array of ids. */
    relatedUnitIds: text('related_unit_ids', { mode: 'json' }).$type<string[]>(),
    reason: text('reason'),
    changedBy: text('changed_by'),
    changedAt: integer('changed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('unit_changes_unit_idx').on(table.unitId, table.effectiveOn)],
);

/** An uploaded unit list between preview and commit, like official_imports: all or nothing. */
export const unitImports = sqliteTable('unit_imports', {
  id: text('id').primaryKey(),
  createdBy: text('created_by').notNull(),
  /** The subtree the import may write into (a province, or the root for the system administrator). */
  scopeUnitId: text('scope_unit_id'),
  fileName: text('file_name').notNull(),
  status: text('status', { enum: ['preview', 'committed', 'discarded'] }).notNull(),
  rows: text('rows', { mode: 'json' }).$type<unknown[]>().notNull(),
  problems: text('problems', { mode: 'json' }).$type<{ row: number; reasons: string[] }[]>().notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  committedAt: integer('committed_at', { mode: 'timestamp_ms' }),
});

export type Unit = typeof units.$inferSelect;
export type UnitChange = typeof unitChanges.$inferSelect;
