import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { PROGRESS_EVENT_KINDS } from '../../src/lib/progress-event-kinds.ts';
import { users } from './users.ts';

/**
 * Every learning event, exactly as received, once: the client's UUID with the user is the key,
 * so a batch re-sent after a dropped connection is stored once.
 */
export const progressEvents = sqliteTable(
  'progress_events',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    eventId: text('event_id').notNull(),
    kind: text('kind', { enum: PROGRESS_EVENT_KINDS }).notNull(),
    courseId: text('course_id').notNull(),
    lessonId: text('lesson_id'),
    videoId: text('video_id'),
    caseStudyId: text('case_study_id'),
    /** Kind-specific details (watched intervals, decision and option, position). */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.eventId] }),
    index('progress_events_course_idx').on(table.courseId, table.kind),
  ],
);

/** Per learner and lesson: when first opened and when completed. */
export const lessonProgress = sqliteTable(
  'lesson_progress',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    lessonId: text('lesson_id').notNull(),
    courseId: text('course_id').notNull(),
    openedAt: integer('opened_at', { mode: 'timestamp_ms' }),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.lessonId] }),
    index('lesson_progress_course_idx').on(table.courseId, table.userId),
  ],
);

/** Per learner and video: the merged intervals actually watched, so skipping ahead does not count. */
export const videoProgress = sqliteTable(
  'video_progress',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    videoId: text('video_id').notNull(),
    /** Merged [start, end] second pairs, as JSON. */
    intervals: text('intervals', { mode: 'json' }).$type<[number, number][]>().notNull(),
    watchedSeconds: real('watched_seconds').notNull(),
    durationSeconds: real('duration_seconds').notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (table) => [primaryKey({ columns: [table.userId, table.videoId] })],
);

/** Where a learner stopped in each course, for "Tiếp tục học". */
export const resumePoints = sqliteTable(
  'resume_points',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    courseId: text('course_id').notNull(),
    lessonId: text('lesson_id').notNull(),
    videoId: text('video_id'),
    positionSeconds: real('position_seconds'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.courseId] }),
    index('resume_points_user_idx').on(table.userId, table.updatedAt),
  ],
);

/**
 * Per learner and course: when the server last stored one of their events there. Kept with the
 * events (projections.ts), so "Việc học của tôi" and /api/v1/me/progress read one row per course
 * instead of scanning the learner's events.
 */
export const courseActivity = sqliteTable(
  'course_activity',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    courseId: text('course_id').notNull(),
    lastEventAt: integer('last_event_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.courseId] })],
);
