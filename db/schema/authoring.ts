import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import {
  DRAFT_ACTIONS,
  DRAFT_STATUSES,
  PUBLISH_JOB_STATUSES,
  PUBLISH_STEPS,
  type PublishProblem,
} from '../../src/lib/authoring/vocabulary.ts';

/** The people who write a course: they may edit its drafts and see its statistics. */
export const courseStaff = sqliteTable(
  'course_staff',
  {
    courseId: text('course_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    addedAt: integer('added_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [primaryKey({ columns: [table.courseId, table.userId] }), index('course_staff_user_idx').on(table.userId)],
);

/**
 * A proposed new version of one course: every file of the course folder as text, keyed by its path
 * under content/ ("courses/<id>/course.yaml", "courses/<id>/lessons/01-x.mdx", "videos/<id>.yaml").
 * The draft holds the whole course folder, so a file missing from it is deleted on publication.
 * Uploaded media wait in data/drafts/<draft id>/public/<path>, listed in `media` by their path
 * under public/ ("media/videos/x.mp4").
 */
export const courseDrafts = sqliteTable(
  'course_drafts',
  {
    id: text('id').primaryKey(),
    courseId: text('course_id').notNull(),
    status: text('status', { enum: DRAFT_STATUSES }).notNull().default('draft'),
    files: text('files', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    media: text('media', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /** The published course version (hash) the draft started from; null for a new course. */
    baseVersion: text('base_version'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    /** The reviewer's last comment when sending the draft back. */
    reviewComment: text('review_comment'),
    reviewedBy: text('reviewed_by').references(() => users.id),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    /** Set when published: the publication number of the course it became. */
    publishedVersion: integer('published_version'),
  },
  (table) => [
    index('course_drafts_course_idx').on(table.courseId, table.status),
    // One open draft per course, so two authors never overwrite each other's publication.
    uniqueIndex('course_drafts_open_unique')
      .on(table.courseId)
      .where(sql`status in ('draft', 'submitted', 'returned')`),
  ],
);

export const draftEvents = sqliteTable(
  'draft_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    draftId: text('draft_id')
      .notNull()
      .references(() => courseDrafts.id),
    action: text('action', { enum: DRAFT_ACTIONS }).notNull(),
    userId: text('user_id').references(() => users.id),
    comment: text('comment'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('draft_events_draft_idx').on(table.draftId, table.at)],
);

/** One publication run of a draft: validated, built and indexed aside, then switched live. */
export const publishJobs = sqliteTable(
  'publish_jobs',
  {
    id: text('id').primaryKey(),
    draftId: text('draft_id')
      .notNull()
      .references(() => courseDrafts.id),
    courseId: text('course_id').notNull(),
    requestedBy: text('requested_by')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: PUBLISH_JOB_STATUSES }).notNull(),
    step: text('step', { enum: PUBLISH_STEPS }),
    /** 0–100, for the progress bar. */
    percent: integer('percent').notNull().default(0),
    problems: text('problems', { mode: 'json' }).$type<PublishProblem[]>(),
    /** A short Vietnamese explanation when the job failed for another reason than content. */
    failure: text('failure'),
    /** The build folder name under data/builds/ once built. */
    buildId: text('build_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    index('publish_jobs_status_idx').on(table.status, table.createdAt),
    index('publish_jobs_draft_idx').on(table.draftId),
  ],
);

/**
 * Each publication of a course is a version: its number (1, 2, …) and the content hash that
 * completions and certificates record (src/lib/completion/course-version.ts).
 */
export const coursePublications = sqliteTable(
  'course_publications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseId: text('course_id').notNull(),
    versionNumber: integer('version_number').notNull(),
    contentHash: text('content_hash').notNull(),
    draftId: text('draft_id').references(() => courseDrafts.id),
    publishedBy: text('published_by').references(() => users.id),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    buildId: text('build_id'),
  },
  (table) => [
    uniqueIndex('course_publications_number_unique').on(table.courseId, table.versionNumber),
    index('course_publications_hash_idx').on(table.courseId, table.contentHash),
  ],
);

export type CourseDraft = typeof courseDrafts.$inferSelect;
export type PublishJob = typeof publishJobs.$inferSelect;
