/** The attempts API's answers for refusals and the unexpected, in the API's error shape. */
import { answer, jsonResponse, type JsonAnswer } from '../api-http.ts';
import { AttemptError } from '../../assessment/attempt-errors.ts';

/** The answer's message for a request without a session. */
export const SIGN_IN_FOR_QUIZ = 'Anh/chị cần đăng nhập để làm bài kiểm tra.';

/** 401 for a request without a session. */
export function signInRequired(): Response {
  return jsonResponse(401, { error: SIGN_IN_FOR_QUIZ });
}

/**
 * The JSON answer for an error thrown by the attempt services: its status and Vietnamese message
 * (with issues and, for a waiting time, availableAt). Anything else is logged and answered 503,
 * never with internal details.
 */
export function attemptErrorResponse(error: unknown, doing: string): Response {
  const { status, body, headers } = attemptErrorAnswer(error, doing);
  return jsonResponse(status, body, headers);
}

/** The same as a JSON endpoint's answer. */
export function attemptErrorAnswer(error: unknown, doing: string): JsonAnswer {
  if (error instanceof AttemptError) {
    return answer(error.status, {
      error: error.message,
      issues: error.issues,
      ...(error.until ? { availableAt: error.until.toISOString() } : {}),
    });
  }
  console.error(`Lỗi khi ${doing}:`, error);
  return answer(503, { error: 'Máy chủ chưa xử lý được yêu cầu. Hãy thử lại sau ít phút.' }, { 'Retry-After': '5' });
}

/** True for an id shaped like ours (newId): anything else cannot exist, so it is not looked up. */
export function isAttemptId(id: string | undefined): id is string {
  return typeof id === 'string' && /^[a-z0-9]{1,64}$/.test(id);
}
