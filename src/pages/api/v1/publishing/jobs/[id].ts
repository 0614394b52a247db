/** GET /api/v1/publishing/jobs/<id>: the progress of a publication, for the progress page. */
import type { APIRoute } from 'astro';
import { courseUrl } from '../../../../../lib/content-paths.ts';
import { jsonResponse } from '../../../../../lib/server/api-http.ts';
import { publishJobFor } from '../../../../../lib/server/publishing/queue.ts';
import type { PublishJobProgress } from '../../../../../schemas/api/publishing.ts';

export const prerender = false;

const NO_STORE = { 'Cache-Control': 'no-store' };

export const GET: APIRoute = async ({ locals, params }) => {
  if (!locals.user) return jsonResponse(401, { error: 'Anh/chị cần đăng nhập.' }, NO_STORE);
  const job = params.id ? await publishJobFor(locals.user, params.id) : undefined;
  if (!job) return jsonResponse(404, { error: 'Không tìm thấy lượt xuất bản này.' }, NO_STORE);
  return jsonResponse(
    200,
    {
      status: job.status,
      step: job.step,
      percent: job.percent,
      problems: job.problems ?? [],
      failure: job.failure,
      courseId: job.courseId,
      courseUrl: courseUrl(job.courseId),
      finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
    } satisfies PublishJobProgress,
    NO_STORE,
  );
};
