import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/** An imported H5P package; its files live under the H5P storage folder, in a folder named by id. */
export const h5pPackages = sqliteTable('h5p_packages', {
  /** The id lessons use: <H5P id="…" />. */
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  /** e.g. "H5P.MultiChoice 1.16". */
  mainLibrary: text('main_library').notNull(),
  /** SHA-256 of the uploaded file. */
  sha256: text('sha256').notNull(),
  fileCount: integer('file_count').notNull(),
  inflatedBytes: integer('inflated_bytes').notNull(),
  importedBy: text('imported_by').references(() => users.id),
  importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * A learner's practice result on an H5P activity, from the xAPI statements the browser reported.
 * Kept as practice only: it never completes a course or earns a certificate.
 */
export const h5pResults = sqliteTable(
  'h5p_results',
  {
    userId: text('user_id').notNull().references(() => users.id),
    packageId: text('package_id').notNull(),
    courseId: text('course_id'),
    lessonId: text('lesson_id'),
    /** Statements received (answered or completed). */
    statements: integer('statements').notNull(),
    lastRaw: real('last_raw'),
    lastMax: real('last_max'),
    bestScaled: real('best_scaled'),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.packageId] }), index('h5p_results_package_idx').on(table.packageId)],
);
