/**
 * The components a lesson body may use and the attributes each takes. Every attribute is a
 * literal (a quoted string, or a number for LegalRef's year), checked here before the body is
 * compiled; the lesson check refuses anything else, so these schemas are the whole language an
 * author has beyond Markdown.
 */
import { z } from 'astro/zod';
import { PACKAGE_ID_PATTERN } from '../lib/h5p/package-id.ts';
import { mediaPathProblem } from '../lib/safe-url.ts';
import { LegalReferenceSchema } from './legal-reference.ts';

const H5P_HOW =
  '<H5P id="…" title="…">: cần id là mã gói đã nhập ở /quan-tri/h5p/ (chữ thường không dấu, số, gạch ngang) và title, ví dụ <H5P id="phan-loai-don" title="Phân loại đơn" />.';
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** One line of plain text: no control characters, bounded. */
function label(what: string, max = 300) {
  return (
    z
      .string({ error: `${what} phải là chữ trong ngoặc kép.` })
      .trim()
      .min(1, { error: `Thiếu ${what}.` })
      .max(max, { error: `${what} dài quá ${max} ký tự.` })
      // Control characters would reach attributes and screen readers as garbage.
      .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), {
        error: `${what} có ký tự điều khiển: hãy gõ lại bằng chữ thường.`,
      })
  );
}

function slugId(component: string, where: string) {
  return z.string({ error: `<${component}> cần id là chữ trong ngoặc kép.` }).regex(SLUG, {
    error: `<${component} id="…">: id viết thường, không dấu, nối bằng gạch ngang, là tên tệp trong ${where} (không có .yaml).`,
  });
}

const mediaHref = z.string({ error: 'href phải là chữ trong ngoặc kép.' }).superRefine((href, ctx) => {
  const problem = mediaPathProblem(href);
  if (problem)
    ctx.addIssue({ code: 'custom', message: `Tệp tải về: ${problem}, ví dụ href="/media/handouts/mau-so.txt".` });
});

/** Attributes of each lesson component, and whether it may wrap Markdown. */
export const LESSON_COMPONENT_RULES = {
  Video: { attributes: z.strictObject({ id: slugId('Video', 'content/videos/') }), children: false },
  CaseStudy: {
    attributes: z.strictObject({ id: slugId('CaseStudy', 'case-studies/ của một khóa học') }),
    children: false,
  },
  KeyPoints: { attributes: z.strictObject({ title: label('Tiêu đề (title)').optional() }), children: true },
  LegalRef: { attributes: LegalReferenceSchema, children: false },
  Callout: {
    attributes: z.strictObject({
      kind: z
        .enum(['luu-y', 'meo', 'canh-bao', 'vi-du'], {
          error: 'Loại khung (kind) phải là một trong: luu-y, meo, canh-bao, vi-du.',
        })
        .optional(),
      title: label('Tiêu đề (title)').optional(),
    }),
    children: true,
  },
  Download: {
    attributes: z.strictObject({ href: mediaHref, title: label('Tên tệp tải về (title)') }),
    children: false,
  },
  H5P: {
    attributes: z.strictObject({
      id: z.string({ error: H5P_HOW }).regex(PACKAGE_ID_PATTERN, { error: H5P_HOW }),
      title: z.string({ error: H5P_HOW }).trim().min(1, { error: H5P_HOW }).max(300, { error: H5P_HOW }),
    }),
    children: false,
  },
  Quiz: { attributes: z.strictObject({ id: slugId('Quiz', 'quizzes/ của khóa học') }), children: false },
  /** A statement a subject expert must still confirm: shown as "Cần chuyên gia kiểm tra: <lý do>". */
  ExpertCheck: {
    attributes: z.strictObject({ reason: label('Lý do cần chuyên gia kiểm tra (reason)', 1000) }),
    children: false,
  },
} as const;

export type LessonComponentName = keyof typeof LESSON_COMPONENT_RULES;

/** Components a lesson may use; the lesson page provides them, so lessons import nothing. */
export const LESSON_COMPONENTS = Object.keys(LESSON_COMPONENT_RULES) as LessonComponentName[];
