/**
 * POST /api/v1/attempts/{id}/submit: grades the learner's attempt (at its deadline, without
 * late answers, if the server's clock is past deadline plus grace) and returns it graded. Any
 * number of submits, in parallel or not, grade it once and all get the same result.
 */
import { answer } from '../api-http.ts';
import { SIGN_IN_FOR_QUIZ, attemptErrorAnswer, isAttemptId } from '../assessment/attempt-http.ts';
import { viewOf } from '../assessment/learner-quiz.ts';
import { submitGraded } from '../assessment/submit-attempt.ts';
import type { Attempt } from '../../../schemas/api/attempts.ts';
import type { JsonEndpoint } from './endpoint.ts';

export const postAttemptSubmit: JsonEndpoint = async ({ user, params }) => {
  if (!user) return answer(401, { error: SIGN_IN_FOR_QUIZ });
  if (!isAttemptId(params.id)) return answer(404, { error: 'Không tìm thấy lần làm bài này.' });
  try {
    const now = Date.now();
    const { attempt, saved } = await submitGraded(user.id, params.id, now);
    return answer(200, (await viewOf(attempt, now, saved && { saved })) satisfies Attempt);
  } catch (error) {
    return attemptErrorAnswer(error, 'nộp bài');
  }
};
