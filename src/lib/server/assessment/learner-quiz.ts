/**
 * What the pages and the API read for a learner: a quiz by its URL, the learner's standing on it
 * (attempts, an open one, why a new one cannot start), and the view of one of their attempts.
 * Abandoned attempts are graded at their deadlines before anything is shown.
 */
import type { QuizAttempt } from '../../../../db/schema/assessment.ts';
import { isAbandoned, reviewVisible, startRefusal, type StartRefusal } from '../../assessment/attempt-rules.ts';
import { attemptStatesOf, attemptsOf, savedAnswersOf, type SavedAnswer } from './attempt-store.ts';
import { AttemptError } from '../../assessment/attempt-errors.ts';
import { isAttemptId } from './attempt-http.ts';
import { ensureAttemptSweeper } from './attempt-sweeper.ts';
import { attemptView, standingOf, type AttemptView } from './attempt-view.ts';
import { settleAbandoned } from './close-attempt.ts';
import { ownAttempt } from './own-attempt.ts';
import type { QuizEntry } from '../../assessment/quiz-catalog.ts';
import { quizCatalog } from '../content/quizzes.ts';

/** A published quiz by course id and file name, or undefined. */
export async function findQuiz(courseId: string, slug: string): Promise<QuizEntry | undefined> {
  return (await quizCatalog()).byId.get(`${courseId}/${slug}`);
}

/** A learner's position on one quiz. */
export interface QuizStandingView {
  /** Every attempt, first first, abandoned ones graded. */
  attempts: QuizAttempt[];
  open: QuizAttempt | undefined;
  /** Why no new attempt can start now (null: it can, or one is open). */
  refusal: StartRefusal | null;
  /** Whether graded attempts show their review now. */
  reviewVisible: boolean;
}

/** The learner's attempts at a quiz and what they may do next. */
export async function quizStanding(userId: string, entry: QuizEntry, now = Date.now()): Promise<QuizStandingView> {
  ensureAttemptSweeper();
  const attempts = await settleAbandoned(await attemptsOf(userId, entry.quizId), now);
  const open = attempts.find((attempt) => attempt.status === 'in_progress');
  return {
    attempts,
    open,
    refusal: open ? null : startRefusal(entry.quiz, attempts, now),
    reviewVisible: reviewVisible(entry.quiz, standingOf(attempts)),
  };
}

/**
 * The view of an attempt the learner owns (already loaded through ownAttempt or a service).
 * `saved` may be given when known (an attempt just created has no answers yet).
 */
export async function viewOf(
  attempt: QuizAttempt,
  now = Date.now(),
  known?: { saved: SavedAnswer[] },
): Promise<AttemptView> {
  const entry = (await quizCatalog()).byId.get(attempt.quizId);
  const [attempts, saved] = await Promise.all([
    attempt.status === 'in_progress' ? Promise.resolve([attempt]) : attemptsForStanding(attempt, now),
    known ? Promise.resolve(known.saved) : savedAnswersOf(attempt.id),
  ]);
  return attemptView(attempt, { entry, attempts, saved, now });
}

/**
 * The learner's attempts at the quiz of a graded one, for its standing: the light columns only,
 * unless one was abandoned (then all, graded at its deadline first).
 */
async function attemptsForStanding(
  attempt: QuizAttempt,
  now: number,
): Promise<Pick<QuizAttempt, 'status' | 'passed'>[]> {
  const states = await attemptStatesOf(attempt.userId, attempt.quizId);
  if (!states.some((state) => isAbandoned(state, now))) return states;
  return settleAbandoned(await attemptsOf(attempt.userId, attempt.quizId), now);
}

/** The learner's view of their attempt by id; 404 (AttemptError) for anyone else's. */
export async function learnerAttemptView(userId: string, attemptId: string, now = Date.now()): Promise<AttemptView> {
  return viewOf(await ownAttempt(userId, attemptId, now), now);
}

/**
 * The learner's attempt at the address of an attempt page, or undefined (the page answers 404)
 * when the id is malformed, the attempt is someone else's, or it belongs to another quiz.
 */
export async function learnerAttemptAt(
  userId: string,
  place: { courseId: string; slug: string; attemptId: string | undefined },
): Promise<AttemptView | undefined> {
  if (!isAttemptId(place.attemptId)) return undefined;
  try {
    const view = await learnerAttemptView(userId, place.attemptId);
    return view.courseId === place.courseId && view.quizSlug === place.slug ? view : undefined;
  } catch (error) {
    if (error instanceof AttemptError && error.code === 'not-found') return undefined;
    throw error;
  }
}
