/**
 * PUT /api/v1/attempts/{id}/answers: saves some answers of the learner's open attempt
 * ({answers: {c3: "2", c4: ["1", "3"], c5: true, c6: ["3", "1", "2"], c7: null}}). Refused with
 * 409 once the attempt is graded or the server's clock is past its deadline plus the grace;
 * 422 names each answer that does not fit its question (nothing is saved then).
 */
import type { APIRoute } from 'astro';
import {
  apiIssues,
  isJsonRequest,
  jsonResponse,
  readJsonBody,
  safeParseInVietnamese,
} from '../../../../../lib/server/api-http.ts';
import {
  attemptErrorResponse,
  isAttemptId,
  signInRequired,
} from '../../../../../lib/server/assessment/attempt-http.ts';
import { saveAnswers } from '../../../../../lib/server/assessment/save-answers.ts';
import { SaveAnswersBodySchema, type SaveAnswersResult } from '../../../../../schemas/api/attempts.ts';

export const prerender = false;

/** 300 answers of the longest shape fit many times over. */
const MAX_BODY_BYTES = 64 * 1024;

export const PUT: APIRoute = async ({ params, locals, request }) => {
  const user = locals.user;
  if (!user) return signInRequired();
  if (!isAttemptId(params.id)) return jsonResponse(404, { error: 'Không tìm thấy lần làm bài này.' });
  if (!isJsonRequest(request))
    return jsonResponse(415, { error: 'Hãy gửi dữ liệu dạng JSON (Content-Type: application/json).' });
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return jsonResponse(body.status, { error: body.error, issues: [] });
  const parsed = safeParseInVietnamese(SaveAnswersBodySchema, body.value);
  if (!parsed.success)
    return jsonResponse(422, { error: 'Câu trả lời gửi lên không hợp lệ.', issues: apiIssues(parsed.error) });
  try {
    const outcome = await saveAnswers(user.id, params.id, parsed.data.answers);
    return jsonResponse(200, { ...outcome, savedAt: outcome.savedAt.toISOString() } satisfies SaveAnswersResult);
  } catch (error) {
    return attemptErrorResponse(error, 'lưu câu trả lời');
  }
};
