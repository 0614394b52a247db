/**
 * Test helpers for quiz attempts: reaching into the site's database as only a test may, to read
 * an attempt's stored key or move its deadline into the past.
 */
import { eq } from 'drizzle-orm';
import { quizAttempts, type QuizAttempt } from '../../db/schema/index.ts';
import type { AnswerSlot } from '../../src/lib/assessment/public-attempt.ts';
import { openTestDatabase } from './database.ts';

/** Runs `work` with a connection to the database at `url`, closed afterwards. */
export async function withDatabase<T>(
  url: string,
  work: (db: ReturnType<typeof openTestDatabase>) => Promise<T>,
): Promise<T> {
  const db = openTestDatabase(url);
  try {
    return await work(db);
  } finally {
    db.$client.close();
  }
}

/** The attempt as stored, key included. */
export function storedAttempt(url: string, id: string): Promise<QuizAttempt> {
  return withDatabase(url, async (db) => (await db.select().from(quizAttempts).where(eq(quizAttempts.id, id)))[0]);
}

/**
 * Moves an open attempt back in time so that its deadline was `minutesAgo` ago: its start, its
 * deadline and the answers saved so far (which were saved before that deadline) by one shift.
 */
export async function backdateAttempt(url: string, attemptId: string, minutesAgo: number): Promise<QuizAttempt> {
  const attempt = await storedAttempt(url, attemptId);
  const shift = Date.now() - minutesAgo * 60_000 - attempt.deadlineAt!.getTime();
  await withDatabase(url, (db) =>
    db.$client.batch(
      [
        {
          sql: 'UPDATE quiz_attempts SET started_at = started_at + ?, deadline_at = deadline_at + ? WHERE id = ?',
          args: [shift, shift, attemptId],
        },
        { sql: 'UPDATE quiz_answers SET saved_at = saved_at + ? WHERE attempt_id = ?', args: [shift, attemptId] },
      ],
      'write',
    ),
  );
  return storedAttempt(url, attemptId);
}

/** The public answer that earns every point of a slot (read from the stored snapshot). */
export function rightAnswer(slot: AnswerSlot): unknown {
  const position = (id: string) => String(slot.optionIds.indexOf(id) + 1);
  const { question } = slot;
  if (question.type === 'true-false') return question.correct;
  if (question.type === 'single') return position(question.correct[0]);
  return question.correct.map(position);
}
