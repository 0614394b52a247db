/**
 * Filters of the officials table on a unit's page, read from the query string of a plain GET
 * form. Pure: unknown values are dropped rather than failing the page, except a sub-unit id,
 * which the page must check against the caller's scope.
 */
import { OFFICIAL_GROUPS } from '../../schemas/vocabulary.ts';
import { foldVietnamese } from '../vietnamese.ts';

/** Query-string names, in Vietnamese as users see them in the address bar. */
export const OFFICIAL_FILTER_PARAMS = {
  unit: 'don-vi',
  group: 'nhom',
  jobTitle: 'chuc-danh',
  flag: 'danh-dau',
  query: 'q',
  page: 'trang',
} as const;

/** Values of the expertise-flag filter. */
export const FLAG_FILTERS = [
  { slug: 'chua-dap-ung', label: 'Chưa đáp ứng yêu cầu chuyên môn' },
  { slug: 'dap-ung', label: 'Không bị đánh dấu' },
] as const;

export type OfficialGroup = (typeof OFFICIAL_GROUPS)[number]['slug'];
export type FlagFilter = (typeof FLAG_FILTERS)[number]['slug'];

/** Officials shown per page of the table. */
export const OFFICIALS_PAGE_SIZE = 50;

export interface OfficialFilters {
  /** A unit inside the page's unit: only its subtree is listed. */
  unitId?: string;
  group?: OfficialGroup;
  /** Exact job title (chức danh), as recorded. */
  jobTitle?: string;
  flag?: FlagFilter;
  /** Name or staff code, matched without tone marks. */
  query?: string;
  /** 1-based page number. */
  page: number;
}

const UNIT_ID = /^[a-z0-9]{1,64}$/;

/** Reads the filters from a query string. */
export function parseOfficialFilters(params: URLSearchParams): OfficialFilters {
  const unitId = params.get(OFFICIAL_FILTER_PARAMS.unit)?.trim();
  const group = params.get(OFFICIAL_FILTER_PARAMS.group);
  const jobTitle = params.get(OFFICIAL_FILTER_PARAMS.jobTitle)?.trim().slice(0, 200);
  const flag = params.get(OFFICIAL_FILTER_PARAMS.flag);
  const query = params.get(OFFICIAL_FILTER_PARAMS.query)?.trim().replace(/\s+/g, ' ').slice(0, 100);
  const page = Number.parseInt(params.get(OFFICIAL_FILTER_PARAMS.page) ?? '1', 10);
  return {
    // A malformed id cannot name any unit, so it is kept and answers "not found" like one out of scope.
    unitId: unitId ? (UNIT_ID.test(unitId) ? unitId : '-') : undefined,
    group: OFFICIAL_GROUPS.some((term) => term.slug === group) ? (group as OfficialGroup) : undefined,
    jobTitle: jobTitle || undefined,
    flag: FLAG_FILTERS.some((option) => option.slug === flag) ? (flag as FlagFilter) : undefined,
    query: query || undefined,
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, 100_000) : 1,
  };
}

/** True when any filter other than the page number is set. */
export function hasOfficialFilters(filters: OfficialFilters): boolean {
  return Boolean(filters.unitId || filters.group || filters.jobTitle || filters.flag || filters.query);
}

/** The query string for these filters on another page (for pagination links). */
export function officialFiltersQuery(filters: OfficialFilters, page: number): string {
  const params = new URLSearchParams();
  if (filters.unitId) params.set(OFFICIAL_FILTER_PARAMS.unit, filters.unitId);
  if (filters.group) params.set(OFFICIAL_FILTER_PARAMS.group, filters.group);
  if (filters.jobTitle) params.set(OFFICIAL_FILTER_PARAMS.jobTitle, filters.jobTitle);
  if (filters.flag) params.set(OFFICIAL_FILTER_PARAMS.flag, filters.flag);
  if (filters.query) params.set(OFFICIAL_FILTER_PARAMS.query, filters.query);
  if (page > 1) params.set(OFFICIAL_FILTER_PARAMS.page, String(page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * True when an official's name or staff code contains every word of the search, compared
 * without tone marks and case ("nguyen van an" finds "Nguyễn Văn An"; "dang" finds "Đặng").
 */
export function matchesNameQuery(official: { fullName: string; staffCode: string }, query: string): boolean {
  const haystack = foldVietnamese(`${official.fullName} ${official.staffCode}`);
  return foldVietnamese(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** The last page number for a total (at least 1). */
export function lastPage(total: number, pageSize = OFFICIALS_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
