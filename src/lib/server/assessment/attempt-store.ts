/**
 * Reading attempts and saved answers. Every write lives with the rule it enforces
 * (start-attempt.ts, save-answers.ts, close-attempt.ts); this module only reads.
 */
import { and, asc, eq } from 'drizzle-orm';
import { quizAnswers, quizAttempts, type QuizAttempt } from '../../../../db/schema/assessment.ts';
import { getDb } from '../db.ts';

/** One saved answer, in bank ids. */
export interface SavedAnswer {
  questionId: string;
  answer: unknown;
  savedAt: Date;
}

/** A learner's attempts at one quiz, first attempt first. */
export function attemptsOf(userId: string, quizId: string): Promise<QuizAttempt[]> {
  return getDb()
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quizId)))
    .orderBy(asc(quizAttempts.attemptNumber));
}

/** What a learner's standing on a quiz needs of each attempt (no questions, no grade). */
export type AttemptState = Pick<QuizAttempt, 'id' | 'status' | 'deadlineAt' | 'submittedAt' | 'passed'>;

/** A learner's attempts at one quiz, as far as their standing goes. */
export function attemptStatesOf(userId: string, quizId: string): Promise<AttemptState[]> {
  return getDb()
    .select({
      id: quizAttempts.id,
      status: quizAttempts.status,
      deadlineAt: quizAttempts.deadlineAt,
      submittedAt: quizAttempts.submittedAt,
      passed: quizAttempts.passed,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, quizId)))
    .orderBy(asc(quizAttempts.attemptNumber));
}

/** An attempt by id, whoever owns it. */
export async function attemptById(attemptId: string): Promise<QuizAttempt | undefined> {
  const [row] = await getDb().select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).limit(1);
  return row;
}

/** The answers saved for an attempt (the latest per question). */
export function savedAnswersOf(attemptId: string): Promise<SavedAnswer[]> {
  return getDb()
    .select({ questionId: quizAnswers.questionId, answer: quizAnswers.answer, savedAt: quizAnswers.savedAt })
    .from(quizAnswers)
    .where(eq(quizAnswers.attemptId, attemptId));
}
