/** GET /api/v1/publishing/jobs/{id}: how far a publication has got, for its progress page. */
import { z } from 'astro/zod';
import { PUBLISH_JOB_STATUSES, PUBLISH_STEPS } from '../../lib/authoring/vocabulary.ts';
import { isoDateTime } from './common.ts';

/** A content problem that stopped the publication, placed in its file. */
const PublishProblemSchema = z.object({
  file: z.string(),
  where: z.string().meta({ description: 'Ví dụ: Bài 2 “Phân loại đơn”.' }),
  field: z.string(),
  message: z.string(),
});

export const PublishJobProgressSchema = z
  .object({
    status: z.enum(PUBLISH_JOB_STATUSES),
    step: z.enum(PUBLISH_STEPS).nullable(),
    percent: z.number().int().min(0).max(100),
    problems: z.array(PublishProblemSchema),
    failure: z.string().nullable().meta({ description: 'Lý do thất bại không do nội dung (tiếng Việt).' }),
    courseId: z.string(),
    courseUrl: z.string(),
    finishedAt: isoDateTime().nullable(),
  })
  .meta({ id: 'PublishJobProgress' });

export const PublishJobParamsSchema = z.object({ id: z.string().meta({ description: 'Mã lượt xuất bản.' }) });

export type PublishJobProgress = z.infer<typeof PublishJobProgressSchema>;
