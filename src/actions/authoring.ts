/**
 * The instructor area's forms: start a course or a draft, edit the course and its lessons, and move
 * a draft through review (submit, return with a comment, publish, discard). Every handler finds
 * the draft through the caller's rights first: a draft that is not theirs is "not found" (404).
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { AUDIENCES, FIELDS, TRAINING_KINDS, slugsOf } from '../schemas/vocabulary.ts';
import { isInstructor } from '../lib/auth/access.ts';
import { canWriteCourse, mayReviewDraft } from '../lib/server/authoring/access.ts';
import { requireAllowed } from '../lib/server/auth/action-guards.ts';
import { liveCourseExists } from '../lib/server/authoring/draft-files.ts';
import { courseFromForm } from '../lib/authoring-forms/course-form.ts';
import { deleteLesson, moveLesson, saveCourseForm, saveLessonForm } from '../lib/server/authoring/draft-edits.ts';
import { findDraftFor, startDraftOfLiveCourse } from '../lib/server/authoring/draft-store.ts';
import { createCourse } from '../lib/server/authoring/new-course.ts';
import { discardDraft, returnDraft, submitDraft, type TransitionResult } from '../lib/server/authoring/workflow.ts';
import { completionCourses } from '../lib/server/completion/published-courses.ts';
import { validateDraft } from '../lib/server/publishing/validate-draft.ts';
import { requestPublication } from '../lib/server/publishing/queue.ts';
import type { PublishProblem } from '../lib/authoring/vocabulary.ts';
import { refuseUnsafeLessonBody } from '../lib/lesson-body-check.ts';
import { requireRecentPassword } from '../lib/server/auth/require-recent-password.ts';

const NOT_FOUND = 'Không tìm thấy bản nháp này, hoặc anh/chị không có quyền mở nó.';
const NOT_EDITABLE = 'Bản nháp đang chờ duyệt hoặc đã xuất bản nên không sửa được nữa.';

const draftId = z
  .string({ error: 'Thiếu mã bản nháp.' })
  .regex(/^[a-z0-9]{1,64}$/, { error: 'Mã bản nháp không hợp lệ.' });
const lessonFile = z
  .string({ error: 'Thiếu tên tệp bài học.' })
  .regex(/^(moi|\d{2,}-[a-z0-9][a-z0-9-]*)$/, { error: 'Tên tệp bài học không hợp lệ.' });
const optionalText = (max: number) =>
  z
    .string()
    .max(max, { error: `Nội dung dài tối đa ${max} ký tự.` })
    .optional();
const texts = (max = 500) =>
  z
    .array(z.string().max(max, { error: `Nội dung dài tối đa ${max} ký tự.` }))
    .max(50)
    .default([]);

function refused(reason: 'not-found' | 'not-editable' | 'bad-path' | 'forbidden' | 'wrong-status'): never {
  if (reason === 'not-editable') throw new ActionError({ code: 'CONFLICT', message: NOT_EDITABLE });
  if (reason === 'wrong-status')
    throw new ActionError({
      code: 'CONFLICT',
      message: 'Trạng thái bản nháp đã thay đổi (có thể do bấm hai lần). Hãy xem lại trạng thái hiện tại.',
    });
  if (reason === 'forbidden')
    throw new ActionError({
      code: 'FORBIDDEN',
      message: 'Việc này dành cho người thẩm định hoặc người soạn khóa học khác.',
    });
  throw new ActionError({ code: 'NOT_FOUND', message: NOT_FOUND });
}

/** Problems as one message per line ("where › field: message"), for the page's error summary. */
function problemsError(title: string, problems: readonly PublishProblem[]): ActionError {
  return new ActionError({
    code: 'UNPROCESSABLE_CONTENT',
    message: [title, ...problems.map((problem) => `${problem.where} › ${problem.field}: ${problem.message}`)].join(
      '\n',
    ),
  });
}

const overview = (id: string) => `/giang-vien/ban-nhap/${id}/`;

const transitionResult = (result: TransitionResult) => {
  if (!result.ok) refused(result.reason);
  return { redirectTo: overview(result.draft.id) };
};

export const authoring = {
  createCourse: defineAction({
    accept: 'form',
    input: z.object({
      title: z
        .string({ error: 'Hãy nhập tên khóa học.' })
        .trim()
        .min(5, { error: 'Tên khóa học quá ngắn: hãy ghi tên đầy đủ, ít nhất 5 ký tự.' })
        .max(200, { error: 'Tên khóa học dài tối đa 200 ký tự.' }),
      summary: z
        .string({ error: 'Hãy nhập tóm tắt.' })
        .trim()
        .min(20, { error: 'Tóm tắt quá ngắn: hãy viết một đến hai câu, ít nhất 20 ký tự.' })
        .max(1000, { error: 'Tóm tắt dài tối đa 1.000 ký tự.' }),
      kind: z.enum(slugsOf(TRAINING_KINDS), { error: 'Hãy chọn loại hình bồi dưỡng.' }),
      fields: z
        .array(z.enum(slugsOf(FIELDS), { error: 'Lĩnh vực không có trong danh mục.' }))
        .min(1, { error: 'Hãy chọn ít nhất một lĩnh vực.' }),
      audiences: z
        .array(z.enum(slugsOf(AUDIENCES), { error: 'Đối tượng không có trong danh mục.' }))
        .min(1, { error: 'Hãy chọn ít nhất một đối tượng.' }),
      hours: z
        .number({ error: 'Số giờ học phải là một số, ví dụ 8.' })
        .positive({ error: 'Số giờ học phải lớn hơn 0, ví dụ 8.' })
        .max(2000, { error: 'Số giờ học quá lớn.' }),
    }),
    handler: async (input, context) => {
      const user = requireAllowed(context, isInstructor, NOT_FOUND);
      const result = await createCourse(user, input);
      if (result.ok) return { redirectTo: overview(result.draft.id) };
      if (result.reason === 'forbidden') refused('not-found');
      throw new ActionError({
        code: result.reason === 'taken' ? 'CONFLICT' : 'BAD_REQUEST',
        message:
          result.reason === 'taken'
            ? `Đã có khóa học mang mã "${result.courseId}". Hãy đặt tên khác, hoặc sửa khóa học đó.`
            : 'Tên khóa học cần có chữ cái hoặc chữ số để tạo mã khóa học.',
      });
    },
  }),

  editCourse: defineAction({
    accept: 'form',
    input: z.object({
      course: z
        .string({ error: 'Thiếu mã khóa học.' })
        .regex(/^[a-z0-9][a-z0-9-]{0,80}$/, { error: 'Mã khóa học không hợp lệ.' }),
    }),
    handler: async ({ course }, context) => {
      const user = requireAllowed(context, isInstructor, NOT_FOUND);
      if (!liveCourseExists(course) || !(await canWriteCourse(user, course))) refused('not-found');
      // The version learners' completions record, so a publication can say what it replaced.
      const baseVersion = (await completionCourses().catch(() => undefined))?.get(course)?.version ?? null;
      const draft = await startDraftOfLiveCourse(user, course, baseVersion);
      if (!draft) refused('not-found');
      return { redirectTo: overview(draft.id) };
    },
  }),

  saveCourse: defineAction({
    accept: 'form',
    input: z
      .object({
        draft: draftId,
        title: optionalText(300),
        summary: optionalText(2000),
        kind: optionalText(100),
        fields: texts(100),
        audiences: texts(100),
        hours: optionalText(20),
        days: optionalText(20),
        objectives: optionalText(10000),
        version: optionalText(20),
        status: optionalText(20),
        sample: optionalText(10),
        updated: optionalText(20),
        legalType: texts(),
        legalNumber: texts(),
        legalYear: texts(),
        legalTitle: texts(),
        legalArticle: texts(),
        legalUrl: texts(),
        legalChecked: texts(),
        instructorName: texts(),
        instructorOrganisation: texts(),
        /** "Thêm dòng" buttons: save, then come back with more empty rows of that kind. */
        them: z.enum(['legal', 'instructor']).optional(),
      })
      // The real CourseSchema, with each message keyed by the form field it belongs to (answers 400).
      .superRefine((form, issues) => {
        for (const problem of courseFromForm(form).problems)
          issues.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
      }),
    handler: async (input, context) => {
      const user = requireAllowed(context, isInstructor, NOT_FOUND);
      const result = await saveCourseForm(user, input.draft, input);
      if (result.ok)
        return {
          redirectTo: `${overview(input.draft)}khoa-hoc/?${input.them ? `them=${input.them}#${input.them === 'legal' ? 'can-cu' : 'giang-vien-muc'}` : 'da-luu=1'}`,
        };
      if (result.reason === 'invalid')
        throw new ActionError({
          code: 'BAD_REQUEST',
          message: result.problems[0]?.message ?? 'Thông tin khóa học chưa hợp lệ.',
        });
      refused(result.reason);
    },
  }),

  saveLesson: defineAction({
    accept: 'form',
    input: z.object({
      draft: draftId,
      file: lessonFile,
      title: optionalText(300),
      summary: optionalText(2000),
      minutes: optionalText(20),
      required: optionalText(10),
      body: z
        .string()
        .max(500_000, { error: 'Bài học quá dài (tối đa 500.000 ký tự): hãy chia thành nhiều bài.' })
        .superRefine(refuseUnsafeLessonBody)
        .optional(),
    }),
    handler: async (input, context) => {
      const user = requireAllowed(context, isInstructor, NOT_FOUND);
      const result = await saveLessonForm(user, input.draft, input.file, input);
      if (result.ok)
        return {
          file: result.file,
          problems: result.problems,
          savedAt: result.savedAt.toISOString(),
          redirectTo: `${overview(input.draft)}bai/${result.file}/`,
        };
      if (result.reason === 'needs-title')
        throw new ActionError({
          code: 'BAD_REQUEST',
          message: 'Hãy ghi tên bài học: tên tệp của bài học mới lấy từ tên bài.',
        });
      if (result.reason === 'refused')
        throw new ActionError({
          code: 'BAD_REQUEST',
          message: result.problems.map((problem) => problem.message).join(' '),
        });
      refused(result.reason);
    },
  }),

  moveLesson: defineAction({
    accept: 'form',
    input: z.object({
      draft: draftId,
      file: lessonFile,
      direction: z.enum(['len', 'xuong'], { error: 'Hướng chuyển không hợp lệ.' }),
    }),
    handler: async ({ draft, file, direction }, context) => {
      const result = await moveLesson(
        requireAllowed(context, isInstructor, NOT_FOUND),
        draft,
        file,
        direction === 'len' ? -1 : 1,
      );
      if (!result.ok) refused(result.reason);
      return { redirectTo: `${overview(draft)}#bai-hoc` };
    },
  }),

  deleteLesson: defineAction({
    accept: 'form',
    input: z.object({
      draft: draftId,
      file: lessonFile,
      confirm: z.literal('yes', { error: 'Hãy đánh dấu ô xác nhận trước khi xóa bài học.' }),
    }),
    handler: async ({ draft, file }, context) => {
      const result = await deleteLesson(requireAllowed(context, isInstructor, NOT_FOUND), draft, file);
      if (!result.ok) refused(result.reason);
      return { redirectTo: `${overview(draft)}#bai-hoc` };
    },
  }),

  submitDraft: defineAction({
    accept: 'form',
    input: z.object({ draft: draftId }),
    handler: async ({ draft: id }, context) => {
      const user = requireAllowed(context, isInstructor, NOT_FOUND);
      const draft = await findDraftFor(user, id);
      if (!draft) refused('not-found');
      if (draft.status === 'submitted') return { redirectTo: overview(id) };
      if (draft.status === 'draft' || draft.status === 'returned') {
        // Not worth a reviewer's time while the build would refuse it.
        const problems = await validateDraft(draft);
        if (problems.length > 0) throw problemsError('Chưa gửi duyệt được: bản nháp còn lỗi cần sửa.', problems);
      }
      const result = await submitDraft(user, id);
      // A second click finds it submitted already: nothing more to do.
      if (!result.ok && result.reason === 'wrong-status' && (await findDraftFor(user, id))?.status === 'submitted')
        return { redirectTo: overview(id) };
      return transitionResult(result);
    },
  }),

  returnDraft: defineAction({
    accept: 'form',
    input: z.object({
      draft: draftId,
      comment: z
        .string({ error: 'Hãy ghi nhận xét: cần sửa gì trước khi xuất bản.' })
        .trim()
        .min(5, { error: 'Hãy ghi nhận xét: cần sửa gì trước khi xuất bản (ít nhất 5 ký tự).' })
        .max(5000, { error: 'Nhận xét dài tối đa 5.000 ký tự.' }),
    }),
    handler: async ({ draft, comment }, context) =>
      transitionResult(await returnDraft(requireAllowed(context, isInstructor, NOT_FOUND), draft, comment)),
  }),

  discardDraft: defineAction({
    accept: 'form',
    input: z.object({
      draft: draftId,
      confirm: z.literal('yes', { error: 'Hãy đánh dấu ô xác nhận trước khi hủy bản nháp.' }),
    }),
    handler: async ({ draft }, context) => {
      const result = await discardDraft(requireAllowed(context, isInstructor, NOT_FOUND), draft);
      if (!result.ok) refused(result.reason);
      return { redirectTo: '/giang-vien/' };
    },
  }),

  publishDraft: defineAction({
    accept: 'form',
    input: z.object({ draft: draftId }),
    handler: async ({ draft }, context) => {
      const user = requireAllowed(context, isInstructor, NOT_FOUND);
      const found = await findDraftFor(user, draft);
      if (!found) refused('not-found');
      if (!(await mayReviewDraft(user, found))) refused('forbidden');
      // Publishing changes what every learner reads: the password must be recent (ten minutes).
      await requireRecentPassword(context.locals);
      const result = await requestPublication(user, draft);
      if (result.ok) return { redirectTo: `/giang-vien/xuat-ban/${result.jobId}/` };
      if ('problems' in result) throw problemsError('Chưa xuất bản được: bản nháp còn lỗi cần sửa.', result.problems);
      if (result.reason === 'busy')
        throw new ActionError({
          code: 'CONFLICT',
          message: 'Một lần xuất bản khác đang chạy. Hãy đợi vài phút rồi thử lại.',
        });
      refused(result.reason === 'not-submitted' ? 'wrong-status' : 'not-found');
    },
  }),
};
