import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/**
 * A course recorded by a content reviewer as the online part of a recognised programme: the
 * decision that approves the programme (number, date, issuing body), the programme's hours and
 * those of its online part. A completion of the course then credits the online part's hours
 * (src/lib/credited-hours.ts); one record per course, replaced or removed by a reviewer.
 */
export const recognisedProgrammes = sqliteTable('recognised_programmes', {
  courseId: text('course_id').primaryKey(),
  /** Name of the programme as the decision gives it. */
  programmeName: text('programme_name').notNull(),
  decisionNumber: text('decision_number').notNull(),
  /** YYYY-MM-DD. */
  decisionDate: text('decision_date').notNull(),
  issuer: text('issuer').notNull(),
  programmeHours: real('programme_hours').notNull(),
  onlineHours: real('online_hours').notNull(),
  /** True for the demonstration data's made-up decision. */
  illustrative: integer('illustrative', { mode: 'boolean' }).notNull().default(false),
  recordedBy: text('recorded_by').references(() => users.id),
  recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }).notNull(),
});

export type RecognisedProgramme = typeof recognisedProgrammes.$inferSelect;
