/**
 * POST /api/v1/quizzes/{courseId}/{quizSlug}/attempts: starts an attempt for the signed-in
 * learner (201, with its Location), or returns their open one (200). 409 with the reason when no
 * attempt may start (attempts used up, waiting time, passed already). At exam time a whole
 * province starts the same final test within seconds, so this is a hot route.
 */
import { answer } from '../api-http.ts';
import { SIGN_IN_FOR_QUIZ, attemptErrorAnswer } from '../assessment/attempt-http.ts';
import { findQuiz, viewOf } from '../assessment/learner-quiz.ts';
import { startAttempt } from '../assessment/start-attempt.ts';
import type { Attempt } from '../../../schemas/api/attempts.ts';
import type { JsonEndpoint } from './endpoint.ts';

/** A course id or quiz file name: anything else names no quiz. */
const QUIZ_SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

export const postQuizAttempt: JsonEndpoint = async ({ user, params }) => {
  if (!user) return answer(401, { error: SIGN_IN_FOR_QUIZ });
  const { courseId = '', quizSlug = '' } = params;
  try {
    const entry = QUIZ_SLUG.test(courseId) && QUIZ_SLUG.test(quizSlug) ? await findQuiz(courseId, quizSlug) : undefined;
    if (!entry) return answer(404, { error: 'Không tìm thấy bài kiểm tra này.' });
    const now = Date.now();
    const { attempt, created } = await startAttempt(user, entry, now);
    const view = (await viewOf(attempt, now, created ? { saved: [] } : undefined)) satisfies Attempt;
    return created ? answer(201, view, { Location: `/api/v1/attempts/${attempt.id}` }) : answer(200, view);
  } catch (error) {
    return attemptErrorAnswer(error, 'bắt đầu làm bài kiểm tra');
  }
};
