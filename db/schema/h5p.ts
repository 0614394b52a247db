import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { units } from './units.ts';
import { users } from './users.ts';
import { H5P_SCOPES, H5P_VERSION_STATUSES } from '../../src/lib/h5p/vocabulary.ts';

/**
 * An imported H5P package as lessons play it: the row names the live version (its sha256 names
 * the version folder `<H5P storage>/<id>/<first 16 hex of sha256>/`). Every version, live or not,
 * is in h5p_package_versions.
 */
export const h5pPackages = sqliteTable('h5p_packages', {
  /** The id lessons use: <H5P id="…" />. */
  id: text('id').primaryKey(),
  /** Plain text (src/lib/h5p/package-title.ts), escaped wherever it is shown. */
  title: text('title').notNull(),
  /** e.g. "H5P.MultiChoice 1.16". */
  mainLibrary: text('main_library').notNull(),
  /** SHA-256 of the uploaded file of the live version. */
  sha256: text('sha256').notNull(),
  fileCount: integer('file_count').notNull(),
  inflatedBytes: integer('inflated_bytes').notNull(),
  /** Who imported the live version (null: the demo seed). */
  importedBy: text('imported_by').references(() => users.id),
  importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull(),
  /** Who first imported the package (null: the demo seed); with the scope, who may manage it. */
  ownerId: text('owner_id').references(() => users.id),
  scope: text('scope', { enum: H5P_SCOPES }).notNull().default('national'),
  /** The administrator's unit for the "unit" scope; null otherwise. */
  scopeUnitId: text('scope_unit_id').references(() => units.id),
});

/**
 * Every version ever uploaded under a package id, numbered 1, 2, … per id. No foreign key to
 * h5p_packages: a pending first version of an id that published lessons already name has no
 * package row until a reviewer approves it, and the history outlives a deleted package.
 */
export const h5pPackageVersions = sqliteTable(
  'h5p_package_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    packageId: text('package_id').notNull(),
    versionNumber: integer('version_number').notNull(),
    sha256: text('sha256').notNull(),
    /** The version folder's name under `<H5P storage>/<package id>/` (first 16 hex of sha256). */
    folder: text('folder').notNull(),
    /** The title given with this upload. */
    title: text('title').notNull(),
    mainLibrary: text('main_library').notNull(),
    fileCount: integer('file_count').notNull(),
    inflatedBytes: integer('inflated_bytes').notNull(),
    status: text('status', { enum: H5P_VERSION_STATUSES }).notNull(),
    importedBy: text('imported_by').references(() => users.id),
    importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull(),
    /** The scope the importer had (used when an approved first version creates the package). */
    scope: text('scope', { enum: H5P_SCOPES }).notNull().default('national'),
    scopeUnitId: text('scope_unit_id').references(() => units.id),
    reviewedBy: text('reviewed_by').references(() => users.id),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    /** The reviewer's reason when rejecting. */
    reviewComment: text('review_comment'),
    /** When it stopped being live (or was rejected): the grace period before its files go counts from here. */
    supersededAt: integer('superseded_at', { mode: 'timestamp_ms' }),
    /** When housekeeping (or a rejection) removed its folder. */
    filesRemovedAt: integer('files_removed_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    uniqueIndex('h5p_package_versions_number_unique').on(table.packageId, table.versionNumber),
    // One live version per package, whatever the order of concurrent approvals.
    uniqueIndex('h5p_package_versions_live_unique')
      .on(table.packageId)
      .where(sql`status = 'live'`),
    index('h5p_package_versions_status_idx').on(table.status, table.supersededAt),
  ],
);

/**
 * A learner's practice result on an H5P activity, from the xAPI statements the browser reported.
 * Kept as practice only: it never completes a course or earns a certificate.
 */
export const h5pResults = sqliteTable(
  'h5p_results',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
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
  (table) => [
    primaryKey({ columns: [table.userId, table.packageId] }),
    index('h5p_results_package_idx').on(table.packageId),
  ],
);

export type H5pPackageVersion = typeof h5pPackageVersions.$inferSelect;
