import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { officials } from './officials.ts';
import { units } from './units.ts';
import { users } from './users.ts';

/**
 * A course an administrator sent an official to (cử đi bồi dưỡng), with a deadline and a reason.
 * An official has at most one active (not cancelled) assignment per course; a cancelled one
 * stays as a record.
 */
export const assignments = sqliteTable(
  'assignments',
  {
    id: text('id').primaryKey(),
    officialId: text('official_id')
      .notNull()
      .references(() => officials.id),
    /** The official's account at assignment; null when they had none yet. */
    userId: text('user_id').references(() => users.id),
    courseId: text('course_id').notNull(),
    /** The official's unit at assignment (officials move between units). */
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    /** Hạn hoàn thành, YYYY-MM-DD (a date in Vietnam, no time). */
    deadline: text('deadline').notNull(),
    /** Lý do cử đi bồi dưỡng, as the administrator wrote it. */
    reason: text('reason').notNull(),
    assignedBy: text('assigned_by')
      .notNull()
      .references(() => users.id),
    assignedAt: integer('assigned_at', { mode: 'timestamp_ms' }).notNull(),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    cancelledBy: text('cancelled_by').references(() => users.id),
  },
  (table) => [
    uniqueIndex('assignments_active_unique')
      .on(table.officialId, table.courseId)
      .where(sql`cancelled_at is null`),
    index('assignments_unit_idx').on(table.unitId, table.deadline),
    index('assignments_course_idx').on(table.courseId, table.deadline),
    /** The indicators look up each official's assignments (any state). */
    index('assignments_official_idx').on(table.officialId),
  ],
);

export type Assignment = typeof assignments.$inferSelect;
