import { z } from 'astro/zod';
import { LegalReferenceSchema } from './legal-reference.ts';
import { notInVocabulary, positiveNumber, requiredText } from './messages.ts';
import { AUDIENCES, FIELDS, TRAINING_KINDS, slugsOf } from './vocabulary.ts';

/** Publication status: drafts never appear on the published site. */
export const COURSE_STATUSES = ['draft', 'published'] as const;

/** An instructor named on a course. */
export const InstructorSchema = z.strictObject({
  /** Full name, e.g. "ThS. Nguyễn Thị Lan". */
  name: z.string(requiredText('tên giảng viên')).min(2, requiredText('tên giảng viên')),
  /** Where they work, e.g. "Trường Chính trị tỉnh". */
  organisation: z.string().optional(),
});

/** A course: the `course.yaml` at the root of each folder in content/courses/. */
export const CourseSchema = z.strictObject({
  /** Title shown in the catalog and on certificates. */
  title: z.string(requiredText('tên khóa học (title)')).min(5, {
    error: 'Tên khóa học (title) quá ngắn: hãy ghi tên đầy đủ, ít nhất 5 ký tự.',
  }),
  /** One or two sentences for the catalog card. */
  summary: z.string(requiredText('tóm tắt (summary)')).min(20, {
    error: 'Tóm tắt (summary) quá ngắn: hãy viết một đến hai câu, ít nhất 20 ký tự.',
  }),
  /** Kind of training (loại hình bồi dưỡng). */
  kind: z.enum(slugsOf(TRAINING_KINDS), notInVocabulary('Loại hình bồi dưỡng (kind)', TRAINING_KINDS)),
  /** Fields of work or auxiliary skills covered. */
  fields: z
    .array(z.enum(slugsOf(FIELDS), notInVocabulary('Lĩnh vực (fields)', FIELDS)))
    .min(1, { error: 'Cần ít nhất một lĩnh vực (fields) để học viên tìm thấy khóa học.' }),
  /** Who the course is for: groups of officials and job titles. */
  audiences: z
    .array(z.enum(slugsOf(AUDIENCES), notInVocabulary('Đối tượng (audiences)', AUDIENCES)))
    .min(1, { error: 'Cần ít nhất một đối tượng (audiences).' }),
  /** Study hours (giờ học). */
  hours: z
    .number({ error: 'Số giờ học (hours) phải là một số, ví dụ 8.' })
    .positive(positiveNumber('Số giờ học (hours)')),
  /** Length in days as the plan counts it (ngày). */
  days: z.number({ error: 'Số ngày (days) phải là một số, ví dụ 1.' }).positive(positiveNumber('Số ngày (days)')),
  /** What a learner can do after the course. */
  objectives: z
    .array(z.string().min(5))
    .min(1, { error: 'Cần ít nhất một mục tiêu (objectives): học xong, học viên làm được gì?' }),
  /** Legal bases of the course content. */
  legalBases: z.array(LegalReferenceSchema).default([]),
  /** Content version; raise it when lessons change in substance. */
  version: z
    .number({ error: 'Phiên bản (version) phải là một số nguyên, ví dụ 1.' })
    .int({ error: 'Phiên bản (version) phải là một số nguyên, ví dụ 1.' })
    .positive(positiveNumber('Phiên bản (version)')),
  /** Instructors who wrote or teach the course. */
  instructors: z.array(InstructorSchema).min(1, { error: 'Cần ít nhất một giảng viên (instructors).' }),
  /** Draft or published. */
  status: z.enum(COURSE_STATUSES, {
    error: 'Trạng thái (status) phải là "draft" (bản nháp) hoặc "published" (đã xuất bản).',
  }),
  /** True for demonstration material that is not an official programme. */
  sample: z.boolean().default(false),
  /** Date of the last substantive update. */
  updated: z.coerce.date({ error: 'Ngày cập nhật (updated) phải có dạng YYYY-MM-DD, ví dụ 2026-11-20.' }),
});

export type Course = z.infer<typeof CourseSchema>;
