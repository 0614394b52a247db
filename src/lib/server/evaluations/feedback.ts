/**
 * The learner's optional feedback on a course right after completing it (reaction and learning
 * levels): once per completion, only by the learner who completed it.
 */
import { and, eq } from 'drizzle-orm';
import { courseCompletions, courseFeedback, type CourseFeedback } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';

export interface FeedbackAnswers {
  satisfaction: number;
  usefulness: number;
  selfAssessed: number;
  comment: string;
}

/** Whether the learner completed the course, and their feedback if given. */
export async function feedbackState(
  userId: string,
  courseId: string,
): Promise<{ completed: boolean; feedback: CourseFeedback | undefined }> {
  const db = getDb();
  const [completion] = await db
    .select({ userId: courseCompletions.userId })
    .from(courseCompletions)
    .where(and(eq(courseCompletions.userId, userId), eq(courseCompletions.courseId, courseId)))
    .limit(1);
  const [feedback] = await db
    .select()
    .from(courseFeedback)
    .where(and(eq(courseFeedback.userId, userId), eq(courseFeedback.courseId, courseId)))
    .limit(1);
  return { completed: Boolean(completion), feedback };
}

export type SubmitFeedbackOutcome = 'saved' | 'not-completed' | 'already-given';

/** Stores the learner's feedback on a course they completed; a second submission is refused. */
export async function submitFeedback(
  userId: string,
  courseId: string,
  answers: FeedbackAnswers,
  now = new Date(),
): Promise<SubmitFeedbackOutcome> {
  const { completed } = await feedbackState(userId, courseId);
  if (!completed) return 'not-completed';
  const inserted = await getDb()
    .insert(courseFeedback)
    .values({ userId, courseId, ...answers, submittedAt: now })
    .onConflictDoNothing()
    .returning({ userId: courseFeedback.userId });
  return inserted.length === 0 ? 'already-given' : 'saved';
}
