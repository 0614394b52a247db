/**
 * What a content reviewer types to record a course as the online part of a recognised programme,
 * as a zod schema with Vietnamese messages (the action validates with it and the store checks it
 * again). Pure.
 */
import { z } from 'astro/zod';
import { programmeProblem } from '../credited-hours.ts';

const COURSE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `Hãy nhập ${label}.` })
    .trim()
    .min(min, { error: `Hãy nhập ${label}.` })
    .max(max, { error: `${label[0]!.toUpperCase()}${label.slice(1)} dài tối đa ${max} ký tự.` });

/** Hours in half hours, from a form field ("80", "16,5", "16.5"). */
const hours = (label: string) =>
  z.preprocess(
    (value) =>
      typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value.trim().replace(',', '.'))) : value,
    z
      .number({ error: `${label} phải là một số giờ, ví dụ 16.` })
      .refine((value) => Number.isFinite(value) && value > 0, { error: `${label} phải lớn hơn 0.` })
      .refine((value) => value <= 2000, { error: `${label} không quá 2.000 giờ.` })
      .refine((value) => Number.isInteger(value * 2), { error: `${label} tính theo nửa giờ, ví dụ 16 hoặc 16,5.` }),
  );

/** A calendar day that exists, YYYY-MM-DD, not after today is checked by the store. */
const day = z
  .string({ error: 'Hãy nhập ngày ban hành quyết định.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Ngày ban hành phải có dạng năm-tháng-ngày, ví dụ 2027-01-15.' })
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '2000-01-01';
    },
    { error: 'Ngày ban hành không có thật trên lịch.' },
  );

export const ProgrammeInputSchema = z
  .object({
    course: z.string({ error: 'Thiếu mã khóa học.' }).regex(COURSE_ID, { error: 'Mã khóa học không hợp lệ.' }),
    programmeName: text('tên chương trình', 5, 300),
    decisionNumber: text('số quyết định', 3, 60).regex(/^[\p{L}\p{N}/.\-–\s]+$/u, {
      error: 'Số quyết định chỉ gồm chữ, số và các dấu / . -, ví dụ 125/QĐ-UBND.',
    }),
    decisionDate: day,
    issuer: text('cơ quan ban hành', 3, 200),
    programmeHours: hours('Tổng số giờ của chương trình'),
    onlineHours: hours('Số giờ học trực tuyến'),
  })
  .superRefine((input, ctx) => {
    const problem = programmeProblem(input);
    if (problem) ctx.addIssue({ code: 'custom', path: ['onlineHours'], message: problem });
  });

export type ProgrammeInput = z.infer<typeof ProgrammeInputSchema>;
