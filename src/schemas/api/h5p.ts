/**
 * POST /api/v1/h5p/results: one answered or completed xAPI statement of an H5P activity, sent
 * by the lesson page for the signed-in learner, and the learner's practice result it leaves.
 */
import { z } from 'astro/zod';
import { PACKAGE_ID_PATTERN } from '../../lib/h5p/package-id.ts';
import { isoDateTime } from './common.ts';

const contentId = z
  .string({ error: 'Mã nội dung phải là chữ.' })
  .max(200, { error: 'Mã nội dung quá dài.' })
  .regex(/^[a-z0-9][a-z0-9/-]*$/, { error: 'Mã nội dung không hợp lệ.' });

/** The body: the activity, where it was played, and what the statement reports. */
export const H5pStatementSchema = z
  .strictObject({
    /** The activity (package) id, as in <H5P id="…" />. */
    packageId: z
      .string({ error: 'Thiếu mã hoạt động H5P (packageId).' })
      .regex(PACKAGE_ID_PATTERN, { error: 'Mã hoạt động H5P không hợp lệ.' }),
    /** The course of the lesson the activity was played in, if any. */
    courseId: contentId.optional(),
    /** The lesson ("<courseId>/<slug>") the activity was played in, if any. */
    lessonId: contentId.optional(),
    /** The xAPI verb, by its last word. */
    verb: z.enum(['answered', 'completed'], { error: 'verb phải là "answered" hoặc "completed".' }),
    /** The score the statement reports; scaled is derived here as raw / max. */
    score: z
      .strictObject({
        raw: z
          .number({ error: 'Điểm đạt được (raw) phải là số.' })
          .min(0, { error: 'Điểm đạt được (raw) không được âm.' })
          .max(1_000_000),
        max: z
          .number({ error: 'Điểm tối đa (max) phải là số.' })
          .positive({ error: 'Điểm tối đa (max) phải lớn hơn 0.' })
          .max(1_000_000),
      })
      .refine((score) => score.raw <= score.max, {
        error: 'Điểm đạt được (raw) không được lớn hơn điểm tối đa (max).',
        path: ['raw'],
      })
      .optional(),
    /** Whether the learner passed, when the activity says. */
    success: z.boolean({ error: 'success phải là true hoặc false.' }).optional(),
    /** Whether the activity counts itself finished, when it says. */
    completion: z.boolean({ error: 'completion phải là true hoặc false.' }).optional(),
  })
  .superRefine((result, ctx) => {
    if (result.lessonId && !result.courseId)
      ctx.addIssue({ code: 'custom', path: ['courseId'], message: 'Có lessonId thì phải có courseId.' });
    if (result.lessonId && result.courseId && !result.lessonId.startsWith(`${result.courseId}/`)) {
      ctx.addIssue({ code: 'custom', path: ['lessonId'], message: 'Bài học không thuộc khóa học đã nêu.' });
    }
  })
  .meta({ id: 'H5pStatement' });

/** The learner's practice result of the activity after this statement. */
export const H5pPracticeResultSchema = z
  .object({
    packageId: z.string(),
    statements: z.number().int().min(1).meta({ description: 'Số câu lệnh đã nhận (answered hoặc completed).' }),
    lastRaw: z.number().nullable(),
    lastMax: z.number().nullable(),
    bestScaled: z.number().min(0).max(1).nullable().meta({ description: 'Điểm cao nhất, tỉ lệ 0–1 (raw / max).' }),
    completedAt: isoDateTime().nullable().meta({ description: 'Lần đầu hoạt động được làm xong.' }),
  })
  .meta({ id: 'H5pPracticeResult' });

export type H5pStatement = z.infer<typeof H5pStatementSchema>;
export type H5pPracticeResult = z.infer<typeof H5pPracticeResultSchema>;
