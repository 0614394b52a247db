/**
 * The course form of the instructor area ↔ course.yaml: the values a form shows from the file, and
 * the file's data from what the form sent, checked with the real CourseSchema. Errors are keyed by
 * the form field's id so the page can put each message next to its field. Pure.
 */
import { CourseSchema } from '../../schemas/course.ts';
import { legalRowOf, type LegalRowInput } from './item-form.ts';

/** Empty rows offered for legal bases and instructors beyond those already filled in. */
export const EMPTY_ROWS = 2;

/** What the course form sends (every text optional: a blank field arrives as undefined). */
export interface CourseFormInput {
  title?: string;
  summary?: string;
  kind?: string;
  fields: string[];
  audiences: string[];
  hours?: string;
  days?: string;
  objectives?: string;
  version?: string;
  status?: string;
  sample?: string;
  updated?: string;
  legalType: string[];
  legalNumber: string[];
  legalYear: string[];
  legalTitle: string[];
  legalArticle: string[];
  legalUrl: string[];
  legalChecked: string[];
  instructorName: string[];
  instructorOrganisation: string[];
}

/** One legal basis row of the form, as text (the same row as in the item editors). */
export type LegalRow = LegalRowInput;

/** The values the form shows. */
export interface CourseFormValues {
  title: string;
  summary: string;
  kind: string;
  fields: string[];
  audiences: string[];
  hours: string;
  days: string;
  objectives: string;
  version: string;
  status: string;
  sample: boolean;
  updated: string;
  legalBases: LegalRow[];
  instructors: { name: string; organisation: string }[];
}

export interface FormProblem {
  /** The id of the form field the message belongs to. */
  field: string;
  message: string;
}

const text = (value: unknown): string =>
  value === undefined || value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The form's values from course.yaml data (anything missing shows as empty). */
export function courseFormValues(data: unknown): CourseFormValues {
  const course = record(data);
  return {
    title: text(course.title),
    summary: text(course.summary),
    kind: text(course.kind),
    fields: list(course.fields).map(text),
    audiences: list(course.audiences).map(text),
    hours: text(course.hours),
    days: text(course.days),
    objectives: list(course.objectives).map(text).join('\n'),
    version: text(course.version ?? 1),
    status: text(course.status ?? 'published'),
    sample: course.sample === true,
    updated: text(course.updated),
    legalBases: list(course.legalBases).map(legalRowOf),
    instructors: list(course.instructors).map((row) => ({
      name: text(record(row).name),
      organisation: text(record(row).organisation),
    })),
  };
}

/** A number when the text is one, else the text itself (so the schema says "phải là một số"). */
function numberOrText(value: string | undefined): number | string | undefined {
  const trimmed = value?.trim().replace(',', '.');
  if (!trimmed) return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

const trimmed = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** Only the keys that have a value, in order (YAML then has no "key: null" lines). */
function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/** Field id of a schema issue path. */
function fieldOf(path: readonly PropertyKey[], legalRows: number[], instructorRows: number[]): string {
  const [first, index, key] = path;
  if (first === 'legalBases' && typeof index === 'number')
    return `legal-${legalRows[index] ?? 0}-${String(key ?? 'title')}`;
  if (first === 'instructors' && typeof index === 'number')
    return `instructor-${instructorRows[index] ?? 0}-${String(key ?? 'name')}`;
  if (first === 'instructors') return 'instructor-0-name';
  if (first === 'legalBases') return 'legal-0-title';
  return String(first ?? 'title');
}

/**
 * course.yaml data from the form, in the documented key order, with the schema's Vietnamese
 * messages by field id. Rows left entirely empty are dropped.
 */
export function courseFromForm(form: CourseFormInput): { data: Record<string, unknown>; problems: FormProblem[] } {
  const legalRows: number[] = [];
  const legalBases = form.legalType.flatMap((_, row) => {
    const cells = [
      form.legalType[row],
      form.legalNumber[row],
      form.legalYear[row],
      form.legalTitle[row],
      form.legalArticle[row],
      form.legalUrl[row],
      form.legalChecked[row],
    ];
    if (cells.every((cell) => !cell?.trim())) return [];
    legalRows.push(row);
    return [
      defined({
        type: trimmed(form.legalType[row]),
        number: trimmed(form.legalNumber[row]),
        year: numberOrText(form.legalYear[row]),
        title: trimmed(form.legalTitle[row]),
        article: trimmed(form.legalArticle[row]),
        url: trimmed(form.legalUrl[row]),
        checked: trimmed(form.legalChecked[row]),
      }),
    ];
  });
  const instructorRows: number[] = [];
  const instructors = form.instructorName.flatMap((name, row) => {
    const organisation = form.instructorOrganisation[row];
    if (!name?.trim() && !organisation?.trim()) return [];
    instructorRows.push(row);
    return [defined({ name: name?.trim() ?? '', organisation: trimmed(organisation) })];
  });
  const data = defined({
    title: trimmed(form.title),
    summary: trimmed(form.summary),
    kind: trimmed(form.kind),
    fields: form.fields,
    audiences: form.audiences,
    hours: numberOrText(form.hours),
    days: numberOrText(form.days),
    objectives: (form.objectives ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    legalBases,
    version: numberOrText(form.version),
    instructors,
    status: trimmed(form.status),
    sample: form.sample === 'true' || form.sample === 'on',
    updated: trimmed(form.updated),
  });
  const result = CourseSchema.safeParse(data);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => ({
        field: fieldOf(issue.path, legalRows, instructorRows),
        message:
          issue.path[0] === 'objectives' && issue.path.length > 1
            ? `Mục tiêu thứ ${Number(issue.path[1]) + 1} quá ngắn: hãy viết ít nhất 5 ký tự.`
            : issue.path.length === 1 && issue.path[0] === 'kind' && data.kind === undefined
              ? 'Hãy chọn loại hình bồi dưỡng (kind).'
              : issue.message,
      }));
  return { data, problems };
}

/** The form's values from what was sent, to show them again next to their errors. */
export function courseFormValuesFromInput(form: CourseFormInput): CourseFormValues {
  const at = (values: string[], row: number) => values[row] ?? '';
  return {
    title: form.title ?? '',
    summary: form.summary ?? '',
    kind: form.kind ?? '',
    fields: form.fields,
    audiences: form.audiences,
    hours: form.hours ?? '',
    days: form.days ?? '',
    objectives: form.objectives ?? '',
    version: form.version ?? '',
    status: form.status ?? '',
    sample: form.sample === 'true' || form.sample === 'on',
    updated: form.updated ?? '',
    legalBases: form.legalType
      .map((type, row) => ({
        type,
        number: at(form.legalNumber, row),
        year: at(form.legalYear, row),
        title: at(form.legalTitle, row),
        article: at(form.legalArticle, row),
        url: at(form.legalUrl, row),
        checked: at(form.legalChecked, row),
      }))
      .filter((row) => Object.values(row).some((cell) => cell.trim())),
    instructors: form.instructorName
      .map((name, row) => ({ name, organisation: at(form.instructorOrganisation, row) }))
      .filter((row) => row.name.trim() || row.organisation.trim()),
  };
}

/** The course form's input from posted form data (the same parsing the action's zod input does). */
export function courseFormInputOf(data: FormData): CourseFormInput {
  const one = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const all = (name: string) => data.getAll(name).filter((value): value is string => typeof value === 'string');
  return {
    title: one('title'),
    summary: one('summary'),
    kind: one('kind'),
    fields: all('fields'),
    audiences: all('audiences'),
    hours: one('hours'),
    days: one('days'),
    objectives: one('objectives'),
    version: one('version'),
    status: one('status'),
    sample: one('sample'),
    updated: one('updated'),
    legalType: all('legalType'),
    legalNumber: all('legalNumber'),
    legalYear: all('legalYear'),
    legalTitle: all('legalTitle'),
    legalArticle: all('legalArticle'),
    legalUrl: all('legalUrl'),
    legalChecked: all('legalChecked'),
    instructorName: all('instructorName'),
    instructorOrganisation: all('instructorOrganisation'),
  };
}
