/**
 * How far an import job has got, as JSON, for the import pages' script:
 * { state, step, done, total, redirectTo?, error? }, from the database, so any server instance
 * can answer. Only the job's own administrator sees it.
 */
import type { APIRoute } from 'astro';
import { isAdministrator } from '../../../../lib/auth/access.ts';
import { jsonResponse } from '../../../../lib/server/api-http.ts';
import { jobStatus } from '../../../../lib/server/officials-import/jobs.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, params }) => {
  const user = locals.user;
  if (!user) return jsonResponse(401, { error: 'Phiên đăng nhập đã hết. Hãy đăng nhập lại.' });
  const status = isAdministrator(user) ? await jobStatus(user.id, params.job ?? '') : undefined;
  if (!status) return jsonResponse(404, { error: 'Không tìm thấy việc nhập này. Hãy tải lại trang.' });
  return jsonResponse(200, status);
};
