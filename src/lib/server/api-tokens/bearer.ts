/**
 * The first lines of every token-read endpoint: the `Authorization: Bearer hls_…` token, or a
 * 401 in the API's error shape. Sessions do not open these endpoints: they are for machines.
 */
import { formatDate } from '../../format.ts';
import { jsonResponse } from '../api-http.ts';
import { getDb } from '../db.ts';
import { bearerTokenOf } from './token-secret.ts';
import { authenticateApiToken, type AuthenticatedToken } from './tokens.ts';

function unauthorized(error: string, code?: 'expired'): Response {
  // RFC 6750: an expired token is error="invalid_token".
  const challenge = code
    ? 'Bearer realm="hoc-lieu-so", error="invalid_token", error_description="token expired"'
    : 'Bearer realm="hoc-lieu-so"';
  return jsonResponse(401, { error }, { 'WWW-Authenticate': challenge });
}

/** The request's valid token, or the 401 to send instead (missing, malformed, unknown, revoked or expired). */
export async function requireApiToken(
  request: Request,
  url: URL,
): Promise<{ auth: AuthenticatedToken } | { response: Response }> {
  const presented = bearerTokenOf(request.headers.get('authorization'));
  if (!presented) return { response: unauthorized('Thiếu mã truy cập API: gửi tiêu đề "Authorization: Bearer <mã>".') };
  const checked = await authenticateApiToken(getDb(), presented, { method: request.method, path: url.pathname });
  if (checked.ok) return { auth: checked.auth };
  // An expired token is told so (the holder needs a new one, not a fix); the others alike.
  if (checked.reason === 'expired') {
    const when = checked.expiresAt ? ` ngày ${formatDate(checked.expiresAt)}` : '';
    return {
      response: unauthorized(`Mã truy cập API đã hết hạn${when}. Hãy đề nghị quản trị viên tạo mã mới.`, 'expired'),
    };
  }
  return { response: unauthorized('Mã truy cập API không hợp lệ hoặc đã bị thu hồi.') };
}
