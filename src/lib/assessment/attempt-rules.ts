/**
 * The rules of the attempt lifecycle as pure functions of the stored facts and the server's
 * clock: may a learner start, does an attempt still take answers, how is it closed, when may the
 * key be shown. The services enforce the same rules atomically in SQL; these give the reasons.
 */
import type { AttemptStatus } from '../attempt-statuses.ts';
import type { Quiz } from '../../schemas/quiz.ts';
import { formatTimeAndDate } from '../format.ts';

/**
 * How long after the deadline answers and a submit still count: covers a request that left the
 * learner's device just before the deadline and a slow connection. The only slack there is.
 */
export const GRACE_MS = 30_000;

/** What the rules need to know of one attempt. */
export interface AttemptFacts {
  status: AttemptStatus;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  passed: boolean | null;
}

/** The quiz settings the rules depend on. */
export type QuizRules = Pick<Quiz, 'attemptsAllowed' | 'waitMinutesBetweenAttempts' | 'feedback' | 'timeLimitMinutes'>;

/** Why a new attempt cannot start now, with the sentence the learner reads. */
export type StartRefusal =
  | { reason: 'passed'; message: string }
  | { reason: 'limit'; message: string }
  | { reason: 'wait'; until: Date; message: string };

const MINUTE_MS = 60_000;

/** True once an attempt has been graded (by the learner's submit or at its deadline). */
export function isGraded(attempt: Pick<AttemptFacts, 'status'>): boolean {
  return attempt.status !== 'in_progress';
}

/** The deadline of an attempt started at `startedAt`, by the server's clock; null without a limit. */
export function deadlineOf(startedAt: number, quiz: Pick<Quiz, 'timeLimitMinutes'>): Date | null {
  return quiz.timeLimitMinutes === undefined ? null : new Date(startedAt + quiz.timeLimitMinutes * MINUTE_MS);
}

/** True when an open attempt still accepts answers and a submit: until deadline + grace. */
export function acceptsAnswers(attempt: Pick<AttemptFacts, 'status' | 'deadlineAt'>, now: number): boolean {
  if (attempt.status !== 'in_progress') return false;
  return attempt.deadlineAt === null || now <= attempt.deadlineAt.getTime() + GRACE_MS;
}

/** True for an open attempt left past deadline + grace: it is graded at its deadline. */
export function isAbandoned(attempt: Pick<AttemptFacts, 'status' | 'deadlineAt'>, now: number): boolean {
  return attempt.status === 'in_progress' && !acceptsAnswers(attempt, now);
}

/** How an open attempt closes now: submitted now, or, past deadline + grace, expired at its deadline. */
export function closingOf(
  attempt: Pick<AttemptFacts, 'deadlineAt'>,
  now: number,
): { status: 'submitted' | 'expired'; submittedAt: Date } {
  const deadline = attempt.deadlineAt;
  if (deadline !== null && now > deadline.getTime() + GRACE_MS) return { status: 'expired', submittedAt: deadline };
  return { status: 'submitted', submittedAt: new Date(now) };
}

/** Whole seconds left before the deadline (never negative); null without a time limit. */
export function remainingSeconds(attempt: Pick<AttemptFacts, 'deadlineAt'>, now: number): number | null {
  if (attempt.deadlineAt === null) return null;
  return Math.max(0, Math.ceil((attempt.deadlineAt.getTime() - now) / 1000));
}

/**
 * Why the learner may not start a new attempt now, or null when they may. An open attempt is not
 * a refusal: starting returns it. In order: a "sau-han" quiz already passed (its key is shown,
 * so it cannot be retaken), no attempts left, the waiting time since the last graded attempt.
 */
export function startRefusal(quiz: QuizRules, attempts: readonly AttemptFacts[], now: number): StartRefusal | null {
  const graded = attempts.filter(isGraded);
  if (quiz.feedback === 'sau-han' && graded.some((attempt) => attempt.passed)) {
    return {
      reason: 'passed',
      message:
        'Anh/chị đã đạt bài kiểm tra này nên không làm lại. Đáp án và giải thích đã hiển thị ở các lần làm bài bên dưới.',
    };
  }
  if (quiz.attemptsAllowed !== undefined && attempts.length >= quiz.attemptsAllowed) {
    return { reason: 'limit', message: `Anh/chị đã dùng hết ${quiz.attemptsAllowed} lần làm bài kiểm tra này.` };
  }
  if (quiz.waitMinutesBetweenAttempts !== undefined) {
    const last = Math.max(0, ...graded.map((attempt) => attempt.submittedAt?.getTime() ?? 0));
    const until = last + quiz.waitMinutesBetweenAttempts * MINUTE_MS;
    if (last > 0 && now < until) {
      return {
        reason: 'wait',
        until: new Date(until),
        message: `Anh/chị cần chờ đến ${formatTimeAndDate(new Date(until))} mới được làm lần tiếp theo.`,
      };
    }
  }
  return null;
}

/** Attempts used and outcome of one learner on one quiz, as the feedback rule needs them. */
export interface QuizStanding {
  attemptsUsed: number;
  /** True when any graded attempt passed. */
  passed: boolean;
  /** True while an attempt is open. */
  open: boolean;
}

/**
 * Whether graded attempts show the key, the explanations and the legal references:
 * "sau-khi-nop" right after grading; "khong" never; "sau-han" once the learner's attempts are
 * over, that is, they passed (no retake then) or used every attempt allowed.
 */
export function reviewVisible(quiz: Pick<Quiz, 'feedback' | 'attemptsAllowed'>, standing: QuizStanding): boolean {
  switch (quiz.feedback) {
    case 'sau-khi-nop':
      return true;
    case 'khong':
      return false;
    case 'sau-han':
      return (
        standing.passed ||
        (quiz.attemptsAllowed !== undefined && standing.attemptsUsed >= quiz.attemptsAllowed && !standing.open)
      );
  }
}
