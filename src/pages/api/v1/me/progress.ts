/**
 * GET /api/v1/me/progress[?course=<courseId>]: the signed-in learner's progress by the one
 * completion rule. Without ?course, the courses they have started, most recent first.
 */
import type { APIRoute } from 'astro';
import { jsonResponse } from '../../../../lib/server/api-http.ts';
import { courseProgressOf } from '../../../../lib/server/progress/course-progress.ts';
import { MyProgressQuerySchema, type MyProgress } from '../../../../schemas/api/progress.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url }) => {
  const user = locals.user;
  if (!user) return jsonResponse(401, { error: 'Anh/chị cần đăng nhập để xem tiến độ học tập.' });
  const query = MyProgressQuerySchema.parse({ course: url.searchParams.get('course') ?? undefined });
  return jsonResponse(200, { courses: await courseProgressOf(user.id, query.course) } satisfies MyProgress);
};
