import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Question } from '../../src/schemas/question-bank.ts';
import type { DrawnQuestion } from '../../src/lib/assessment/draw.ts';
import type { AttemptGrade } from '../../src/lib/assessment/grade.ts';
import { ATTEMPT_STATUSES } from '../../src/lib/attempt-statuses.ts';
import { users } from './users.ts';

/**
 * One attempt at a quiz. The drawn questions are copied in full (key included, server only),
 * so grading and review never change when the bank is edited later.
 */
export const quizAttempts = sqliteTable(
  'quiz_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    courseId: text('course_id').notNull(),
    /** "<courseId>/<quiz file name>". */
    quizId: text('quiz_id').notNull(),
    /** 1, 2, 3…: with the unique index below, two starts can never take the same number. */
    attemptNumber: integer('attempt_number').notNull(),
    /** Hash of the quiz settings and bank the attempt was drawn from. */
    quizVersion: text('quiz_version').notNull(),
    /** Whether the quiz was the course's final test when the attempt started. */
    final: integer('final', { mode: 'boolean' }).notNull(),
    passPercent: real('pass_percent').notNull(),
    /** The draw: question ids in order, with option orders. */
    drawn: text('drawn', { mode: 'json' }).$type<DrawnQuestion[]>().notNull(),
    /** The drawn questions as they were in the bank, with their keys. Never sent before grading. */
    questions: text('questions', { mode: 'json' }).$type<Question[]>().notNull(),
    status: text('status', { enum: ATTEMPT_STATUSES }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    /** Server time after which answers are no longer accepted (before the grace); null = no limit. */
    deadlineAt: integer('deadline_at', { mode: 'timestamp_ms' }),
    /** When it was graded: the submit time, or the deadline for an abandoned attempt. */
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    earned: real('earned'),
    maxPoints: real('max_points'),
    percent: real('percent'),
    passed: integer('passed', { mode: 'boolean' }),
    /** Per-question results, written once with the grade. */
    grade: text('grade', { mode: 'json' }).$type<AttemptGrade>(),
  },
  (table) => [
    uniqueIndex('quiz_attempts_number_unique').on(table.userId, table.quizId, table.attemptNumber),
    // At most one open attempt per learner and quiz, whatever the number of servers.
    uniqueIndex('quiz_attempts_open_unique')
      .on(table.userId, table.quizId)
      .where(sql`status = 'in_progress'`),
    index('quiz_attempts_deadline_idx').on(table.status, table.deadlineAt),
    index('quiz_attempts_quiz_idx').on(table.quizId, table.status),
  ],
);

/** The latest saved answer to each question of an attempt (a case group's parts by their own ids). */
export const quizAnswers = sqliteTable(
  'quiz_answers',
  {
    attemptId: text('attempt_id')
      .notNull()
      .references(() => quizAttempts.id),
    questionId: text('question_id').notNull(),
    answer: text('answer', { mode: 'json' }).$type<unknown>().notNull(),
    savedAt: integer('saved_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.attemptId, table.questionId] })],
);

export type QuizAttempt = typeof quizAttempts.$inferSelect;
