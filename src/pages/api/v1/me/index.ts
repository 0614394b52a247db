/**
 * GET /api/v1/me: who is signed in, for the browser's progress queue (src/scripts/progress-sync.ts),
 * which sends the events kept on a device only once the server has said whose they are.
 */
import type { APIRoute } from 'astro';
import { jsonResponse } from '../../../../lib/server/api-http.ts';
import type { Me } from '../../../../schemas/api/me.ts';

export const prerender = false;

export const GET: APIRoute = ({ locals }) => {
  const user = locals.user;
  if (!user) return jsonResponse(401, { error: 'Anh/chị chưa đăng nhập.' });
  return jsonResponse(200, { userId: user.id, displayName: user.displayName } satisfies Me);
};
