/**
 * "Hoàn thành bài học" without JavaScript: the lesson page's plain form records a
 * lesson_completed event, exactly as the tracker would, with a UUID made on the server.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { lessonUrl } from '../lib/content-paths.ts';
import { checkEventsAgainstContent } from '../lib/progress/check-events.ts';
import { progressContent } from '../lib/server/content/progress-content.ts';
import { recordProgressEvents } from '../lib/server/progress/record-events.ts';
import { safeRedirectPath } from '../lib/safe-redirect.ts';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';

const contentId = z
  .string()
  .trim()
  .min(1, { error: 'Thiếu mã bài học hoặc khóa học.' })
  .max(200)
  .regex(/^[a-z0-9][a-z0-9/-]*$/, { error: 'Mã nội dung không hợp lệ.' });

export const completeLesson = defineAction({
  accept: 'form',
  input: z.object({
    courseId: contentId,
    lessonId: contentId,
    returnTo: z.string().max(500).optional(),
  }),
  handler: async ({ courseId, lessonId, returnTo }, context) => {
    const user = requireSignedIn(context, 'Anh/chị cần đăng nhập để lưu tiến độ học tập.');
    const checked = checkEventsAgainstContent(
      [{ id: crypto.randomUUID(), kind: 'lesson_completed', courseId, lessonId, occurredAt: new Date().toISOString() }],
      await progressContent(),
    );
    if (!checked.ok)
      throw new ActionError({ code: 'BAD_REQUEST', message: 'Không tìm thấy bài học này trong khóa học đã xuất bản.' });
    try {
      await recordProgressEvents(user.id, checked.events);
    } catch (error) {
      console.error('Không lưu được việc hoàn thành bài học:', error);
      throw new ActionError({
        code: 'SERVICE_UNAVAILABLE',
        message: 'Chưa lưu được tiến độ học tập. Hãy thử lại sau ít phút.',
      });
    }
    return { redirectTo: safeRedirectPath(returnTo, context.url.origin, lessonUrl(lessonId)) };
  },
});
