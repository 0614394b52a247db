/**
 * Administrators' forms for in-person and blended classes (record a class, its attendees by hand
 * or from an XLSX list) and for training plans. Every handler authorizes first and finds the unit,
 * class or plan through the caller's scope: anything outside it is "not found" (404).
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { ATTENDANCE_RESULTS, CLASS_METHODS, FUNDING_SOURCES, PLAN_SPANS } from '../lib/classes/vocabulary.ts';
import { FIELDS, TRAINING_KINDS, slugsOf } from '../schemas/vocabulary.ts';
import { MAX_ATTENDANCE_BYTES, importAttendance } from '../lib/server/classes/attendance-import.ts';
import { parseScore } from '../lib/classes/attendance-rows.ts';
import { UploadBusyError } from '../lib/server/uploads/upload-slots.ts';
import {
  AttendanceRefused,
  createClass,
  findClassInScope,
  isInstructorAccount,
  officialsByCodeInScope,
  recordAttendances,
  setClassInstructor,
} from '../lib/server/classes/class-store.ts';
import { isCalendarDate } from '../lib/vietnam-time.ts';
import { findActiveUnitInScope } from '../lib/server/org/scope.ts';
import { parsePlanRows, PLAN_FIELDS } from '../lib/plans/plan-input.ts';
import { findPlanInScope, savePlan as storePlan } from '../lib/server/plans/plan-store.ts';
import { formatBytes } from '../lib/format.ts';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';

const notFound = (what = 'lớp học hoặc đơn vị') =>
  new ActionError({ code: 'NOT_FOUND', message: `Không tìm thấy ${what} trong phạm vi quản lý.` });
const id = (what: string) =>
  z
    .string({ error: `Thiếu ${what}.` })
    .regex(/^[a-z0-9]{1,64}$/, { error: `${what[0].toUpperCase()}${what.slice(1)} không hợp lệ.` });
const text = (what: string, max = 300) =>
  z
    .string({ error: `Hãy nhập ${what}.` })
    .trim()
    .min(1, { error: `Hãy nhập ${what}.` })
    .max(max, { error: `${what[0].toUpperCase()}${what.slice(1)} dài tối đa ${max} ký tự.` });
const date = (what: string) =>
  z
    .string({ error: `Hãy nhập ${what}.` })
    .trim()
    .min(1, { error: `Hãy nhập ${what}.` })
    .refine(isCalendarDate, {
      error: `${what[0].toUpperCase()}${what.slice(1)} không hợp lệ. Hãy nhập một ngày có thật, ví dụ 15/07/2026.`,
    });

/** "Giảng viên phụ trách": optional; an empty choice (or a missing field) means nobody. */
const instructorChoice = z
  .string()
  .regex(/^[a-z0-9]{0,64}$/, { error: 'Giảng viên phụ trách không hợp lệ.' })
  .nullish()
  .transform((value) => value ?? '');

async function checkInstructor(userId: string): Promise<void> {
  if (userId && !(await isInstructorAccount(userId))) {
    throw new ActionError({
      code: 'BAD_REQUEST',
      message: 'Người được chọn không phải giảng viên. Hãy chọn lại giảng viên phụ trách.',
    });
  }
}

export const recordClass = defineAction({
  accept: 'form',
  input: z
    .object({
      unitId: id('đơn vị'),
      kind: z.enum(slugsOf(TRAINING_KINDS), { error: 'Hãy chọn loại hình bồi dưỡng.' }),
      // Optional: a class without a field counts for no field in indicator 3 (training in one's own field).
      field: z
        .union([z.enum(slugsOf(FIELDS), { error: 'Hãy chọn lĩnh vực trong danh sách.' }), z.literal('')])
        .nullish()
        .transform((value) => value || null),
      content: text('nội dung bồi dưỡng', 500),
      method: z.enum(CLASS_METHODS, { error: 'Hãy chọn hình thức tổ chức.' }),
      startsOn: date('ngày bắt đầu'),
      endsOn: date('ngày kết thúc'),
      hours: z
        .string({ error: 'Hãy nhập số giờ.' })
        .trim()
        .regex(/^\d{1,4}([.,]\d)?$/, { error: 'Số giờ phải là một số, ví dụ 16 hoặc 7,5.' })
        .transform((value) => Number(value.replace(',', '.')))
        .refine((value) => value > 0 && value <= 2000, { error: 'Số giờ phải lớn hơn 0 và không quá 2.000.' }),
      place: text('địa điểm'),
      organiser: text('cơ quan tổ chức'),
      funding: z.enum(FUNDING_SOURCES, { error: 'Hãy chọn nguồn kinh phí.' }),
      instructorUserId: instructorChoice,
    })
    .superRefine((input, issues) => {
      if (isCalendarDate(input.startsOn) && isCalendarDate(input.endsOn) && input.endsOn < input.startsOn) {
        issues.addIssue({ code: 'custom', path: ['endsOn'], message: 'Ngày kết thúc không được trước ngày bắt đầu.' });
      }
    }),
  handler: async (input, context) => {
    const user = requireSignedIn(context);
    const found = await findActiveUnitInScope(user, input.unitId);
    if (!found) throw notFound('đơn vị');
    if (found.refusal) throw new ActionError({ code: 'CONFLICT', message: found.refusal });
    await checkInstructor(input.instructorUserId);
    const classId = await createClass(user, { ...input, instructorUserId: input.instructorUserId || null });
    return { redirectTo: `/quan-tri/lop-hoc/${classId}/?da-luu=lop` };
  },
});

export const addAttendee = defineAction({
  accept: 'form',
  input: z.object({
    classId: id('mã lớp'),
    staffCode: text('mã cán bộ', 64),
    result: z.enum(ATTENDANCE_RESULTS, { error: 'Hãy chọn kết quả.' }),
    // An empty field arrives as null.
    score: z
      .string()
      .trim()
      .max(10, { error: 'Điểm không hợp lệ.' })
      .nullish()
      .transform((value) => value ?? ''),
    certificateNumber: z
      .string()
      .trim()
      .max(100, { error: 'Số chứng chỉ dài tối đa 100 ký tự.' })
      .nullish()
      .transform((value) => value ?? ''),
  }),
  handler: async (input, context) => {
    const user = requireSignedIn(context);
    const found = await findClassInScope(user, input.classId);
    if (!found) throw notFound();
    const code = input.staffCode.toUpperCase();
    const official = (await officialsByCodeInScope(user, [code])).get(code);
    if (!official)
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: `Không tìm thấy cán bộ có mã ${code} trong phạm vi quản lý.`,
      });
    const score = parseScore(input.score);
    if (score !== null && typeof score === 'object')
      throw new ActionError({ code: 'BAD_REQUEST', message: score.error });
    if (input.result === 'vang' && input.certificateNumber)
      throw new ActionError({ code: 'BAD_REQUEST', message: 'Cán bộ vắng không thể có số chứng chỉ.' });
    try {
      // A final result before the class's last day is refused here (result-timing.ts), nothing written.
      await recordAttendances(
        user,
        found.trainingClass,
        [{ officialId: official.id, result: input.result, score, certificateNumber: input.certificateNumber || null }],
        'record-class',
      );
    } catch (error) {
      if (error instanceof AttendanceRefused) throw new ActionError({ code: 'BAD_REQUEST', message: error.message });
      throw error;
    }
    return { redirectTo: `/quan-tri/lop-hoc/${found.trainingClass.id}/?da-luu=hoc-vien` };
  },
});

export const importAttendees = defineAction({
  accept: 'form',
  input: z.object({
    classId: id('mã lớp'),
    file: z
      .instanceof(File, { error: 'Hãy chọn tệp danh sách học viên (.xlsx).' })
      .refine((file) => file.size > 0, { error: 'Hãy chọn tệp danh sách học viên (.xlsx).' })
      .refine((file) => file.size <= MAX_ATTENDANCE_BYTES, {
        error: `Tệp lớn quá ${formatBytes(MAX_ATTENDANCE_BYTES)}. Hãy chia danh sách thành nhiều tệp.`,
      }),
  }),
  handler: async (input, context) => {
    const user = requireSignedIn(context);
    const found = await findClassInScope(user, input.classId);
    if (!found) throw notFound();
    let outcome;
    try {
      outcome = await importAttendance(user, found.trainingClass, new Uint8Array(await input.file.arrayBuffer()));
    } catch (error) {
      // The user (or everyone) already has as many uploads in flight as allowed.
      if (error instanceof UploadBusyError)
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: error.message });
      throw error;
    }
    if (!outcome.ok) {
      // One line per row error; the page lists them in the error summary. Nothing was written.
      throw new ActionError({
        code: 'BAD_REQUEST',
        message:
          outcome.errors
            .slice(0, 50)
            .map((error) => error.message)
            .join('\n') + (outcome.errors.length > 50 ? `\nCòn ${outcome.errors.length - 50} lỗi nữa.` : ''),
      });
    }
    return { redirectTo: `/quan-tri/lop-hoc/${found.trainingClass.id}/?da-luu=nhap&so=${outcome.recorded}` };
  },
});

export const setInstructor = defineAction({
  accept: 'form',
  input: z.object({ classId: id('mã lớp'), instructorUserId: instructorChoice }),
  handler: async (input, context) => {
    const user = requireSignedIn(context);
    const found = await findClassInScope(user, input.classId);
    if (!found) throw notFound();
    await checkInstructor(input.instructorUserId);
    await setClassInstructor(user, found.trainingClass, input.instructorUserId || null);
    return { redirectTo: `/quan-tri/lop-hoc/${found.trainingClass.id}/?da-luu=giang-vien` };
  },
});

const column = z
  .array(z.string().max(500, { error: 'Mỗi ô dài tối đa 500 ký tự.' }))
  .max(200, { error: 'Một kế hoạch có tối đa 200 dòng.' })
  .default([]);

export const savePlan = defineAction({
  accept: 'form',
  input: z.object({
    planId: z
      .string()
      .regex(/^[a-z0-9]{0,64}$/)
      .nullish()
      .transform((value) => value ?? ''),
    unitId: id('đơn vị'),
    span: z.enum(PLAN_SPANS, { error: 'Hãy chọn kế hoạch năm hay giai đoạn.' }),
    period: z
      .string({ error: 'Hãy nhập năm hoặc giai đoạn.' })
      .trim()
      .regex(/^(20\d\d)(-20\d\d)?$/, { error: 'Hãy nhập năm (ví dụ 2027) hoặc giai đoạn (ví dụ 2026-2028).' }),
    title: text('tên kế hoạch'),
    ...Object.fromEntries(PLAN_FIELDS.map((field) => [field, column])),
  }),
  handler: async (input, context) => {
    const user = requireSignedIn(context);
    const found = await findActiveUnitInScope(user, input.unitId);
    if (!found) throw notFound('đơn vị');
    if (found.refusal) throw new ActionError({ code: 'CONFLICT', message: found.refusal });
    const { unit } = found;
    if (input.planId) {
      const plan = await findPlanInScope(user, input.planId);
      if (!plan || plan.unit.id !== unit.id) throw notFound('kế hoạch');
    }
    const span = input.period.includes('-') ? 'giai-doan' : 'nam';
    if (span !== input.span)
      throw new ActionError({
        code: 'BAD_REQUEST',
        message:
          span === 'nam'
            ? 'Kế hoạch giai đoạn cần ghi giai đoạn, ví dụ 2026-2028.'
            : 'Kế hoạch năm chỉ ghi một năm, ví dụ 2027.',
      });
    const parsed = parsePlanRows(input as unknown as Record<(typeof PLAN_FIELDS)[number], string[]>);
    if ('errors' in parsed) throw new ActionError({ code: 'BAD_REQUEST', message: parsed.errors.join('\n') });
    const planId = await storePlan(
      user,
      unit,
      input.planId || undefined,
      { span, period: input.period, title: input.title },
      parsed.items,
    );
    if (!planId)
      throw new ActionError({
        code: 'CONFLICT',
        message: `${unit.name} đã có kế hoạch cho ${input.period}. Hãy mở kế hoạch đó để sửa.`,
      });
    return { redirectTo: `/quan-tri/ke-hoach/${planId}/?da-luu=1` };
  },
});

/** Class and plan actions, registered under `classes` (actions.classes.recordClass, …). */
export const classes = { recordClass, addAttendee, importAttendees, setInstructor, savePlan };
