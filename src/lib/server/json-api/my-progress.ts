/**
 * GET /api/v1/me/progress[?course=<courseId>]: the signed-in learner's progress by the one
 * completion rule. Without ?course, the courses they have started, most recent first.
 */
import { courseProgressOf } from '../progress/course-progress.ts';
import { MyProgressQuerySchema, type MyProgress } from '../../../schemas/api/progress.ts';
import { answer } from '../api-http.ts';
import type { JsonEndpoint } from './endpoint.ts';

export const getMyProgress: JsonEndpoint = async ({ user, query }) => {
  if (!user) return answer(401, { error: 'Anh/chị cần đăng nhập để xem tiến độ học tập.' });
  const parsed = MyProgressQuerySchema.safeParse({ course: query.get('course') ?? undefined });
  if (!parsed.success) return answer(400, { error: 'Mã khóa học không hợp lệ.', issues: [] });
  return answer(200, { courses: await courseProgressOf(user.id, parsed.data.course) } satisfies MyProgress);
};
