import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { officials } from './officials.ts';
import { units } from './units.ts';
import { users } from './users.ts';
import { ATTENDANCE_RESULTS, CLASS_METHODS, FUNDING_SOURCES, PLAN_SPANS } from '../../src/lib/classes/vocabulary.ts';

/**
 * An in-person or blended class (lớp bồi dưỡng) recorded by an administrator of `unitId`, so the
 * records and statistics cover training outside the platform too.
 */
export const trainingClasses = sqliteTable(
  'training_classes',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    /** Kind of training, a slug of TRAINING_KINDS. */
    kind: text('kind').notNull(),
    /** Field of work, a slug of FIELDS, when the class has one: indicator 3 counts only its own field. */
    field: text('field'),
    content: text('content').notNull(),
    method: text('method', { enum: CLASS_METHODS }).notNull(),
    /** Dates as YYYY-MM-DD (calendar dates in Vietnam, no time zone). */
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    hours: real('hours').notNull(),
    place: text('place').notNull(),
    organiser: text('organiser').notNull(),
    funding: text('funding', { enum: FUNDING_SOURCES }).notNull(),
    createdBy: text('created_by').references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    /** The instructor an administrator gave this class: they may see its attendees one by one. */
    instructorUserId: text('instructor_user_id').references(() => users.id),
  },
  (table) => [index('training_classes_unit_idx').on(table.unitId, table.startsOn)],
);

/** One official's attendance of a class and its result; one row per class and official. */
export const classAttendances = sqliteTable(
  'class_attendances',
  {
    classId: text('class_id')
      .notNull()
      .references(() => trainingClasses.id),
    officialId: text('official_id')
      .notNull()
      .references(() => officials.id),
    result: text('result', { enum: ATTENDANCE_RESULTS }).notNull(),
    /** Score out of 10 as the class records it; null when none was given. */
    score: real('score'),
    certificateNumber: text('certificate_number'),
    recordedBy: text('recorded_by').references(() => users.id),
    recordedAt: integer('recorded_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [
    primaryKey({ columns: [table.classId, table.officialId] }),
    index('class_attendances_official_idx').on(table.officialId),
  ],
);

/** A unit's training plan (kế hoạch bồi dưỡng) for a year or a phase, in the layout of the plan form. */
export const trainingPlans = sqliteTable(
  'training_plans',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    span: text('span', { enum: PLAN_SPANS }).notNull(),
    /** "2027" for a year, "2026-2028" for a phase. */
    period: text('period').notNull(),
    title: text('title').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex('training_plans_unit_period_idx').on(table.unitId, table.period)],
);

/** One row of a plan, in the plan form's columns; funding in million đồng. */
export const trainingPlanItems = sqliteTable(
  'training_plan_items',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => trainingPlans.id),
    /** TT: the row's number, from 1. */
    position: integer('position').notNull(),
    content: text('content').notNull(),
    audience: text('audience').notNull(),
    classCount: integer('class_count').notNull(),
    peopleCount: integer('people_count').notNull(),
    duration: text('duration').notNull(),
    place: text('place').notNull(),
    fundProvince: real('fund_province').notNull().default(0),
    fundCentral: real('fund_central').notNull().default(0),
    fundScheme: real('fund_scheme').notNull().default(0),
    fundOther: real('fund_other').notNull().default(0),
    organiser: text('organiser').notNull(),
    note: text('note').notNull().default(''),
  },
  (table) => [primaryKey({ columns: [table.planId, table.position] })],
);

export type TrainingClass = typeof trainingClasses.$inferSelect;
export type ClassAttendance = typeof classAttendances.$inferSelect;
export type TrainingPlan = typeof trainingPlans.$inferSelect;
export type TrainingPlanItem = typeof trainingPlanItems.$inferSelect;
