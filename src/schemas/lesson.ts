import { z } from 'astro/zod';
import { positiveNumber, requiredText } from './messages.ts';

/**
 * A lesson: the frontmatter of `content/courses/<course>/lessons/NN-slug.mdx`.
 * The course comes from the folder and the order from the number NN in the file name.
 */
export const LessonSchema = z.strictObject({
  /** Lesson title. */
  title: z.string(requiredText('tên bài học (title)')).min(3, requiredText('tên bài học (title)')),
  /** One sentence for the outline. */
  summary: z.string(requiredText('tóm tắt bài học (summary)')).min(10, {
    error: 'Tóm tắt bài học (summary) quá ngắn: hãy viết một câu, ít nhất 10 ký tự.',
  }),
  /** Estimated study time in minutes. */
  minutes: z
    .number({ error: 'Thời lượng (minutes) phải là số phút, ví dụ 15.' })
    .int({ error: 'Thời lượng (minutes) phải là số phút nguyên, ví dụ 15.' })
    .positive(positiveNumber('Thời lượng (minutes)')),
  /** Required lessons count toward completion; optional ones do not. */
  required: z.boolean({ error: 'Bắt buộc (required) phải là true hoặc false.' }).default(true),
});

export type Lesson = z.infer<typeof LessonSchema>;
