/**
 * The parts of an attempt that never change after its start (owner, quiz, draw, questions with
 * their keys), kept in this process's memory by attempt id. At exam time every save
 * and submit would otherwise read and parse the attempt's full row (its questions are kilobytes
 * of JSON) only to check answers against the draw. The status and the times are not kept: the
 * writes read them in their own transaction (save-answers.ts, close-attempt.ts), so an entry can
 * never let a late write through. Questions of the published version are shared with the quiz
 * catalog rather than copied, so an entry costs little more than its draw.
 */
import type { QuizAttempt } from '../../../../db/schema/assessment.ts';
import { answerSlots, type AnswerSlot } from '../../assessment/public-attempt.ts';
import { questionsOf } from '../../assessment/draw.ts';
import type { QuizEntry } from '../../assessment/quiz-catalog.ts';

/** An attempt without its status, times and grade. */
export type FixedAttempt = Omit<
  QuizAttempt,
  'status' | 'startedAt' | 'deadlineAt' | 'submittedAt' | 'earned' | 'maxPoints' | 'percent' | 'passed' | 'grade'
>;

export interface CachedAttempt {
  attempt: FixedAttempt;
  /** The answer slots by public id, computed once. */
  slots: Map<string, AnswerSlot>;
}

/** Entries kept at most (the oldest go first): a few times the learners of one sitting. */
const LIMIT = 20_000;
const cache = new Map<string, CachedAttempt>();

function fixedPart(attempt: FixedAttempt): FixedAttempt {
  return {
    id: attempt.id,
    userId: attempt.userId,
    courseId: attempt.courseId,
    quizId: attempt.quizId,
    attemptNumber: attempt.attemptNumber,
    quizVersion: attempt.quizVersion,
    final: attempt.final,
    passPercent: attempt.passPercent,
    drawn: attempt.drawn,
    questions: attempt.questions,
  };
}

/**
 * Keeps an attempt's fixed parts. `entry` is the quiz as published now: when the attempt was
 * drawn from this very version, its questions are the catalog's own objects (same content).
 */
export function rememberAttempt(attempt: FixedAttempt, entry?: QuizEntry): CachedAttempt {
  const fixed = fixedPart(attempt);
  if (entry && entry.quizId === fixed.quizId && entry.version === fixed.quizVersion)
    fixed.questions = questionsOf(entry.bank, fixed.drawn);
  const cached = {
    attempt: fixed,
    slots: new Map(answerSlots(fixed.questions, fixed.drawn).map((slot) => [slot.publicId, slot])),
  };
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(fixed.id, cached);
  return cached;
}

/** The fixed parts of an attempt seen by this process, if still kept. */
export function cachedAttempt(attemptId: string): CachedAttempt | undefined {
  return cache.get(attemptId);
}
