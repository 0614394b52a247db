/**
 * A course's headline figures and their trend by month (Vietnam time), counted in SQL.
 * - Ghi danh (enrolment): a learner with any lesson progress, assignment (not cancelled) or quiz
 *   attempt in the course, dated by the earliest of them.
 * - Bắt đầu học (start): a learner who opened a lesson, dated by the first opening.
 * - Hoàn thành (completion): a row of course_completions, dated by its completion.
 * - Đạt bài kiểm tra cuối khóa (pass): a learner with a passed, closed final-test attempt, dated
 *   by the first such attempt.
 */
import { rowsOf, vietnamMonth } from './sql-rows.ts';

export const MEASURES = ['enrolments', 'starts', 'completions', 'passes'] as const;
export type Measure = (typeof MEASURES)[number];

export interface MonthRow extends Record<Measure, number> {
  /** "2026-03". */
  month: string;
}

export interface CourseOverview {
  totals: Record<Measure, number>;
  /** Months with any activity, oldest first. */
  months: MonthRow[];
}

/** The dated events of each measure, one row per learner, as common table expressions. */
const DATED = `
  enrolments as (
    select user_id, min(at) as at from (
      select user_id, coalesce(opened_at, completed_at) as at from lesson_progress where course_id = ?1
      union all select user_id, assigned_at from assignments where course_id = ?1 and user_id is not null and cancelled_at is null
      union all select user_id, started_at from quiz_attempts where course_id = ?1
    ) where at is not null group by user_id
  ),
  starts as (select user_id, min(opened_at) as at from lesson_progress where course_id = ?1 and opened_at is not null group by user_id),
  completions as (select user_id, completed_at as at from course_completions where course_id = ?1),
  passes as (
    select user_id, min(submitted_at) as at from quiz_attempts
    where course_id = ?1 and final = 1 and passed = 1 and status in ('submitted', 'expired') group by user_id
  )`;

/** Totals and months of one course. */
export async function courseOverview(courseId: string): Promise<CourseOverview> {
  const parts = MEASURES.map(
    (measure) =>
      `select '${measure}' as measure, ${vietnamMonth('at')} as month, count(*) as learners from ${measure} group by month`,
  );
  const rows = await rowsOf<{ measure: Measure; month: string; learners: number }>(
    `with ${DATED} ${parts.join(' union all ')}`,
    [courseId],
  );
  const totals = { enrolments: 0, starts: 0, completions: 0, passes: 0 };
  const byMonth = new Map<string, MonthRow>();
  for (const row of rows) {
    totals[row.measure] += row.learners;
    const month = byMonth.get(row.month) ?? { month: row.month, enrolments: 0, starts: 0, completions: 0, passes: 0 };
    month[row.measure] = row.learners;
    byMonth.set(row.month, month);
  }
  return { totals, months: [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month)) };
}

/** The totals of several courses at once, for the list of an instructor's courses. */
export async function courseHeadlines(courseIds: readonly string[]): Promise<Map<string, Record<Measure, number>>> {
  const headlines = new Map<string, Record<Measure, number>>();
  for (const courseId of courseIds) headlines.set(courseId, (await courseOverview(courseId)).totals);
  return headlines;
}
