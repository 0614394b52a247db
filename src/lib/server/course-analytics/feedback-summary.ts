/**
 * Learners' feedback after completion, without names: the averages of the three 1–5 ratings and
 * the comments, newest first. With fewer than MIN_GROUP answers nothing but their number is
 * shown, since a few comments could be recognised by an instructor who knows the learners.
 */
import { MIN_GROUP, rowsOf } from './sql-rows.ts';

export interface FeedbackSummary {
  answers: number;
  /** False when fewer than MIN_GROUP learners answered: averages and comments are withheld. */
  shown: boolean;
  satisfaction: number | null;
  usefulness: number | null;
  selfAssessed: number | null;
  comments: string[];
}

export const MAX_COMMENTS = 100;

export async function feedbackSummary(courseId: string): Promise<FeedbackSummary> {
  const [row] = await rowsOf<{
    answers: number;
    satisfaction: number | null;
    usefulness: number | null;
    self_assessed: number | null;
  }>(
    `select count(*) as answers, avg(satisfaction) as satisfaction, avg(usefulness) as usefulness, avg(self_assessed) as self_assessed
     from course_feedback where course_id = ?1`,
    [courseId],
  );
  const shown = row.answers >= MIN_GROUP;
  const comments = shown
    ? (
        await rowsOf<{ comment: string }>(
          `select comment from course_feedback where course_id = ?1 and trim(comment) <> '' order by submitted_at desc limit ?2`,
          [courseId, MAX_COMMENTS],
        )
      ).map((comment) => comment.comment)
    : [];
  return {
    answers: row.answers,
    shown,
    satisfaction: shown ? row.satisfaction : null,
    usefulness: shown ? row.usefulness : null,
    selfAssessed: shown ? row.self_assessed : null,
    comments,
  };
}
