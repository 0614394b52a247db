/**
 * What the item editors (case studies, videos, question banks, quizzes) share: ids made from
 * titles, reading form fields, and zod issues turned into messages next to form fields. Pure.
 */
import { foldVietnamese } from '../vietnamese.ts';

/** One message for one form field (the field's DOM id, which the error summary links to). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A slug of the first words of a text: "Đơn khiếu nại đông người" → "don-khieu-nai-dong-nguoi". */
export function slugOf(text: string, maxWords = 6, maxLength = 48): string {
  const words = foldVietnamese(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, maxWords);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  return slug || words[0]?.slice(0, maxLength) || '';
}

/** `base`, or `base-2`, `base-3`, … : the first not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>, fallback = 'muc'): string {
  const root = base || fallback;
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) if (!taken.has(`${root}-${n}`)) return `${root}-${n}`;
}

/** A text field of a form ('' when absent or a file). */
export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** A whole number field, or undefined when empty; NaN when not a number (the schema then says so). */
export function optionalNumber(form: FormData, name: string): number | undefined {
  const raw = text(form, name).trim().replace(',', '.');
  if (raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : Number.NaN;
}

/** A count of repeated rows posted as a hidden field, kept within [min, max]. */
export function rowCount(form: FormData, name: string, min: number, max: number): number {
  const value = Number.parseInt(text(form, name), 10);
  return Math.min(max, Math.max(min, Number.isFinite(value) ? value : min));
}

/** Which submit button was pressed: the name of the first field of `names` present in the form. */
export function pressed(form: FormData, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) if (form.has(name)) return { name, value: text(form, name) };
  return undefined;
}

/** Comma or line separated tags as a list of slugs ("Khiếu nại, thời hạn" → [khieu-nai, thoi-han]). */
export function tagsOf(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[,;\n]/)
        .map((tag) => slugOf(tag, 8, 60))
        .filter(Boolean),
    ),
  ];
}

/** zod issues as field problems: `fieldOf` maps an issue path to a field id; first message per field wins. */
export function problemsFromIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  fieldOf: (path: readonly PropertyKey[]) => string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (!problems.some((problem) => problem.field === field && problem.message === issue.message))
      problems.push({ field, message: issue.message });
  }
  return problems;
}

/** The first message for a field, if any. */
export function messageFor(problems: readonly FieldProblem[], field: string): string | undefined {
  return problems.find((problem) => problem.field === field)?.message;
}

/** Drops keys whose value is undefined or '' (YAML files list only what is set). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined && item !== '')) as T;
}

/** A legal reference as typed in a form row (all text). */
export interface LegalRowInput {
  type: string;
  number: string;
  year: string;
  title: string;
  article: string;
  url: string;
  /** The day the text was checked to be in force, YYYY-MM-DD (a date field). */
  checked: string;
}

/** An empty legal reference row. */
export const EMPTY_LEGAL_ROW: LegalRowInput = {
  type: '',
  number: '',
  year: '',
  title: '',
  article: '',
  url: '',
  checked: '',
};

/** Reads the legal reference row whose fields are named `${prefix}type`, `${prefix}number`, …. */
export function readLegalRow(form: FormData, prefix: string): LegalRowInput {
  return {
    type: text(form, `${prefix}type`).trim(),
    number: text(form, `${prefix}number`).trim(),
    year: text(form, `${prefix}year`).trim(),
    title: text(form, `${prefix}title`).trim(),
    article: text(form, `${prefix}article`).trim(),
    url: text(form, `${prefix}url`).trim(),
    checked: text(form, `${prefix}checked`).trim(),
  };
}

/** True when nothing was typed in the row. */
export function isEmptyLegalRow(row: LegalRowInput): boolean {
  return !row.type && !row.number && !row.year && !row.title && !row.article && !row.url && !row.checked;
}

/** The row as LegalReferenceSchema data (the schema checks it). */
export function legalData(row: LegalRowInput): Record<string, unknown> {
  const year = row.year === '' ? undefined : Number(row.year);
  return compact({
    type: row.type || undefined,
    number: row.number || undefined,
    year: year !== undefined && Number.isFinite(year) ? year : row.year === '' ? undefined : Number.NaN,
    title: row.title || undefined,
    article: row.article || undefined,
    url: row.url || undefined,
    checked: row.checked || undefined,
  });
}

/** A stored legal reference as a form row. */
export function legalRowOf(value: unknown): LegalRowInput {
  const ref = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const str = (item: unknown) =>
    item === undefined || item === null ? '' : item instanceof Date ? item.toISOString().slice(0, 10) : String(item);
  return {
    type: str(ref.type),
    number: str(ref.number),
    year: str(ref.year),
    title: str(ref.title),
    article: str(ref.article),
    url: str(ref.url),
    checked: str(ref.checked),
  };
}
