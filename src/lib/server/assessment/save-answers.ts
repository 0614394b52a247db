/**
 * Saving answers as the learner goes, per question. Every write is conditional on the attempt
 * being open and now ≤ deadline + grace by the server's clock, checked inside the same write
 * transaction, so an answer can never land after the attempt was graded or its time ran out.
 * Whatever time the learner's device believes it is plays no part.
 */
import { sql } from 'drizzle-orm';
import { AttemptError, attemptClosed, attemptLate, type AnswerIssue } from '../../assessment/attempt-errors.ts';
import { GRACE_MS, acceptsAnswers, remainingSeconds } from '../../assessment/attempt-rules.ts';
import { cachedAttempt, rememberAttempt, type CachedAttempt } from './attempt-cache.ts';
import { inAttemptWrite } from './attempt-writes.ts';
import { ownAttempt } from './own-attempt.ts';
import { toStoredAnswer } from '../../assessment/public-attempt.ts';

/** What a save did. */
export interface SaveOutcome {
  /** Server time of the save. */
  savedAt: Date;
  /** Public ids of the questions saved (cleared ones included). */
  saved: string[];
  /** Whole seconds left by the server's clock; null without a time limit. */
  remainingSeconds: number | null;
}

/** Whether the attempt still takes answers by the server's clock, and its deadline: read in the write's own transaction. */
function openState(attemptId: string, now: number) {
  return sql`SELECT status = 'in_progress' AND (deadline_at IS NULL OR ${now} <= deadline_at + ${GRACE_MS}) AS open, deadline_at AS deadlineAt
FROM quiz_attempts WHERE id = ${attemptId}`;
}

/** One statement for every answer given (the latest per question is kept). */
function upsert(attemptId: string, now: number, answers: readonly { questionId: string; value: unknown }[]) {
  const rows = sql.join(
    answers.map(({ questionId, value }) => sql`(${attemptId}, ${questionId}, ${JSON.stringify(value)}, ${now})`),
    sql`, `,
  );
  return sql`INSERT INTO quiz_answers (attempt_id, question_id, answer, saved_at) VALUES ${rows}
ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = excluded.answer, saved_at = excluded.saved_at`;
}

function clear(attemptId: string, questionIds: readonly string[]) {
  return sql`DELETE FROM quiz_answers WHERE attempt_id = ${attemptId} AND question_id IN (${sql.join(
    questionIds.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}

/**
 * The attempt's fixed parts and answer slots: from this process's memory when it has seen the
 * attempt (its status and deadline are checked by the write itself), otherwise read, settled and
 * checked here.
 */
async function attemptToAnswer(userId: string, attemptId: string, now: number): Promise<CachedAttempt> {
  const cached = cachedAttempt(attemptId);
  if (cached && cached.attempt.userId === userId) return cached;
  const attempt = await ownAttempt(userId, attemptId, now);
  if (attempt.status !== 'in_progress') throw refusalFor(attempt.status);
  if (!acceptsAnswers(attempt, now)) throw attemptLate();
  // Imported here, not at the top: the demo seed (db/seed/demo-history.ts) runs this module outside
  // the Astro build, where the content collections do not exist (its attempts are always cached).
  const { quizCatalog } = await import('../content/quizzes.ts');
  return rememberAttempt(attempt, (await quizCatalog()).byId.get(attempt.quizId));
}

/** The refusal for an attempt that no longer takes answers. */
function refusalFor(status: string | undefined): AttemptError {
  return status === 'submitted' ? attemptClosed() : attemptLate();
}

/**
 * Saves the learner's answers (public ids → public answers; null clears one). Refuses with 404
 * for someone else's attempt, 422 naming each bad answer (nothing saved then), 409 once the
 * attempt is graded or past deadline + grace.
 */
export async function saveAnswers(
  userId: string,
  attemptId: string,
  answers: Readonly<Record<string, unknown>>,
  now = Date.now(),
): Promise<SaveOutcome> {
  const { slots } = await attemptToAnswer(userId, attemptId, now);
  const issues: AnswerIssue[] = [];
  const writes: { questionId: string; value: unknown }[] = [];
  for (const [publicId, value] of Object.entries(answers)) {
    const slot = slots.get(publicId);
    if (!slot) {
      issues.push({ path: `answers.${publicId}`, message: `Bài làm này không có câu "${publicId}".` });
      continue;
    }
    const stored = toStoredAnswer(slot, value);
    if (stored.ok) writes.push({ questionId: slot.question.id, value: stored.value });
    else issues.push({ path: `answers.${publicId}`, message: stored.message });
  }
  if (issues.length > 0) throw new AttemptError('invalid', 'Câu trả lời gửi lên không hợp lệ.', { issues });

  const given = writes.filter((write) => write.value !== null);
  const cleared = writes.filter((write) => write.value === null).map((write) => write.questionId);
  // In the next group commit (attempt-writes.ts): acknowledged only once it has committed.
  const written = await inAttemptWrite(async (tx) => {
    const [state] = await tx.all<{ open: number; deadlineAt: number | null }>(openState(attemptId, now));
    if (!state || !Number(state.open)) return undefined;
    if (given.length > 0) await tx.run(upsert(attemptId, now, given));
    if (cleared.length > 0) await tx.run(clear(attemptId, cleared));
    return { deadlineAt: state.deadlineAt === null ? null : new Date(Number(state.deadlineAt)) };
  });
  // Graded or timed out (then graded at its deadline now): nothing was written (same transaction).
  if (!written) throw refusalFor((await ownAttempt(userId, attemptId, now)).status);
  return { savedAt: new Date(now), saved: Object.keys(answers), remainingSeconds: remainingSeconds(written, now) };
}
