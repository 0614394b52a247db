/**
 * A content reviewer's record of a course as the online part of a recognised programme (the
 * decision, its issuing body and hours), and its removal. Validated here (zod) and again by the
 * store; refusals come back as 4xx with a Vietnamese sentence; each change is audited.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { isContentReviewer } from '../lib/auth/access.ts';
import { requireAllowed } from '../lib/server/auth/action-guards.ts';
import { publishedCourses } from '../lib/server/content/courses.ts';
import { recordProgramme, removeProgramme, type ProgrammeOutcome } from '../lib/server/programmes/programmes.ts';
import { ProgrammeInputSchema } from '../lib/programmes/programme-input.ts';

const NOT_FOUND = 'Không tìm thấy trang này, hoặc anh/chị không có quyền thẩm định nội dung.';
const PAGE = '/giang-vien/chuong-trinh/';

function refused(outcome: Extract<ProgrammeOutcome, { ok: false }>): never {
  const code = outcome.status === 403 ? 'FORBIDDEN' : outcome.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
  throw new ActionError({ code, message: outcome.message });
}

export const programmes = {
  record: defineAction({
    accept: 'form',
    input: ProgrammeInputSchema,
    handler: async (input, context) => {
      const user = requireAllowed(context, isContentReviewer, NOT_FOUND);
      const published = new Set((await publishedCourses()).map((course) => course.id));
      const outcome = await recordProgramme(user, input, published);
      if (!outcome.ok) refused(outcome);
      return { redirectTo: `${PAGE}?da-ghi-nhan=${encodeURIComponent(input.course)}` };
    },
  }),

  remove: defineAction({
    accept: 'form',
    input: z.object({
      course: z
        .string({ error: 'Thiếu mã khóa học.' })
        .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, { error: 'Mã khóa học không hợp lệ.' }),
      confirm: z.literal('yes', { error: 'Hãy đánh dấu ô xác nhận trước khi bỏ ghi nhận.' }),
    }),
    handler: async ({ course }, context) => {
      const user = requireAllowed(context, isContentReviewer, NOT_FOUND);
      const outcome = await removeProgramme(user, course);
      if (!outcome.ok) refused(outcome);
      return { redirectTo: `${PAGE}?da-bo=${encodeURIComponent(course)}` };
    },
  }),
};
