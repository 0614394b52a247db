/**
 * Starting an attempt. The rules (one open attempt, attempts allowed, waiting time, no retake of
 * a passed "sau-han" quiz) are read first to answer with a reason, then enforced again inside
 * the one INSERT … SELECT … WHERE that writes the attempt, with its number computed as
 * count + 1 in that same statement: SQLite runs it under the database's write lock, so parallel
 * starts from any number of server processes cannot both pass. The unique indexes (user, quiz,
 * number) and (user, quiz) WHERE open are the backstop; hitting one becomes a clean refusal.
 */
import { sql } from 'drizzle-orm';
import type { QuizAttempt } from '../../../../db/schema/assessment.ts';
import { hasRole } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { newId } from '../../ids.ts';
import { AttemptError } from '../../assessment/attempt-errors.ts';
import { deadlineOf, startRefusal } from '../../assessment/attempt-rules.ts';
import { rememberAttempt } from './attempt-cache.ts';
import { attemptsOf } from './attempt-store.ts';
import { inAttemptWrite } from './attempt-writes.ts';
import { ensureAttemptSweeper } from './attempt-sweeper.ts';
import { settleAbandoned } from './close-attempt.ts';
import { drawQuestions, questionsOf } from '../../assessment/draw.ts';
import type { QuizEntry } from '../../assessment/quiz-catalog.ts';

/** The attempt to work on, and whether this call created it (false: the open one was returned). */
export interface Started {
  attempt: QuizAttempt;
  created: boolean;
}

/** The INSERT … SELECT … WHERE described above; returns the attempt's number, no row when refused. */
function insertIfAllowed(a: {
  id: string;
  userId: string;
  courseId: string;
  quizId: string;
  version: string;
  final: number;
  passPercent: number;
  drawn: string;
  questions: string;
  now: number;
  deadline: number | null;
  allowed: number | null;
  waitMs: number | null;
  noRetakeAfterPass: number;
}) {
  const mine = sql`user_id = ${a.userId} AND quiz_id = ${a.quizId}`;
  return sql`
INSERT INTO quiz_attempts (id, user_id, course_id, quiz_id, attempt_number, quiz_version, final, pass_percent, drawn, questions, status, started_at, deadline_at)
SELECT ${a.id}, ${a.userId}, ${a.courseId}, ${a.quizId},
       (SELECT count(*) FROM quiz_attempts WHERE ${mine}) + 1,
       ${a.version}, ${a.final}, ${a.passPercent}, ${a.drawn}, ${a.questions}, 'in_progress', ${a.now}, ${a.deadline}
WHERE NOT EXISTS (SELECT 1 FROM quiz_attempts WHERE ${mine} AND status = 'in_progress')
  AND (${a.allowed} IS NULL OR (SELECT count(*) FROM quiz_attempts WHERE ${mine}) < ${a.allowed})
  AND (${a.waitMs} IS NULL OR NOT EXISTS (
        SELECT 1 FROM quiz_attempts WHERE ${mine} AND status <> 'in_progress' AND submitted_at > ${a.now} - ${a.waitMs}))
  AND (${a.noRetakeAfterPass} = 0 OR NOT EXISTS (SELECT 1 FROM quiz_attempts WHERE ${mine} AND passed = 1))
RETURNING attempt_number AS attemptNumber`;
}

const RACE_MESSAGE =
  'Không bắt đầu được lần làm bài mới vì có một yêu cầu khác cùng lúc. Hãy tải lại trang rồi thử lại.';

function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (
      (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) ||
      (typeof message === 'string' && message.includes('UNIQUE constraint failed'))
    )
      return true;
  }
  return false;
}

/** The learner's open attempt, or the reason a new one cannot start, or undefined when it may. */
async function openOrRefusal(userId: string, entry: QuizEntry, now: number): Promise<QuizAttempt | undefined> {
  const attempts = await settleAbandoned(await attemptsOf(userId, entry.quizId), now);
  const open = attempts.find((attempt) => attempt.status === 'in_progress');
  if (open) return open;
  const refusal = startRefusal(entry.quiz, attempts, now);
  if (refusal)
    throw new AttemptError('refused', refusal.message, {
      until: refusal.reason === 'wait' ? refusal.until : undefined,
    });
  return undefined;
}

/**
 * Starts an attempt for a signed-in learner, or returns their open one. The questions are drawn
 * with the new attempt's id as the seed and stored with their keys (server only), together with
 * the deadline by the server's clock.
 */
export async function startAttempt(user: SessionUser, entry: QuizEntry, now = Date.now()): Promise<Started> {
  ensureAttemptSweeper();
  if (!hasRole(user, 'learner'))
    throw new AttemptError(
      'not-learner',
      'Chỉ học viên mới làm được bài kiểm tra. Tài khoản này không có vai trò học viên.',
    );
  const open = await openOrRefusal(user.id, entry, now);
  if (open) return { attempt: open, created: false };

  const id = newId();
  const drawn = drawQuestions(entry.bank, entry.quiz, id);
  const questions = questionsOf(entry.bank, drawn);
  const args = {
    id,
    userId: user.id,
    courseId: entry.courseId,
    quizId: entry.quizId,
    version: entry.version,
    final: entry.quiz.final ? 1 : 0,
    passPercent: entry.quiz.passPercent,
    drawn: JSON.stringify(drawn),
    questions: JSON.stringify(questions),
    now,
    deadline: deadlineOf(now, entry.quiz)?.getTime() ?? null,
    allowed: entry.quiz.attemptsAllowed ?? null,
    waitMs: entry.quiz.waitMinutesBetweenAttempts === undefined ? null : entry.quiz.waitMinutesBetweenAttempts * 60_000,
    noRetakeAfterPass: entry.quiz.feedback === 'sau-han' ? 1 : 0,
  };
  // In the next group commit (attempt-writes.ts): answered once the attempt is durable.
  const attemptNumber = await inAttemptWrite(async (tx) => {
    try {
      const [row] = await tx.all<{ attemptNumber: number }>(insertIfAllowed(args));
      return row === undefined ? undefined : Number(row.attemptNumber);
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  });
  if (attemptNumber !== undefined) {
    // Exactly the row just written; reading it back would cost a query on the busiest path.
    const attempt: QuizAttempt = {
      id,
      userId: user.id,
      courseId: entry.courseId,
      quizId: entry.quizId,
      attemptNumber,
      quizVersion: entry.version,
      final: entry.quiz.final,
      passPercent: entry.quiz.passPercent,
      drawn,
      questions,
      status: 'in_progress',
      startedAt: new Date(now),
      deadlineAt: args.deadline === null ? null : new Date(args.deadline),
      submittedAt: null,
      earned: null,
      maxPoints: null,
      percent: null,
      passed: null,
      grade: null,
    };
    // Its saves and submit in this process need not read it back (attempt-cache.ts).
    rememberAttempt(attempt, entry);
    return { attempt, created: true };
  }
  // Another start won the race (here or in another process): answer as if we had come second.
  const winner = await openOrRefusal(user.id, entry, now);
  if (winner) return { attempt: winner, created: false };
  throw new AttemptError('conflict', RACE_MESSAGE);
}
