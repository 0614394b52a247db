/**
 * Sending officials to a course (cử đi bồi dưỡng) and cancelling an assignment. Both are public
 * endpoints: each validates its input, then authorizes; officials, units and assignments outside
 * the caller's scope are "not found" (404) or simply not reached, never written.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { publishedCourse } from '../lib/server/content/courses.ts';
import { requireAdministrator } from '../lib/server/auth/action-guards.ts';
import { assignTraining, cancelAssignment } from '../lib/server/assignments/assign.ts';
import { deadlineProblem, parseDeadline } from '../lib/assignments/deadline-rules.ts';
import type { AssignmentTargets } from '../lib/server/assignments/targets.ts';
import { getDb } from '../lib/server/db.ts';
import { todayInVietnam } from '../lib/vietnam-time.ts';
import { findActiveUnitInScope } from '../lib/server/org/scope.ts';
import { FIELDS, OFFICIAL_GROUPS, slugsOf } from '../schemas/vocabulary.ts';

/** Longest reason accepted. */
export const ASSIGNMENT_REASON_MAX = 500;
/** Staff codes of skipped officials carried back to the page (the count is always complete). */
const SKIPPED_SHOWN = 20;

const id = (what: string) =>
  z
    .string({ error: `Thiếu ${what}.` })
    .regex(/^[a-z0-9]{1,64}$/, { error: `${what[0].toUpperCase()}${what.slice(1)} không hợp lệ.` });
/** An optional filter value: an empty form field means "any". */
const optional = (schema: z.ZodType<string>) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

const NOT_IN_SCOPE = 'Không tìm thấy cán bộ hoặc đơn vị trong phạm vi quản lý.';
const notFound = () => new ActionError({ code: 'NOT_FOUND', message: NOT_IN_SCOPE });

export const assign = defineAction({
  accept: 'form',
  input: z
    .object({
      courseId: z
        .string({ error: 'Hãy chọn khóa học.' })
        .trim()
        .min(1, { error: 'Hãy chọn khóa học.' })
        .max(120, { error: 'Hãy chọn một khóa học trong danh sách.' }),
      deadline: z
        .string({ error: 'Hãy nhập hạn hoàn thành.' })
        .trim()
        .min(1, { error: 'Hãy nhập hạn hoàn thành.' })
        .max(20, { error: 'Hạn hoàn thành không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm.' })
        .superRefine((deadline, issues) => {
          if (!deadline) return;
          const problem = deadlineProblem(parseDeadline(deadline), todayInVietnam());
          if (problem) issues.addIssue({ code: 'custom', message: problem });
        }),
      reason: z
        .string({ error: 'Hãy nhập lý do cử đi bồi dưỡng.' })
        .trim()
        .min(1, { error: 'Hãy nhập lý do cử đi bồi dưỡng.' })
        .max(ASSIGNMENT_REASON_MAX, { error: `Lý do dài tối đa ${ASSIGNMENT_REASON_MAX} ký tự.` }),
      mode: z.enum(['chon', 'loc'], { error: 'Hãy chọn giao cho những cán bộ nào.' }),
      officialIds: z
        .array(z.string().max(64))
        .max(5_000, { error: 'Chọn quá nhiều cán bộ một lần; hãy dùng bộ lọc.' })
        .default([]),
      unitId: optional(id('mã đơn vị')),
      jobTitle: optional(z.string().trim().max(200, { error: 'Chức danh dài tối đa 200 ký tự.' })),
      group: optional(z.enum(slugsOf(OFFICIAL_GROUPS), { error: 'Hãy chọn nhóm trong danh sách.' })),
      field: optional(z.enum(slugsOf(FIELDS), { error: 'Hãy chọn lĩnh vực trong danh sách.' })),
      flag: optional(z.enum(['chua-dap-ung'], { error: 'Giá trị đánh dấu không hợp lệ.' })),
    })
    .superRefine((input, issues) => {
      if (input.mode === 'chon' && input.officialIds.length === 0)
        issues.addIssue({
          code: 'custom',
          path: ['officialIds'],
          message: 'Hãy đánh dấu ít nhất một cán bộ trong danh sách.',
        });
      // Ticked names with "all of them" chosen is ambiguous: ask rather than assign the whole filter.
      if (input.mode === 'loc' && input.officialIds.length > 0) {
        issues.addIssue({
          code: 'custom',
          path: ['mode'],
          message:
            'Anh/chị đã đánh dấu cán bộ trong danh sách nhưng lại chọn giao cho tất cả. Hãy chọn “Chỉ những cán bộ được đánh dấu” hoặc bỏ các dấu chọn.',
        });
      }
    }),
  handler: async (input, context) => {
    const user = requireAdministrator(context, NOT_IN_SCOPE);
    const course = await publishedCourse(input.courseId);
    if (!course)
      throw new ActionError({ code: 'BAD_REQUEST', message: 'Hãy chọn một khóa học đang mở trong danh sách.' });
    if (input.unitId) {
      const found = await findActiveUnitInScope(user, input.unitId);
      if (!found) throw notFound();
      if (found.refusal) throw new ActionError({ code: 'CONFLICT', message: found.refusal });
    }
    const targets: AssignmentTargets =
      input.mode === 'chon'
        ? { kind: 'officials', officialIds: input.officialIds }
        : {
            kind: 'filter',
            filter: {
              unitId: input.unitId,
              jobTitle: input.jobTitle,
              group: input.group,
              field: input.field,
              underqualified: input.flag === 'chua-dap-ung' || undefined,
            },
          };
    const outcome = await assignTraining(getDb(), user, {
      courseId: course.id,
      deadline: parseDeadline(input.deadline)!,
      reason: input.reason,
      targets,
    });
    if (!outcome.ok) {
      // Officials ticked one by one that are all outside the scope (or do not exist): not found, like any id outside it.
      if (input.mode === 'chon') throw notFound();
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'Không có cán bộ nào trong phạm vi quản lý phù hợp với lựa chọn. Hãy chọn lại.',
      });
    }
    const query = new URLSearchParams({
      'da-giao': String(outcome.assigned),
      'da-co': String(outcome.skipped.length),
      'khoa-hoc': course.id,
    });
    if (outcome.skipped.length)
      query.set(
        'bo-qua',
        outcome.skipped
          .slice(0, SKIPPED_SHOWN)
          .map((official) => official.staffCode)
          .join(','),
      );
    return { redirectTo: `/quan-tri/giao-khoa-hoc/?${query}` };
  },
});

export const cancel = defineAction({
  accept: 'form',
  input: z.object({ assignmentId: id('mã giao khóa học') }),
  handler: async ({ assignmentId }, context) => {
    const user = requireAdministrator(context, NOT_IN_SCOPE);
    if (!(await cancelAssignment(getDb(), user, assignmentId)))
      throw new ActionError({
        code: 'NOT_FOUND',
        message: 'Không tìm thấy việc giao khóa học này trong phạm vi quản lý, hoặc nó đã được hủy.',
      });
    return { redirectTo: '/quan-tri/giao-khoa-hoc/qua-han/?da-huy=1' };
  },
});

/** The assignment actions, registered under `assignments` (actions.assignments.assign, …). */
export const assignments = { assign, cancel };
