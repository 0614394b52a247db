/**
 * The first lines of every token-read endpoint: the `Authorization: Bearer hls_…` token, or a
 * 401 in the API's error shape. Sessions do not open these endpoints: they are for machines.
 */
import { jsonResponse } from '../api-http.ts';
import { getDb } from '../db.ts';
import { bearerTokenOf } from './token-secret.ts';
import { authenticateApiToken, type AuthenticatedToken } from './tokens.ts';

function unauthorized(error: string): Response {
  return jsonResponse(401, { error }, { 'WWW-Authenticate': 'Bearer realm="hoc-lieu-so"' });
}

/** The request's valid token, or the 401 to send instead (missing, malformed, unknown or revoked). */
export async function requireApiToken(request: Request, url: URL): Promise<{ auth: AuthenticatedToken } | { response: Response }> {
  const presented = bearerTokenOf(request.headers.get('authorization'));
  if (!presented) return { response: unauthorized('Thiếu mã truy cập API: gửi tiêu đề "Authorization: Bearer <mã>".') };
  const auth = await authenticateApiToken(getDb(), presented, { method: request.method, path: url.pathname });
  if (!auth) return { response: unauthorized('Mã truy cập API không hợp lệ hoặc đã bị thu hồi.') };
  return { auth };
}
