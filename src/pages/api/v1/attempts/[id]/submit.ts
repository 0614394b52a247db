/**
 * POST /api/v1/attempts/{id}/submit: grades the learner's attempt (at its deadline, without
 * late answers, if the server's clock is past deadline plus grace) and returns it graded. Any
 * number of submits, in parallel or not, grade it once and all get the same result.
 */
import type { APIRoute } from 'astro';
import { jsonResponse } from '../../../../../lib/server/api-http.ts';
import {
  attemptErrorResponse,
  isAttemptId,
  signInRequired,
} from '../../../../../lib/server/assessment/attempt-http.ts';
import { viewOf } from '../../../../../lib/server/assessment/learner-quiz.ts';
import { submitGraded } from '../../../../../lib/server/assessment/submit-attempt.ts';
import type { Attempt } from '../../../../../schemas/api/attempts.ts';

export const prerender = false;

export const POST: APIRoute = async ({ params, locals }) => {
  const user = locals.user;
  if (!user) return signInRequired();
  if (!isAttemptId(params.id)) return jsonResponse(404, { error: 'Không tìm thấy lần làm bài này.' });
  try {
    const now = Date.now();
    const { attempt, saved } = await submitGraded(user.id, params.id, now);
    return jsonResponse(200, (await viewOf(attempt, now, saved && { saved })) satisfies Attempt);
  } catch (error) {
    return attemptErrorResponse(error, 'nộp bài');
  }
};
