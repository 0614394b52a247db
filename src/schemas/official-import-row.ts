/**
 * One row of an officials import (tệp nhập danh sách cán bộ), as the administrator typed it in
 * the template, turned into a normalised record. Every reason for refusing a row is a short
 * Vietnamese sentence the administrator can act on. Pure: shared by the server, the template
 * and the tests; checks that need the database (unit in scope, staff code taken elsewhere)
 * live in src/lib/officials-import/validate.ts.
 */
import { z } from 'astro/zod';
import { foldVietnamese } from '../lib/vietnamese.ts';
import { formatIsoDate } from '../lib/format.ts';
import { todayInVietnam } from '../lib/vietnam-time.ts';
import { FIELDS, OFFICIAL_GROUPS, type Term } from './vocabulary.ts';
import { normaliseEmail, normaliseNationalId } from '../lib/auth/sso-linking.ts';

/** The template's columns in order: the key a row is read into and the Vietnamese header. */
export const IMPORT_COLUMNS = [
  { key: 'staffCode', header: 'Mã cán bộ' },
  { key: 'fullName', header: 'Họ và tên' },
  { key: 'unitCode', header: 'Mã đơn vị' },
  { key: 'jobTitle', header: 'Chức danh' },
  { key: 'jobPosition', header: 'Vị trí việc làm' },
  { key: 'group', header: 'Nhóm' },
  { key: 'fields', header: 'Lĩnh vực' },
  { key: 'underqualified', header: 'Chưa đáp ứng yêu cầu chuyên môn' },
  { key: 'underqualifiedSince', header: 'Ngày xác định' },
] as const;

export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

/**
 * Columns a file may leave out (lists made before they existed still import): the work e-mail and
 * the số định danh cá nhân, used to link single sign-on and for password-reset e-mail. An empty
 * cell, or no such column, keeps what is recorded.
 */
export const OPTIONAL_IMPORT_COLUMNS = [
  { key: 'email', header: 'Thư điện tử' },
  { key: 'nationalId', header: 'Số định danh cá nhân' },
] as const;

export type OptionalImportColumnKey = (typeof OPTIONAL_IMPORT_COLUMNS)[number]['key'];

/** Every column of the template, the optional ones last. */
export const TEMPLATE_COLUMNS = [...IMPORT_COLUMNS, ...OPTIONAL_IMPORT_COLUMNS] as const;

/** A row as read from the file: every cell as text ("" when empty); an optional column may be absent. */
export type RawImportRow = Record<ImportColumnKey, string> & Partial<Record<OptionalImportColumnKey, string>>;

/** Folds a header, label or slug for matching: no marks, no case, letters and digits only. */
export function matchKey(text: string): string {
  return foldVietnamese(text).replace(/[^a-z0-9]+/g, '');
}

/** Short labels of the groups, as the template offers them. */
export const GROUP_LABELS: Record<(typeof OFFICIAL_GROUPS)[number]['slug'], string> = {
  'can-bo': 'Cán bộ',
  'lanh-dao-quan-ly': 'Lãnh đạo, quản lý',
  'cong-chuc-chuyen-mon': 'Công chức chuyên môn',
};

/** Every spelling of a group the import accepts, folded: slug, full label, short label. */
const GROUP_BY_KEY = new Map<string, (typeof OFFICIAL_GROUPS)[number]['slug']>();
for (const group of OFFICIAL_GROUPS) {
  for (const spelling of [group.slug, group.label, GROUP_LABELS[group.slug]])
    GROUP_BY_KEY.set(matchKey(spelling), group.slug);
}
GROUP_BY_KEY.set(matchKey('Chuyên môn'), 'cong-chuc-chuyen-mon');

/** Fields of work by folded slug or label. */
const FIELD_BY_KEY = new Map<string, string>();
for (const field of FIELDS as readonly Term[]) {
  FIELD_BY_KEY.set(matchKey(field.slug), field.slug);
  FIELD_BY_KEY.set(matchKey(field.label), field.slug);
}
const FIELD_ORDER = new Map((FIELDS as readonly Term[]).map((field, index) => [field.slug, index]));

const YES = new Set(['co', 'x', '1', 'true', 'yes']);
const NO = new Set(['', 'khong', '0', 'false', 'no']);

/** Staff codes: letters without marks, digits and - . _ (they become sign-in names). Empty is "missing", said once. */
const STAFF_CODE = /^(?:[A-Z0-9][A-Z0-9._-]*)?$/;

/** Text as stored: Unicode NFC (files from other systems may be decomposed), single spaces. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A staff code as the import compares and stores it: trimmed, upper case. */
export function normaliseStaffCode(text: string): string {
  return cleanText(text).toUpperCase();
}

/** "05/07/2026" (also 5/7/2026, 05-07-2026, 05.07.2026) → "2026-07-05"; null when not a real date. */
export function parseVietnameseDate(text: string): string | null {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const requiredCell = (header: string, max: number) =>
  z
    .string()
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, { error: `Thiếu ${header.toLowerCase()}.` })
        .max(max, { error: `${header} dài quá ${max} ký tự.` }),
    );

/** One row of the officials template, normalised. */
export const OfficialImportRowSchema = z
  .object({
    /** Mã cán bộ: unique; the key a later import updates by, and the account's sign-in name. */
    staffCode: z
      .string()
      .transform(normaliseStaffCode)
      .pipe(
        z
          .string()
          .min(1, { error: 'Thiếu mã cán bộ.' })
          .max(50, { error: 'Mã cán bộ dài quá 50 ký tự.' })
          .regex(STAFF_CODE, {
            error: (issue) =>
              `Mã cán bộ "${String(issue.input)}" chỉ được gồm chữ cái không dấu, chữ số, dấu gạch ngang (-), dấu chấm (.) và dấu gạch dưới (_).`,
          }),
      ),
    /** Họ và tên. */
    fullName: requiredCell('Họ và tên', 100),
    /** Mã đơn vị: the unit the official works in (checked against the administrator's scope). */
    unitCode: z
      .string()
      .transform((text) => cleanText(text).toUpperCase())
      .pipe(z.string().min(1, { error: 'Thiếu mã đơn vị.' }).max(50, { error: 'Mã đơn vị dài quá 50 ký tự.' })),
    /** Chức danh. */
    jobTitle: requiredCell('Chức danh', 200),
    /** Vị trí việc làm. */
    jobPosition: requiredCell('Vị trí việc làm', 200),
    /** Nhóm: cán bộ; công chức lãnh đạo, quản lý; công chức chuyên môn (label or slug). */
    group: z.string().transform((text, context) => {
      const cleaned = cleanText(text);
      const slug = GROUP_BY_KEY.get(matchKey(cleaned));
      if (slug) return slug;
      context.addIssue({
        code: 'custom',
        message: cleaned
          ? `Nhóm "${cleaned}" không hợp lệ. Ghi một trong: ${Object.values(GROUP_LABELS).join('; ')}.`
          : `Thiếu nhóm. Ghi một trong: ${Object.values(GROUP_LABELS).join('; ')}.`,
      });
      return z.NEVER;
    }),
    /** Lĩnh vực: labels or slugs separated by ";", stored as slugs in vocabulary order. */
    fields: z.string().transform((text, context) => {
      const slugs = new Set<string>();
      for (const part of text.split(/[;\n]/).map(cleanText).filter(Boolean)) {
        const slug = FIELD_BY_KEY.get(matchKey(part));
        if (slug) slugs.add(slug);
        else
          context.addIssue({
            code: 'custom',
            message: `Lĩnh vực "${part}" không có trong danh mục (xem trang "Danh mục" của tệp mẫu).`,
          });
      }
      return [...slugs].sort((a, b) => FIELD_ORDER.get(a)! - FIELD_ORDER.get(b)!);
    }),
    /** "Chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm": Có / Không (empty means Không). */
    underqualified: z.string().transform((text, context) => {
      const key = matchKey(text);
      if (YES.has(key)) return true;
      if (NO.has(key)) return false;
      context.addIssue({
        code: 'custom',
        message: `Cột "Chưa đáp ứng yêu cầu chuyên môn" chỉ nhận Có hoặc Không (đang ghi "${cleanText(text)}").`,
      });
      return z.NEVER;
    }),
    /** Ngày xác định: the date the flag was set, dd/mm/yyyy; required exactly when the flag is Có. */
    underqualifiedSince: z.string().transform((text, context) => {
      const cleaned = cleanText(text);
      if (!cleaned) return null;
      const iso = parseVietnameseDate(cleaned);
      if (iso) return iso;
      context.addIssue({
        code: 'custom',
        message: `Ngày xác định "${cleaned}" không đúng dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 01/07/2026.`,
      });
      return z.NEVER;
    }),
    /** Thư điện tử: optional; stored lower case. */
    email: z
      .string()
      .optional()
      .transform((text, context) => {
        const cleaned = cleanText(text ?? '');
        if (!cleaned) return null;
        const email = normaliseEmail(cleaned);
        if (email) return email;
        context.addIssue({
          code: 'custom',
          message: `Thư điện tử "${cleaned.slice(0, 100)}" không hợp lệ (ví dụ: ten.can.bo@xa.gov.vn).`,
        });
        return z.NEVER;
      }),
    /** Số định danh cá nhân: optional; 12 digits (spaces and dots typed between them are dropped). */
    nationalId: z
      .string()
      .optional()
      .transform((text, context) => {
        const cleaned = cleanText(text ?? '');
        if (!cleaned) return null;
        const nationalId = normaliseNationalId(cleaned);
        if (nationalId) return nationalId;
        context.addIssue({
          code: 'custom',
          message: `Số định danh cá nhân "${cleaned.slice(0, 30)}" phải gồm đúng 12 chữ số.`,
        });
        return z.NEVER;
      }),
  })
  .superRefine((row, context) => {
    // A field that failed above still holds its raw text: check only what parsed.
    if (typeof row.underqualified !== 'boolean') return;
    const since =
      typeof row.underqualifiedSince === 'string' && row.underqualifiedSince.includes('-')
        ? row.underqualifiedSince
        : null;
    if (row.underqualified && row.underqualifiedSince === null) {
      context.addIssue({
        code: 'custom',
        path: ['underqualifiedSince'],
        message: 'Thiếu ngày xác định (dd/mm/yyyy): bắt buộc khi cột "Chưa đáp ứng yêu cầu chuyên môn" là Có.',
      });
    }
    if (!row.underqualified && since) {
      context.addIssue({
        code: 'custom',
        path: ['underqualifiedSince'],
        message: 'Chỉ ghi ngày xác định khi cột "Chưa đáp ứng yêu cầu chuyên môn" là Có.',
      });
    }
    if (since && since > todayInVietnam()) {
      context.addIssue({
        code: 'custom',
        path: ['underqualifiedSince'],
        message: `Ngày xác định ${formatIsoDate(since)} nằm sau ngày hôm nay.`,
      });
    }
  });

/** A valid row, normalised. */
export type OfficialImportRow = z.output<typeof OfficialImportRowSchema>;

/** Either the normalised row or the Vietnamese reasons it was refused, in column order. */
export function parseOfficialImportRow(
  raw: RawImportRow,
): { ok: true; row: OfficialImportRow } | { ok: false; reasons: string[] } {
  const result = OfficialImportRowSchema.safeParse(raw);
  if (result.success) return { ok: true, row: result.data };
  const order = new Map<string, number>(TEMPLATE_COLUMNS.map((column, index) => [column.key, index]));
  const reasons = [...result.error.issues]
    .sort((a, b) => (order.get(String(a.path[0])) ?? 99) - (order.get(String(b.path[0])) ?? 99))
    .map((issue) => issue.message);
  return { ok: false, reasons: [...new Set(reasons)] };
}
