/** Submitting an attempt: graded once, whoever asks how often; the same result for every caller. */
import type { QuizAttempt } from '../../../../db/schema/assessment.ts';
import { attemptNotFound } from '../../assessment/attempt-errors.ts';
import type { SavedAnswer } from './attempt-store.ts';
import { ensureAttemptSweeper } from './attempt-sweeper.ts';
import { closeAttempt } from './close-attempt.ts';

/** The attempt graded, with its saved answers when this submit graded it (the view needs them). */
export interface Submitted {
  attempt: QuizAttempt;
  saved?: SavedAnswer[];
}

/**
 * Grades the learner's attempt now (or at its deadline if it is past deadline + grace) and
 * returns it graded. An attempt graded already is returned unchanged, so a repeated or parallel
 * submit is harmless. 404 for someone else's attempt. The attempt is read once, in the grading
 * transaction, which also checks the owner.
 */
export async function submitGraded(userId: string, attemptId: string, now = Date.now()): Promise<Submitted> {
  ensureAttemptSweeper();
  const closed = await closeAttempt(attemptId, now, userId);
  if (!closed) throw attemptNotFound();
  return closed;
}

/** submitGraded's attempt alone. */
export async function submitAttempt(userId: string, attemptId: string, now = Date.now()): Promise<QuizAttempt> {
  return (await submitGraded(userId, attemptId, now)).attempt;
}
