/**
 * How long learners take to complete a course: days from their first lesson opening to their
 * completion, over learners who have both (median and mean, computed in SQL).
 */
import { rowsOf } from './sql-rows.ts';

export interface CompletionTime {
  learners: number;
  meanDays: number | null;
  medianDays: number | null;
}

export async function completionTime(courseId: string): Promise<CompletionTime> {
  const [row] = await rowsOf<{ learners: number; mean_days: number | null; median_days: number | null }>(
    `with first_open as (
       select user_id, min(opened_at) as at from lesson_progress where course_id = ?1 and opened_at is not null group by user_id
     ),
     spans as (
       select (c.completed_at - f.at) / 86400000.0 as days
       from course_completions c join first_open f on f.user_id = c.user_id
       where c.course_id = ?1 and c.completed_at >= f.at
     ),
     ranked as (select days, row_number() over (order by days) as rn, count(*) over () as n from spans)
     select (select count(*) from spans) as learners,
            (select avg(days) from spans) as mean_days,
            (select avg(days) from ranked where rn between (n + 1) / 2 and (n + 2) / 2) as median_days`,
    [courseId],
  );
  return { learners: row.learners, meanDays: row.mean_days, medianDays: row.median_days };
}
