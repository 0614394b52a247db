/** Submitting an attempt: graded once, whoever asks how often; the same result for every caller. */
import type { QuizAttempt } from '../../../../db/schema/assessment.ts';
import { attemptNotFound } from '../../assessment/attempt-errors.ts';
import { closeAttempt } from './close-attempt.ts';
import { ownAttempt } from './own-attempt.ts';

/**
 * Grades the learner's attempt now (or at its deadline if it is past deadline + grace) and
 * returns it graded. An attempt graded already is returned unchanged, so a repeated or parallel
 * submit is harmless. 404 for someone else's attempt.
 */
export async function submitAttempt(userId: string, attemptId: string, now = Date.now()): Promise<QuizAttempt> {
  const attempt = await ownAttempt(userId, attemptId, now);
  if (attempt.status !== 'in_progress') return attempt;
  const closed = await closeAttempt(attemptId, now);
  if (!closed) throw attemptNotFound();
  return closed.attempt;
}
