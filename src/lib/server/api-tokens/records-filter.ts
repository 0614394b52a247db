/**
 * The filters of the training records, shared by the JSON API (?unit=&from=&to=&kind=&page=
 * &pageSize=) and the administrators' records screen (?don-vi=&ky=&loai=&trang=). Parsed once at
 * the edge with Vietnamese messages; inside, a RecordsFilter is trusted. Pure.
 */
import { z } from 'astro/zod';
import { TRAINING_KINDS, slugsOf, type TrainingKind } from '../../../schemas/vocabulary.ts';
import { parsePeriod } from '../../indicators/period.ts';
import { vietnamMidnight } from '../../vietnam-time.ts';

/** Largest page the API gives. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

/** What the records are filtered by; bounds in ms (Vietnam midnight), end exclusive. */
export interface RecordsFilter {
  /** A unit id; its whole subtree is included. Null: the caller's whole scope. */
  unitId: string | null;
  from: number | null;
  to: number | null;
  kind: TrainingKind | null;
}

const DAY_MS = 86_400_000;

const dateParam = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Tham số ${label} phải là ngày dạng YYYY-MM-DD, ví dụ 2026-01-31.` })
    .refine((value) => !Number.isNaN(vietnamMidnight(value)), { error: `Tham số ${label} không phải một ngày có thật.` })
    .optional();

const integerParam = (label: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, { error: `Tham số ${label} phải là số nguyên dương.` })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { error: `Tham số ${label} phải từ ${min} đến ${max}.` })
    .optional();

/** The API's query string. Unknown parameters are refused, so a typo is not silently ignored. */
export const ApiRecordsQuery = z
  .strictObject(
    {
      /** Unit id (mã định danh đơn vị trong Học Liệu Số); its subtree is included. */
      unit: z.string().regex(/^[a-z0-9]{1,64}$/, { error: 'Tham số unit phải là mã định danh đơn vị (chữ thường và số).' }).optional(),
      /** First day of completion or class end (inclusive), YYYY-MM-DD, Vietnam time. */
      from: dateParam('from'),
      /** Last day (inclusive), YYYY-MM-DD, Vietnam time. */
      to: dateParam('to'),
      /** Training kind, a slug of the shared vocabulary. */
      kind: z.enum(slugsOf(TRAINING_KINDS), { error: `Tham số kind phải là một trong: ${TRAINING_KINDS.map((k) => k.slug).join(', ')}.` }).optional(),
      /** Page number, from 1. */
      page: integerParam('page', 1, 1_000_000),
      /** Rows per page, at most 500. */
      pageSize: integerParam('pageSize', 1, MAX_PAGE_SIZE),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Tham số không được hỗ trợ: ${issue.keys.join(', ')}.` : undefined) },
  )
  .refine((query) => !query.from || !query.to || query.from <= query.to, { error: 'Ngày from phải trước hoặc bằng ngày to.', path: ['to'] });

export type ApiRecordsQueryInput = z.infer<typeof ApiRecordsQuery>;

/** The parsed API query as a filter and a page. */
export function apiQueryToFilter(query: ApiRecordsQueryInput): { filter: RecordsFilter; page: number; pageSize: number } {
  return {
    filter: {
      unitId: query.unit ?? null,
      from: query.from ? vietnamMidnight(query.from) : null,
      to: query.to ? vietnamMidnight(query.to) + DAY_MS : null,
      kind: query.kind ?? null,
    },
    page: query.page ?? 1,
    pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE,
  };
}

/** The screen's filters as chosen in its GET form; anything unknown falls back to "all". */
export interface ScreenFilters {
  unitId: string;
  /** A period key ("2026-2028", "2027") or "". */
  period: string;
  kind: string;
}

/** Reads the screen's (and its exports') query string; unknown values mean "no filter". */
export function screenFiltersOf(params: URLSearchParams): ScreenFilters {
  const unitId = params.get('don-vi') ?? '';
  const period = params.get('ky') ?? '';
  const kind = params.get('loai') ?? '';
  return {
    unitId: /^[a-z0-9]{1,64}$/.test(unitId) ? unitId : '',
    period: parsePeriod(period) ? period : '',
    kind: TRAINING_KINDS.some((term) => term.slug === kind) ? kind : '',
  };
}

/** The screen's filters as a RecordsFilter (the unit still to be checked against the scope). */
export function screenToFilter(filters: ScreenFilters): RecordsFilter {
  const period = parsePeriod(filters.period);
  return { unitId: filters.unitId || null, from: period?.start ?? null, to: period?.end ?? null, kind: (filters.kind || null) as TrainingKind | null };
}

/** The query string of the screen's filters (for links to pages and exports). */
export function screenQuery(filters: ScreenFilters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  if (filters.unitId) query.set('don-vi', filters.unitId);
  if (filters.period) query.set('ky', filters.period);
  if (filters.kind) query.set('loai', filters.kind);
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}
