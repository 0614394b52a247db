/** The attempts API's answers for refusals and the unexpected, in the API's error shape. */
import { jsonResponse } from '../api-http.ts';
import { AttemptError } from '../../assessment/attempt-errors.ts';

/** 401 for a request without a session. */
export function signInRequired(): Response {
  return jsonResponse(401, { error: 'Anh/chị cần đăng nhập để làm bài kiểm tra.' });
}

/**
 * The JSON answer for an error thrown by the attempt services: its status and Vietnamese message
 * (with issues and, for a waiting time, availableAt). Anything else is logged and answered 503,
 * never with internal details.
 */
export function attemptErrorResponse(error: unknown, doing: string): Response {
  if (error instanceof AttemptError) {
    return jsonResponse(error.status, {
      error: error.message,
      issues: error.issues,
      ...(error.until ? { availableAt: error.until.toISOString() } : {}),
    });
  }
  console.error(`Lỗi khi ${doing}:`, error);
  return jsonResponse(
    503,
    { error: 'Máy chủ chưa xử lý được yêu cầu. Hãy thử lại sau ít phút.' },
    { 'Retry-After': '5' },
  );
}

/** True for an id shaped like ours (newId): anything else cannot exist, so it is not looked up. */
export function isAttemptId(id: string | undefined): id is string {
  return typeof id === 'string' && /^[a-z0-9]{1,64}$/.test(id);
}
