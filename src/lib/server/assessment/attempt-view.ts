/**
 * The one shape in which a learner sees an attempt, for the API and the pages alike. Open: the
 * questions under public ids (no key, explanation, reference or bank id), the saved answers and
 * the seconds left by the server's clock. Graded: the score, and the review only when the quiz's
 * feedback rule allows it.
 */
import type { QuizAttempt } from '../../../../db/schema/assessment.ts';
import type { Attempt } from '../../../schemas/api/attempts.ts';
import { quizUrl } from '../../content-paths.ts';
import { isGraded, remainingSeconds, reviewVisible, type QuizStanding } from '../../assessment/attempt-rules.ts';
import { feedbackRuleText } from '../../assessment/quiz-description.ts';
import type { SavedAnswer } from './attempt-store.ts';
import { reviewOf } from '../../assessment/attempt-review.ts';
import { answerSlots, publicQuestions, toPublicAnswer } from '../../assessment/public-attempt.ts';
import type { QuizEntry } from '../../assessment/quiz-catalog.ts';

// The attempt as its learner sees it is the API's shape (GET /api/v1/attempts/{id}), declared once there.
export type { Attempt as AttemptView };

/** Attempts used, passed and open, from a learner's attempts at one quiz. */
export function standingOf(attempts: readonly Pick<QuizAttempt, 'status' | 'passed'>[]): QuizStanding {
  return {
    attemptsUsed: attempts.length,
    passed: attempts.some((attempt) => isGraded(attempt) && attempt.passed === true),
    open: attempts.some((attempt) => attempt.status === 'in_progress'),
  };
}

/** The page of an attempt. */
export function attemptUrl(attempt: Pick<QuizAttempt, 'quizId' | 'id'>): string {
  return `${quizUrl(attempt.quizId)}lan-lam/${attempt.id}/`;
}

/**
 * Builds the learner's view of one attempt. `attempts` are all of the learner's attempts at the
 * quiz (for the "sau-han" rule); `entry` is the quiz as published now (undefined if it was
 * removed: then the score only).
 */
export function attemptView(
  attempt: QuizAttempt,
  context: {
    entry: QuizEntry | undefined;
    attempts: readonly Pick<QuizAttempt, 'status' | 'passed'>[];
    saved: readonly SavedAnswer[];
    now: number;
  },
): Attempt {
  const { entry, attempts, saved, now } = context;
  const open = attempt.status === 'in_progress';
  const stored = Object.fromEntries(saved.map((answer) => [answer.questionId, answer.answer]));
  const lastSaved = saved.reduce<Date | null>(
    (latest, answer) => (latest === null || answer.savedAt > latest ? answer.savedAt : latest),
    null,
  );
  const showReview = !open && entry !== undefined && reviewVisible(entry.quiz, standingOf(attempts));
  let answers: Record<string, unknown> | null = null;
  if (open) {
    answers = {};
    for (const slot of answerSlots(attempt.questions, attempt.drawn)) {
      const value = slot.question.id in stored ? toPublicAnswer(slot, stored[slot.question.id]) : undefined;
      if (value !== undefined) answers[slot.publicId] = value;
    }
  }
  return {
    id: attempt.id,
    courseId: attempt.courseId,
    quizSlug: attempt.quizId.slice(attempt.quizId.indexOf('/') + 1),
    quizTitle: entry?.quiz.title ?? 'Bài kiểm tra',
    attemptNumber: attempt.attemptNumber,
    status: attempt.status,
    startedAt: attempt.startedAt.toISOString(),
    deadlineAt: attempt.deadlineAt?.toISOString() ?? null,
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    remainingSeconds: open ? remainingSeconds(attempt, now) : null,
    questions: open ? publicQuestions(attempt.questions, attempt.drawn) : null,
    answers,
    lastSavedAt: lastSaved?.toISOString() ?? null,
    result: open
      ? null
      : {
          earned: attempt.earned ?? 0,
          max: attempt.maxPoints ?? 0,
          percent: attempt.percent ?? 0,
          passed: attempt.passed === true,
          passPercent: attempt.passPercent,
        },
    review: showReview ? reviewOf(attempt, stored) : null,
    feedbackRule: entry ? feedbackRuleText(entry.quiz) : 'Bài kiểm tra này không còn được đăng: chỉ hiển thị điểm.',
    url: attemptUrl(attempt),
  };
}
