import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/**
 * A course completed, recorded once per learner and course: the date, the final test's score and
 * the course version, with the official's unit at that moment (officials move between units).
 */
export const courseCompletions = sqliteTable(
  'course_completions',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    courseId: text('course_id').notNull(),
    officialId: text('official_id'),
    unitId: text('unit_id'),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }).notNull(),
    /** Percent of the passing final-test attempt; null for a course without a final test. */
    scorePercent: real('score_percent'),
    finalAttemptId: text('final_attempt_id'),
    courseVersion: text('course_version').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.courseId] }),
    index('course_completions_course_idx').on(table.courseId, table.completedAt),
  ],
);

/**
 * A certificate (giấy chứng nhận). Every shown field is copied at issue, so the public record
 * stays what was issued even if names or courses change later.
 */
export const certificates = sqliteTable(
  'certificates',
  {
    id: text('id').primaryKey(),
    /** Unguessable verification code (160 random bits, base32). */
    code: text('code').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    courseId: text('course_id').notNull(),
    officialId: text('official_id'),
    staffCode: text('staff_code'),
    fullName: text('full_name').notNull(),
    unitId: text('unit_id'),
    unitName: text('unit_name'),
    /** Materialized path of the unit at issue: administrators of that subtree may revoke. */
    unitPath: text('unit_path'),
    courseTitle: text('course_title').notNull(),
    trainingKind: text('training_kind').notNull(),
    hours: real('hours').notNull(),
    /** Where the hours come from, as printed ("theo nội dung khóa học", "theo Quyết định số …"); null before 0010. */
    hoursBasis: text('hours_basis'),
    /** Issued for a sample course (tài liệu mẫu): printed and verified as a sample, never counted. */
    sample: integer('sample', { mode: 'boolean' }).notNull().default(false),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }).notNull(),
    scorePercent: real('score_percent'),
    courseVersion: text('course_version').notNull(),
    issuer: text('issuer').notNull(),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedBy: text('revoked_by').references(() => users.id),
    revokeReason: text('revoke_reason'),
  },
  (table) => [
    index('certificates_user_idx').on(table.userId, table.courseId),
    index('certificates_unit_idx').on(table.unitPath),
    /** Revoked certificates are few: the indicators' dashboard starts from them (migration 0012). */
    index('certificates_revoked_idx')
      .on(table.revokedAt)
      .where(sql`${table.revokedAt} IS NOT NULL`),
  ],
);

export type Certificate = typeof certificates.$inferSelect;
