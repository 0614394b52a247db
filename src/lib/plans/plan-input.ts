/**
 * The plan form's rows as a browser posts them: one array per column, one entry per row (blank
 * rows dropped). Numbers are read the Vietnamese way ("1.234,5" or "12,5"). Pure.
 */
import type { PlanItem } from './plan-sheet.ts';

/** The posted column arrays, named as the form's inputs. */
export const PLAN_FIELDS = [
  'content',
  'audience',
  'classCount',
  'peopleCount',
  'duration',
  'place',
  'fundProvince',
  'fundCentral',
  'fundScheme',
  'fundOther',
  'organiser',
  'note',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

const COUNT_FIELDS = { classCount: 'Số lớp', peopleCount: 'Số người' } as const;
const FUND_FIELDS = {
  fundProvince: 'NS tỉnh',
  fundCentral: 'NS TW',
  fundScheme: 'Theo ĐA',
  fundOther: 'Khác (XHH)',
} as const;

/** "1.234,5" / "1234.5" / "12,5" → number; "" → 0; anything else → NaN. */
export function parseVietnameseNumber(text: string): number {
  const trimmed = text.trim().replace(/\s/g, '');
  if (trimmed === '') return 0;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(trimmed)) return Number(trimmed.replaceAll('.', '').replace(',', '.'));
  if (/^\d+([.,]\d+)?$/.test(trimmed)) return Number(trimmed.replace(',', '.'));
  return Number.NaN;
}

/** The rows of a plan, or the errors (each naming its row, TT). */
export function parsePlanRows(
  columns: Record<PlanField, readonly string[]>,
): { items: PlanItem[] } | { errors: string[] } {
  const length = Math.max(...PLAN_FIELDS.map((field) => columns[field]?.length ?? 0));
  const errors: string[] = [];
  const items: PlanItem[] = [];
  for (let index = 0; index < length; index++) {
    const cell = (field: PlanField) => (columns[field]?.[index] ?? '').trim();
    if (PLAN_FIELDS.every((field) => cell(field) === '')) continue;
    const row = items.length + 1;
    const item = {
      content: cell('content'),
      audience: cell('audience'),
      duration: cell('duration'),
      place: cell('place'),
      organiser: cell('organiser'),
      note: cell('note'),
    } as PlanItem;
    if (!item.content) errors.push(`Dòng ${row}: hãy nhập nội dung bồi dưỡng.`);
    if (!item.audience) errors.push(`Dòng ${row}: hãy nhập đối tượng.`);
    if (!item.organiser) errors.push(`Dòng ${row}: hãy nhập cơ quan chịu trách nhiệm tổ chức mở lớp.`);
    for (const [field, label] of Object.entries(COUNT_FIELDS) as [keyof typeof COUNT_FIELDS, string][]) {
      const value = parseVietnameseNumber(cell(field));
      if (!Number.isInteger(value) || value < 0 || value > 1_000_000)
        errors.push(`Dòng ${row}: ${label} phải là số nguyên không âm.`);
      item[field] = value;
    }
    for (const [field, label] of Object.entries(FUND_FIELDS) as [keyof typeof FUND_FIELDS, string][]) {
      const value = parseVietnameseNumber(cell(field));
      if (!Number.isFinite(value) || value < 0 || value > 1_000_000)
        errors.push(`Dòng ${row}: kinh phí ${label} phải là số không âm (triệu đồng), ví dụ 12,5.`);
      item[field] = value;
    }
    items.push(item);
  }
  if (items.length === 0 && errors.length === 0) errors.push('Kế hoạch cần ít nhất một dòng nội dung bồi dưỡng.');
  return errors.length ? { errors } : { items };
}
