/**
 * The catalog's filters: parsed from the query string, applied to courses. Pure, so the
 * same rules serve the catalog page and its tests.
 */
import {
  AUDIENCES,
  FIELDS,
  LENGTH_BANDS,
  TRAINING_KINDS,
  type Audience,
  type Field,
  type LengthBand,
  type TrainingKind,
} from '../schemas/vocabulary.ts';

/** The filters a learner can set; an empty list means "any". */
export interface CatalogFilters {
  kinds: TrainingKind[];
  field?: Field;
  audience?: Audience;
  length?: LengthBand;
}

/** What the filters need to know of a course. */
export interface FilterableCourse {
  kind: string;
  fields: readonly string[];
  audiences: readonly string[];
  hours: number;
}

/** Query-string names of the filters (Vietnamese, as users see them in the address bar). */
export const FILTER_PARAMS = { kinds: 'loai', field: 'linh-vuc', audience: 'doi-tuong', length: 'thoi-luong' } as const;

const isIn = <T extends string>(terms: readonly { slug: string }[], value: string | null): value is T =>
  value !== null && terms.some((term) => term.slug === value);

/** Reads filters from a query string; unknown values are ignored rather than failing the page. */
export function parseCatalogFilters(params: URLSearchParams): CatalogFilters {
  const kinds = params
    .getAll(FILTER_PARAMS.kinds)
    .filter((value): value is TrainingKind => isIn(TRAINING_KINDS, value));
  const field = params.get(FILTER_PARAMS.field);
  const audience = params.get(FILTER_PARAMS.audience);
  const length = params.get(FILTER_PARAMS.length);
  return {
    kinds: [...new Set(kinds)],
    field: isIn<Field>(FIELDS, field) ? field : undefined,
    audience: isIn<Audience>(AUDIENCES, audience) ? audience : undefined,
    length: isIn<LengthBand>(LENGTH_BANDS, length) ? length : undefined,
  };
}

/** True when a course passes every filter that is set. */
export function matchesFilters(course: FilterableCourse, filters: CatalogFilters): boolean {
  if (filters.kinds.length > 0 && !filters.kinds.includes(course.kind as TrainingKind)) return false;
  if (filters.field && !course.fields.includes(filters.field)) return false;
  if (filters.audience && !course.audiences.includes(filters.audience)) return false;
  if (filters.length) {
    const band = LENGTH_BANDS.find((candidate) => candidate.slug === filters.length)!;
    if (course.hours < band.minHours || course.hours > band.maxHours) return false;
  }
  return true;
}

/** True when no filter is set. */
export function hasFilters(filters: CatalogFilters): boolean {
  return filters.kinds.length > 0 || Boolean(filters.field || filters.audience || filters.length);
}
