/**
 * Drop-off by lesson: for each lesson, how many learners opened it and completed it, as a share
 * of the course's starters (learners who opened any lesson), with the mean time from opening to
 * completing the lesson, each learner's time capped at LESSON_TIME_CAP_MINUTES (a lesson left
 * open overnight would otherwise swamp the mean).
 */
import { rowsOf } from './sql-rows.ts';

export const LESSON_TIME_CAP_MINUTES = 120;

export interface LessonDropOff {
  lessonId: string;
  opened: number;
  completed: number;
  /** opened / starters, 0..1 (0 when nobody started). */
  openedShare: number;
  completedShare: number;
  /** Mean capped minutes from opening to completing, over learners with both; null when none. */
  meanMinutes: number | null;
}

export interface DropOff {
  starters: number;
  lessons: LessonDropOff[];
}

/** Drop-off for the lessons of a course, in the order given (the course's lesson order). */
export async function lessonDropOff(courseId: string, lessonIds: readonly string[]): Promise<DropOff> {
  const cap = LESSON_TIME_CAP_MINUTES * 60_000;
  const rows = await rowsOf<{ lesson_id: string; opened: number; completed: number; mean_ms: number | null }>(
    `select lesson_id,
       count(coalesce(opened_at, completed_at)) as opened,
       count(completed_at) as completed,
       avg(case when opened_at is not null and completed_at >= opened_at then min(completed_at - opened_at, ?2) end) as mean_ms
     from lesson_progress where course_id = ?1 group by lesson_id`,
    [courseId, cap],
  );
  const [{ starters }] = await rowsOf<{ starters: number }>(
    `select count(distinct user_id) as starters from lesson_progress where course_id = ?1 and opened_at is not null`,
    [courseId],
  );
  const byLesson = new Map(rows.map((row) => [row.lesson_id, row]));
  const share = (count: number) => (starters === 0 ? 0 : count / starters);
  return {
    starters,
    lessons: lessonIds.map((lessonId) => {
      const row = byLesson.get(lessonId);
      const opened = row?.opened ?? 0;
      const completed = row?.completed ?? 0;
      return {
        lessonId,
        opened,
        completed,
        openedShare: share(opened),
        completedShare: share(completed),
        meanMinutes: row?.mean_ms == null ? null : row.mean_ms / 60_000,
      };
    }),
  };
}
