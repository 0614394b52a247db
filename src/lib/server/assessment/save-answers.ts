/**
 * Saving answers as the learner goes, per question. Every write is conditional on the attempt
 * being open and now ≤ deadline + grace by the server's clock, checked inside the same write
 * transaction, so an answer can never land after the attempt was graded or its time ran out.
 * Whatever time the learner's device believes it is plays no part.
 */
import { sql } from 'drizzle-orm';
import { AttemptError, attemptClosed, attemptLate, type AnswerIssue } from '../../assessment/attempt-errors.ts';
import { GRACE_MS, remainingSeconds } from '../../assessment/attempt-rules.ts';
import { attemptById } from './attempt-store.ts';
import { inAttemptWrite } from './attempt-writes.ts';
import { ownAttempt } from './own-attempt.ts';
import { answerSlots, toStoredAnswer } from '../../assessment/public-attempt.ts';

/** What a save did. */
export interface SaveOutcome {
  /** Server time of the save. */
  savedAt: Date;
  /** Public ids of the questions saved (cleared ones included). */
  saved: string[];
  /** Whole seconds left by the server's clock; null without a time limit. */
  remainingSeconds: number | null;
}

/** Whether the attempt still takes answers by the server's clock: read in the write's own transaction. */
function stillOpen(attemptId: string, now: number) {
  return sql`SELECT EXISTS (SELECT 1 FROM quiz_attempts WHERE id = ${attemptId} AND status = 'in_progress' AND (deadline_at IS NULL OR ${now} <= deadline_at + ${GRACE_MS})) AS open`;
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
  const attempt = await ownAttempt(userId, attemptId, now);
  if (attempt.status !== 'in_progress') throw refusalFor(attempt.status);
  if (attempt.deadlineAt !== null && now > attempt.deadlineAt.getTime() + GRACE_MS) throw attemptLate();

  const slots = new Map(answerSlots(attempt.questions, attempt.drawn).map((slot) => [slot.publicId, slot]));
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
  const open = await inAttemptWrite(async (tx) => {
    const [guard] = await tx.all<{ open: number }>(stillOpen(attemptId, now));
    if (!Number(guard?.open)) return false;
    if (given.length > 0) await tx.run(upsert(attemptId, now, given));
    if (cleared.length > 0) await tx.run(clear(attemptId, cleared));
    return true;
  });
  // Graded or timed out between our read and the write: nothing was written (same transaction).
  if (!open) throw refusalFor((await attemptById(attemptId))?.status);
  return { savedAt: new Date(now), saved: Object.keys(answers), remainingSeconds: remainingSeconds(attempt, now) };
}
