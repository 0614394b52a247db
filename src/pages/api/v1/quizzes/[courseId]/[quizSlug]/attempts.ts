/**
 * POST /api/v1/quizzes/{courseId}/{quizSlug}/attempts: starts an attempt for the signed-in
 * learner (201), or returns their open one (200). 409 with the reason when no attempt may start
 * (attempts used up, waiting time, passed already).
 */
import type { APIRoute } from 'astro';
import { jsonResponse } from '../../../../../../lib/server/api-http.ts';
import { attemptErrorResponse, signInRequired } from '../../../../../../lib/server/assessment/attempt-http.ts';
import { findQuiz, viewOf } from '../../../../../../lib/server/assessment/learner-quiz.ts';
import { startAttempt } from '../../../../../../lib/server/assessment/start-attempt.ts';
import type { Attempt } from '../../../../../../schemas/api/attempts.ts';

export const prerender = false;

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

export const POST: APIRoute = async ({ params, locals }) => {
  const user = locals.user;
  if (!user) return signInRequired();
  const { courseId = '', quizSlug = '' } = params;
  try {
    const entry = SLUG.test(courseId) && SLUG.test(quizSlug) ? await findQuiz(courseId, quizSlug) : undefined;
    if (!entry) return jsonResponse(404, { error: 'Không tìm thấy bài kiểm tra này.' });
    const now = Date.now();
    const { attempt, created } = await startAttempt(user, entry, now);
    return jsonResponse(
      created ? 201 : 200,
      (await viewOf(attempt, now, created ? { saved: [] } : undefined)) satisfies Attempt,
      created ? { Location: `/api/v1/attempts/${attempt.id}` } : {},
    );
  } catch (error) {
    return attemptErrorResponse(error, 'bắt đầu làm bài kiểm tra');
  }
};
