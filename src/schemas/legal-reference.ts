import { z } from 'astro/zod';
import { isWebUrl } from '../lib/safe-url.ts';
import { isCalendarDate, todayInVietnam } from '../lib/vietnam-time.ts';
import { requiredText } from './messages.ts';

/** Kinds of legal document a lesson may cite. */
export const LEGAL_DOCUMENT_TYPES = [
  'Hiến pháp',
  'Luật',
  'Nghị quyết',
  'Nghị định',
  'Quyết định',
  'Thông tư',
  'Chỉ thị',
  'Kết luận',
  'Kế hoạch',
] as const;

const CHECKED_EXAMPLE = 'ví dụ 2026-12-07 (trong bài học: checked="2026-12-07")';

/**
 * The day someone last checked that the cited text is still in force, YYYY-MM-DD. YAML reads an
 * unquoted date as a Date, so one is taken back to its calendar date before the check.
 */
export const CheckedDateSchema = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({
      error: `Thiếu ngày kiểm tra văn bản (checked): ghi ngày bạn đối chiếu văn bản còn hiệu lực, dạng năm-tháng-ngày, ${CHECKED_EXAMPLE}.`,
    })
    .refine(isCalendarDate, {
      error: `Ngày kiểm tra văn bản (checked) phải là một ngày có thật, dạng năm-tháng-ngày, ${CHECKED_EXAMPLE}.`,
    })
    // Checked "later" is a promise, not a check: a future date is refused.
    .refine((value) => value <= todayInVietnam(), {
      error: (issue) =>
        `Ngày kiểm tra văn bản (checked) ${String(issue.input)} chưa tới: chỉ ghi ngày đã thực sự đối chiếu văn bản, muộn nhất là hôm nay (${todayInVietnam()}).`,
    }),
);

/** A citation of a legal document (văn bản quy phạm pháp luật or a government plan). */
export const LegalReferenceSchema = z
  .strictObject({
    /** Kind of document, e.g. "Luật", "Nghị định". */
    type: z.enum(LEGAL_DOCUMENT_TYPES, {
      error: `Loại văn bản không hợp lệ. Dùng một trong: ${LEGAL_DOCUMENT_TYPES.join(', ')}.`,
    }),
    /** Official number and symbol, e.g. "72/2025/QH15" or "700/QĐ-TTg". */
    number: z
      .string(requiredText('số, ký hiệu văn bản (ví dụ 72/2025/QH15)'))
      .regex(/^[0-9]+[0-9A-Za-zĐđ/-]*$/, {
        error: 'Số, ký hiệu văn bản phải bắt đầu bằng số, ví dụ "124/2020/NĐ-CP".',
      })
      .optional(),
    /** Year of issue. */
    year: z
      .number({ error: 'Năm ban hành phải là một số, ví dụ 2020.' })
      .int()
      .min(1945, { error: 'Năm ban hành phải từ 1945 trở đi.' })
      .max(2100, { error: 'Năm ban hành không hợp lệ.' }),
    /** Short title as people say it, e.g. "Luật Khiếu nại". */
    title: z.string(requiredText('tên văn bản')).min(3, requiredText('tên văn bản')),
    /** Article or clause cited, e.g. "Điều 7, khoản 2". */
    article: z.string().optional(),
    /** Link to the official text, if any. */
    url: z
      .string({ error: 'Đường dẫn văn bản phải là một địa chỉ web đầy đủ (https://...).' })
      .refine(isWebUrl, {
        error: 'Đường dẫn văn bản phải là một địa chỉ web đầy đủ bắt đầu bằng https:// hoặc http://.',
      })
      .optional(),
    /** When the citation was last checked against the official text (YYYY-MM-DD), shown to learners. */
    checked: CheckedDateSchema,
  })
  .superRefine((reference, ctx) => {
    if (isCalendarDate(String(reference.checked)) && reference.checked.slice(0, 4) < String(reference.year)) {
      ctx.addIssue({
        code: 'custom',
        path: ['checked'],
        message: `Ngày kiểm tra văn bản (checked) ${reference.checked} sớm hơn năm ban hành ${reference.year}: hãy ghi ngày bạn đối chiếu văn bản.`,
      });
    }
    // Only the Constitution is cited without a number ("Hiến pháp năm 2013").
    if (reference.number === undefined && reference.type !== 'Hiến pháp') {
      ctx.addIssue({
        code: 'custom',
        path: ['number'],
        message: 'Thiếu số, ký hiệu văn bản (number), ví dụ "124/2020/NĐ-CP". Chỉ Hiến pháp được để trống.',
      });
    }
  });

export type LegalReference = z.infer<typeof LegalReferenceSchema>;
