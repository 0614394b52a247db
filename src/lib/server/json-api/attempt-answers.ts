/**
 * PUT /api/v1/attempts/{id}/answers: saves some answers of the learner's open attempt
 * ({answers: {c3: "2", c4: ["1", "3"], c5: true, c6: ["3", "1", "2"], c7: null}}). Refused with
 * 409 once the attempt is graded or the server's clock is past its deadline plus the grace;
 * 422 names each answer that does not fit its question (nothing is saved then).
 */
import { answer, apiIssues, isJsonContentType, safeParseInVietnamese } from '../api-http.ts';
import { SIGN_IN_FOR_QUIZ, attemptErrorAnswer, isAttemptId } from '../assessment/attempt-http.ts';
import { saveAnswers } from '../assessment/save-answers.ts';
import { SaveAnswersBodySchema, type SaveAnswersResult } from '../../../schemas/api/attempts.ts';
import type { JsonEndpoint } from './endpoint.ts';

/** 300 answers of the longest shape fit many times over. */
const MAX_BODY_BYTES = 64 * 1024;

export const putAttemptAnswers: JsonEndpoint = async ({ user, params, contentType, readJson }) => {
  if (!user) return answer(401, { error: SIGN_IN_FOR_QUIZ });
  const attemptId = params.id;
  if (!isAttemptId(attemptId)) return answer(404, { error: 'Không tìm thấy lần làm bài này.' });
  if (!isJsonContentType(contentType))
    return answer(415, { error: 'Hãy gửi dữ liệu dạng JSON (Content-Type: application/json).' });
  const body = await readJson(MAX_BODY_BYTES);
  if (!body.ok) return answer(body.status, { error: body.error, issues: [] });
  const parsed = safeParseInVietnamese(SaveAnswersBodySchema, body.value);
  if (!parsed.success)
    return answer(422, { error: 'Câu trả lời gửi lên không hợp lệ.', issues: apiIssues(parsed.error) });
  try {
    const outcome = await saveAnswers(user.id, attemptId, parsed.data.answers);
    return answer(200, { ...outcome, savedAt: outcome.savedAt.toISOString() } satisfies SaveAnswersResult);
  } catch (error) {
    return attemptErrorAnswer(error, 'lưu câu trả lời');
  }
};
