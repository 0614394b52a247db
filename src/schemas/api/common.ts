/**
 * Pieces shared by the JSON API's request and response schemas: the error body every endpoint
 * answers with, and the small value shapes (instants, calendar dates). Machine codes in the API
 * are English (`in_progress`); the words shown to people stay Vietnamese in the UI.
 */
import { z } from 'astro/zod';

/** One problem with a request; `path` as "events.3.lessonId" ("" for the body itself). */
export const ApiIssueSchema = z.object({
  path: z.string().meta({ description: 'Trường có lỗi, dạng "events.3.lessonId".' }),
  message: z.string(),
});

/** The body of every refusal: a Vietnamese sentence for people, and the fields at fault if any. */
export const ApiErrorSchema = z
  .object({
    error: z.string().meta({ description: 'Thông báo cho người dùng, tiếng Việt.' }),
    issues: z.array(ApiIssueSchema).optional(),
  })
  .meta({ id: 'Error' });

export type ApiIssue = z.infer<typeof ApiIssueSchema>;
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** An instant in ISO 8601 as the server writes it (`Date#toISOString`). */
export const isoDateTime = () => z.iso.datetime({ offset: true });

/** A calendar date, YYYY-MM-DD. */
export const isoDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .meta({ format: 'date' });

/** The same key, a new value: the English code of each old Vietnamese slug. */
export type CodeMap<Old extends string, New extends string> = Readonly<Record<Old, New>>;

/**
 * A code that is English now but was a Vietnamese slug in the previous release: accepts both,
 * gives the English code, and documents the old slugs as deprecated (kept for one release).
 */
export function codeAcceptingOldSlugs<Old extends string, New extends string>(codes: CodeMap<Old, New>, error: string) {
  const current = [...new Set(Object.values(codes))] as [New, ...New[]];
  const old = Object.keys(codes) as [Old, ...Old[]];
  return z.union(
    [
      z.enum(current),
      z
        .enum(old)
        .transform((slug) => codes[slug])
        .meta({
          deprecated: true,
          description:
            'Mã cũ (tiếng Việt) của bản phát hành trước, vẫn được nhận thêm một bản phát hành: dùng mã tiếng Anh.',
        }),
    ],
    { error },
  );
}
