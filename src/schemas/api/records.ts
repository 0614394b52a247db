/**
 * The records API for the training-quality records system: GET /api/v1/records (training records
 * of the officials in the API token's unit subtree, paginated). Codes in the answer are English;
 * the records are kept with Vietnamese slugs, which the maps below translate at the edge.
 * Until the next release the `kind` parameter also takes the old slugs.
 */
import { z } from 'astro/zod';
import type { TrainingResult } from '../../lib/classes/vocabulary.ts';
import { vietnamMidnight } from '../../lib/vietnam-time.ts';
import type { TrainingKind } from '../vocabulary.ts';
import { codeAcceptingOldSlugs, isoDate } from './common.ts';

/** Largest page the API gives. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

/** Each training kind of the shared vocabulary (Decision 700's loại hình bồi dưỡng) as the API names it. */
export const TRAINING_KIND_CODES = {
  'chuyen-mon-chuyen-nganh': 'specialised_knowledge',
  'kien-thuc-chung-qlnn': 'general_state_management',
  'qlnn-lanh-dao-quan-ly': 'leadership_management',
  'tap-huan-nghiep-vu': 'professional_skills',
  'ky-nang-bo-tro': 'supplementary_skills',
} as const satisfies Record<TrainingKind, string>;

/** Online on the platform, or a class recorded by an administrator (in person or blended). */
export const TRAINING_MODE_CODES = { 'truc-tuyen': 'online', 'truc-tiep': 'in_person', 'ket-hop': 'blended' } as const;

/** passed: passed the final test online; completed; not_completed; absent; enrolled (a class not yet ended). */
export const TRAINING_RESULT_CODES = {
  dat: 'passed',
  'hoan-thanh': 'completed',
  'khong-hoan-thanh': 'not_completed',
  vang: 'absent',
  'da-dang-ky': 'enrolled',
} as const satisfies Record<TrainingResult, string>;

export const CERTIFICATE_STATUS_CODES = { 'con-hieu-luc': 'valid', 'da-thu-hoi': 'revoked' } as const;

export type TrainingKindCode = (typeof TRAINING_KIND_CODES)[TrainingKind];

const codesOf = <T extends Record<string, string>>(map: T) => Object.values(map) as [T[keyof T], ...T[keyof T][]];

/** The vocabulary slug of an API training kind code. */
export function trainingKindOfCode(code: TrainingKindCode): TrainingKind {
  return (Object.keys(TRAINING_KIND_CODES) as TrainingKind[]).find((slug) => TRAINING_KIND_CODES[slug] === code)!;
}

const dateParam = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Tham số ${label} phải là ngày dạng YYYY-MM-DD, ví dụ 2026-01-31.` })
    .refine((value) => !Number.isNaN(vietnamMidnight(value)), {
      error: `Tham số ${label} không phải một ngày có thật.`,
    })
    .meta({ format: 'date' });

/** A whole number in the query string; documented as the integer it stands for. */
const integerParam = (label: string, min: number, max: number, defaultValue: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, { error: `Tham số ${label} phải là số nguyên dương.` })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { error: `Tham số ${label} phải từ ${min} đến ${max}.` })
    .meta({ type: 'integer', minimum: min, maximum: max, default: defaultValue, pattern: undefined });

/** The query string of GET /api/v1/records. Unknown parameters are refused, so a typo is not silently ignored. */
export const RecordsQuerySchema = z
  .strictObject(
    {
      unit: z
        .string()
        .regex(/^[a-z0-9]{1,64}$/, { error: 'Tham số unit phải là mã định danh đơn vị (chữ thường và số).' })
        .optional()
        .meta({ description: 'Mã định danh đơn vị (gồm các đơn vị trực thuộc); phải nằm trong phạm vi mã truy cập.' }),
      from: dateParam('from').optional().meta({ description: 'Từ ngày (tính cả ngày này, giờ Việt Nam).' }),
      to: dateParam('to').optional().meta({
        description: 'Đến ngày (tính cả ngày này). Cán bộ được tính vào đơn vị họ công tác vào cuối ngày này.',
      }),
      kind: codeAcceptingOldSlugs(
        TRAINING_KIND_CODES,
        `Tham số kind phải là một trong: ${codesOf(TRAINING_KIND_CODES).join(', ')}.`,
      )
        .optional()
        .meta({ description: 'Loại hình bồi dưỡng.' }),
      page: integerParam('page', 1, 1_000_000, 1).optional(),
      pageSize: integerParam('pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? `Tham số không được hỗ trợ: ${issue.keys.join(', ')}.` : undefined,
    },
  )
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    error: 'Ngày from phải trước hoặc bằng ngày to.',
    path: ['to'],
  });

export type RecordsQuery = z.infer<typeof RecordsQuerySchema>;

const UnitRefSchema = z.object({ id: z.string(), code: z.string(), name: z.string() });

/** One training of one official: an online course completed, or a class attended. */
export const TrainingRecordSchema = z
  .object({
    staffCode: z.string().meta({ description: 'Mã cán bộ (định danh cán bộ; không dùng thư điện tử).' }),
    fullName: z.string(),
    unit: UnitRefSchema.meta({
      description:
        'Đơn vị của cán bộ vào ngày cuối kỳ lọc theo `to` (theo lịch sử thay đổi hồ sơ, kể cả khi đơn vị được hợp nhất); không có `to`: đơn vị hiện tại.',
    }),
    mode: z
      .enum(codesOf(TRAINING_MODE_CODES))
      .meta({ description: 'online: trực tuyến; in_person: trực tiếp; blended: kết hợp.' }),
    trainingId: z.string().meta({ description: 'Mã khóa học (trực tuyến) hoặc mã lớp (trực tiếp, kết hợp).' }),
    title: z.string(),
    kind: z
      .enum(codesOf(TRAINING_KIND_CODES))
      .nullable()
      .meta({ description: 'Loại hình bồi dưỡng; null khi khóa học trực tuyến không còn được đăng.' }),
    hours: z.number().nullable().meta({
      description:
        'Số giờ được ghi nhận: số giờ nội dung khóa học thực có, số giờ học trực tuyến theo quyết định phê duyệt chương trình, hoặc số giờ của lớp.',
    }),
    hoursBasis: z.string().meta({
      description:
        'Căn cứ số giờ: "theo nội dung khóa học", "theo Quyết định số … ngày … của …" hoặc "theo lớp bồi dưỡng đã ghi nhận".',
    }),
    startsOn: isoDate(),
    endsOn: isoDate(),
    result: z
      .enum(codesOf(TRAINING_RESULT_CODES))
      .nullable()
      .meta({
        description:
          'passed: đạt bài kiểm tra cuối khóa; completed: hoàn thành; not_completed: không hoàn thành; absent: vắng; ' +
          'enrolled: đã đăng ký một lớp, chưa có kết quả (kết quả chỉ được ghi từ ngày lớp kết thúc); ' +
          'null khi kết quả đã lưu không thuộc các mã trên (máy chủ ghi lại để kiểm tra).',
      }),
    score: z.number().nullable(),
    scoreScale: z
      .union([z.literal(100), z.literal(10)])
      .nullable()
      .meta({ description: '100: phần trăm (trực tuyến); 10: thang 10 (lớp).' }),
    certificate: z
      .object({
        code: z.string(),
        status: z
          .enum(codesOf(CERTIFICATE_STATUS_CODES))
          .meta({ description: 'valid: còn hiệu lực; revoked: đã thu hồi.' }),
      })
      .nullable(),
  })
  .meta({
    id: 'TrainingRecord',
    description:
      'Một lần bồi dưỡng của một cán bộ, công chức: hoàn thành khóa học trực tuyến hoặc tham dự lớp trực tiếp/kết hợp.',
  });

export const TrainingRecordPageSchema = z
  .object({
    data: z.array(TrainingRecordSchema),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
    total: z.number().int().min(0),
    next: z.string().nullable().meta({ description: 'Địa chỉ trang sau (cùng bộ lọc), null ở trang cuối.' }),
  })
  .meta({ id: 'TrainingRecordPage' });

export type ApiTrainingRecord = z.infer<typeof TrainingRecordSchema>;
export type TrainingRecordPage = z.infer<typeof TrainingRecordPageSchema>;
