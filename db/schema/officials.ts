import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { units } from './units.ts';
import { users } from './users.ts';

/** Groups the Decision 700 targets count separately (cán bộ; lãnh đạo, quản lý; chuyên môn). */
export const OFFICIAL_GROUP_SLUGS = ['can-bo', 'lanh-dao-quan-ly', 'cong-chuc-chuyen-mon'] as const;

/**
 * A commune-level official (cán bộ, công chức). The expertise flag and its date drive the
 * Decision 700 indicators, so every change to unit or flag is also kept in official_changes.
 */
export const officials = sqliteTable(
  'officials',
  {
    id: text('id').primaryKey(),
    /** Mã cán bộ: unique, the key imports update by. */
    staffCode: text('staff_code').notNull().unique(),
    fullName: text('full_name').notNull(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    /** Chức danh, as written in the unit's records. */
    jobTitle: text('job_title').notNull(),
    /** Vị trí việc làm. */
    jobPosition: text('job_position').notNull(),
    group: text('group', { enum: OFFICIAL_GROUP_SLUGS }).notNull(),
    /** Field slugs from the shared vocabulary, as a JSON array. */
    fields: text('fields', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /** "Chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm". */
    underqualified: integer('underqualified', { mode: 'boolean' }).notNull().default(false),
    /** Date (YYYY-MM-DD) the flag was last set; null when not flagged. */
    underqualifiedSince: text('underqualified_since'),
    /** Work e-mail, for password-reset links and single sign-on linking; optional. */
    email: text('email'),
    /** Số định danh cá nhân (12 digits), for single sign-on linking (VNeID); optional. */
    nationalId: text('national_id'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [
    index('officials_unit_idx').on(table.unitId),
    index('officials_email_idx').on(table.email),
    index('officials_national_id_idx').on(table.nationalId),
  ],
);

/** Dated history of changes to an official's unit, group and expertise flag. */
export const officialChanges = sqliteTable(
  'official_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    officialId: text('official_id')
      .notNull()
      .references(() => officials.id),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    changedAt: integer('changed_at', { mode: 'timestamp_ms' }).notNull(),
    changedBy: text('changed_by').references(() => users.id),
  },
  (table) => [index('official_changes_official_idx').on(table.officialId, table.changedAt)],
);

export type Official = typeof officials.$inferSelect;
