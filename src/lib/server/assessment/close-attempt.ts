/**
 * Grading an open attempt, once: by the learner's submit, or at its deadline when it was
 * abandoned (lazily when it is next read, or by the sweeper). Reading the answers, grading and
 * the conditional UPDATE … WHERE status = 'in_progress' run in one write transaction, so a save
 * cannot slip in between and any number of parallel submits grade it exactly once; the others
 * find it graded and return the same result.
 */
import { and, eq } from 'drizzle-orm';
import { quizAnswers, quizAttempts, type QuizAttempt } from '../../../../db/schema/assessment.ts';
import { recordCompletionIfDue } from '../completion/record-completion.ts';
import type { SavedAnswer } from './attempt-store.ts';
import { cachedAttempt, type FixedAttempt } from './attempt-cache.ts';
import { inAttemptWrite, type AttemptTx } from './attempt-writes.ts';
import { enqueueFinalTestStatement } from '../xapi/record-facts.ts';
import { GRACE_MS, closingOf, isAbandoned } from '../../assessment/attempt-rules.ts';
import { gradeAttempt } from '../../assessment/grade.ts';

/** The attempt after closing, and whether this call is the one that graded it. */
export interface Closed {
  attempt: QuizAttempt;
  gradedNow: boolean;
  /** Every answer saved, when this call graded it (read for the grade: the view needs them too). */
  saved?: SavedAnswer[];
}

/**
 * Grades an open attempt with the answers saved before deadline + grace: submitted now, or
 * expired at its deadline when now is past deadline + grace. An attempt graded already is
 * returned as it is. Undefined when the attempt does not exist, or is not `ownerId`'s when given.
 * Runs in the next group commit (attempt-writes.ts).
 */
export async function closeAttempt(attemptId: string, now: number, ownerId?: string): Promise<Closed | undefined> {
  const known = cachedAttempt(attemptId);
  const closed = await inAttemptWrite(async (tx): Promise<Closed | undefined> => {
    const row = known ? await withState(tx, known.attempt) : await fullRow(tx, attemptId);
    if (!row || (ownerId !== undefined && row.userId !== ownerId)) return undefined;
    if (row.status !== 'in_progress') return { attempt: row, gradedNow: false };
    const closing = closingOf(row, now);
    // Saves are refused after deadline + grace; this keeps the grade right even if one got through.
    const lastAccepted = row.deadlineAt === null ? Number.POSITIVE_INFINITY : row.deadlineAt.getTime() + GRACE_MS;
    const saved = await tx.select().from(quizAnswers).where(eq(quizAnswers.attemptId, attemptId));
    const answers = Object.fromEntries(
      saved
        .filter((answer) => answer.savedAt.getTime() <= lastAccepted)
        .map((answer) => [answer.questionId, answer.answer]),
    );
    const grade = gradeAttempt(row.questions, answers, row.passPercent);
    const result = {
      status: closing.status,
      submittedAt: closing.submittedAt,
      earned: grade.earned,
      maxPoints: grade.max,
      percent: grade.percent,
      passed: grade.passed,
      grade,
    };
    // The row as written is the row read plus these columns: nothing else is read back.
    const written = await tx
      .update(quizAttempts)
      .set(result)
      .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.status, 'in_progress')))
      .returning({ id: quizAttempts.id });
    if (written.length > 0) {
      const updated: QuizAttempt = { ...row, ...result };
      // A final test's pass or fail reaches the records system with the grade, in this transaction.
      await enqueueFinalTestStatement(tx, updated);
      return { attempt: updated, gradedNow: true, saved };
    }
    // Another process graded it between our read and our write (not possible inside one
    // IMMEDIATE transaction, but the WHERE clause is what guarantees it).
    return { attempt: (await fullRow(tx, attemptId)) as QuizAttempt, gradedNow: false };
  });
  if (closed?.gradedNow) await afterGraded(closed.attempt);
  return closed;
}

function fullRow(tx: AttemptTx, attemptId: string): Promise<QuizAttempt | undefined> {
  return tx
    .select()
    .from(quizAttempts)
    .where(eq(quizAttempts.id, attemptId))
    .limit(1)
    .then(([row]) => row);
}

/** The attempt from its fixed parts kept in memory and its changing columns read now. */
async function withState(tx: AttemptTx, fixed: FixedAttempt): Promise<QuizAttempt | undefined> {
  const [state] = await tx
    .select({
      status: quizAttempts.status,
      startedAt: quizAttempts.startedAt,
      deadlineAt: quizAttempts.deadlineAt,
      submittedAt: quizAttempts.submittedAt,
      earned: quizAttempts.earned,
      maxPoints: quizAttempts.maxPoints,
      percent: quizAttempts.percent,
      passed: quizAttempts.passed,
      grade: quizAttempts.grade,
    })
    .from(quizAttempts)
    .where(eq(quizAttempts.id, fixed.id))
    .limit(1);
  return state && { ...fixed, ...state };
}

/** A passed final test may complete the course: checked after the grade has committed. */
async function afterGraded(attempt: QuizAttempt): Promise<void> {
  if (!attempt.final || !attempt.passed) return;
  try {
    await recordCompletionIfDue(attempt.userId, attempt.courseId);
  } catch (error) {
    // The grade stands; completion is checked again on the learner's next completed activity.
    console.error(`Không ghi nhận được hoàn thành khóa học ${attempt.courseId} sau bài kiểm tra ${attempt.id}:`, error);
  }
}

/** The attempts with every abandoned one graded at its deadline first (a lazy expiry on read). */
export async function settleAbandoned(attempts: readonly QuizAttempt[], now: number): Promise<QuizAttempt[]> {
  return Promise.all(
    attempts.map(async (attempt) =>
      isAbandoned(attempt, now) ? ((await closeAttempt(attempt.id, now))?.attempt ?? attempt) : attempt,
    ),
  );
}
