import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/**
 * The evaluation of effectiveness after training (đánh giá hiệu quả sau bồi dưỡng): from three
 * months after a completion, the managing administrator rates how the official applies it at
 * work, once per completion (user + course), on the five criteria of the Decision 700 plans.
 */
export const effectivenessEvaluations = sqliteTable(
  'effectiveness_evaluations',
  {
    /** The completion evaluated: course_completions(user_id, course_id). */
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    courseId: text('course_id').notNull(),
    officialId: text('official_id'),
    /** The official's unit when evaluated, for scope and the indicators. */
    unitId: text('unit_id'),
    /** Kết quả thực hiện nhiệm vụ, 1–5. */
    taskResults: integer('task_results').notNull(),
    /** Chất lượng tham mưu, 1–5. */
    adviceQuality: integer('advice_quality').notNull(),
    /** Tinh thần trách nhiệm và kỷ luật hành chính, 1–5. */
    responsibility: integer('responsibility').notNull(),
    /** Phối hợp liên ngành, 1–5. */
    coordination: integer('coordination').notNull(),
    /** Sự hài lòng của người dân và doanh nghiệp, 1–5. */
    citizenSatisfaction: integer('citizen_satisfaction').notNull(),
    comment: text('comment').notNull().default(''),
    evaluatedBy: text('evaluated_by')
      .notNull()
      .references(() => users.id),
    evaluatedAt: integer('evaluated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.courseId] }),
    index('effectiveness_evaluations_unit_idx').on(table.unitId),
  ],
);

/**
 * A learner's optional feedback right after completing a course: reaction (satisfaction,
 * usefulness) and learning (self-assessed), each 1–5, with a comment; once per completion.
 */
export const courseFeedback = sqliteTable(
  'course_feedback',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    courseId: text('course_id').notNull(),
    /** Mức độ hài lòng, 1–5. */
    satisfaction: integer('satisfaction').notNull(),
    /** Mức độ hữu ích cho công việc, 1–5. */
    usefulness: integer('usefulness').notNull(),
    /** Tự đánh giá mức độ nắm được kiến thức, 1–5. */
    selfAssessed: integer('self_assessed').notNull(),
    comment: text('comment').notNull().default(''),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.courseId] })],
);

export type EffectivenessEvaluation = typeof effectivenessEvaluations.$inferSelect;
export type CourseFeedback = typeof courseFeedback.$inferSelect;
