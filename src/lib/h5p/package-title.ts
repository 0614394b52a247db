/**
 * The title of an H5P activity is author text shown to every learner: plain text only. No markup
 * (no "<" or ">"), no straight double quote (it would end the title="…" of the <H5P> line a
 * lesson embeds it with), no control or invisible direction characters, 1–200 characters after
 * trimming. It is still escaped wherever it is output (Astro escapes text expressions).
 */
import { z } from 'astro/zod';

export const MAX_TITLE_LENGTH = 200;

/** C0/C1 controls (tab and newline included: a title is one line), and bidi overrides/isolates that can reorder text. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The title as the import form sends it; NFC so that "ế" typed two ways is one title. */
export const H5pTitleSchema = z
  .string({ error: 'Hãy nhập tiêu đề hoạt động.' })
  .transform((title) => title.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1, { error: 'Hãy nhập tiêu đề hoạt động.' })
      .max(MAX_TITLE_LENGTH, { error: `Tiêu đề dài tối đa ${MAX_TITLE_LENGTH} ký tự.` })
      .refine((title) => !CONTROL.test(title), {
        error: 'Tiêu đề chỉ là một dòng chữ: không được có ký tự điều khiển, xuống dòng hay ký tự đảo chiều văn bản.',
      })
      .refine((title) => !/[<>]/.test(title), {
        error: 'Tiêu đề chỉ là văn bản thuần: không được có thẻ HTML hay dấu "<", ">".',
      })
      .refine((title) => !title.includes('"'), {
        error: 'Tiêu đề không được có dấu nháy kép thẳng ("); hãy dùng dấu “ ”.',
      }),
  );

/** True when the title is acceptable as it is (already trimmed and normalised). */
export function isPlainTitle(title: string): boolean {
  const parsed = H5pTitleSchema.safeParse(title);
  return parsed.success && parsed.data === title;
}
