/**
 * GET /api/v1/attempts/{id}: the signed-in learner's attempt. Open: the questions without any
 * key, the saved answers and the seconds left. Graded: the score, and the review when the
 * quiz's feedback rule allows it. Anyone else's attempt is 404.
 */
import type { APIRoute } from 'astro';
import { jsonResponse } from '../../../../../lib/server/api-http.ts';
import {
  attemptErrorResponse,
  isAttemptId,
  signInRequired,
} from '../../../../../lib/server/assessment/attempt-http.ts';
import { learnerAttemptView } from '../../../../../lib/server/assessment/learner-quiz.ts';
import type { Attempt } from '../../../../../schemas/api/attempts.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals }) => {
  const user = locals.user;
  if (!user) return signInRequired();
  if (!isAttemptId(params.id)) return jsonResponse(404, { error: 'Không tìm thấy lần làm bài này.' });
  try {
    return jsonResponse(200, (await learnerAttemptView(user.id, params.id)) satisfies Attempt);
  } catch (error) {
    return attemptErrorResponse(error, 'đọc lần làm bài');
  }
};
