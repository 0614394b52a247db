/**
 * The filters of the training records, shared by the JSON API (?unit=&from=&to=&kind=&page=
 * &pageSize=) and the administrators' records screen (?don-vi=&ky=&loai=&trang=). Parsed once at
 * the edge with Vietnamese messages; inside, a RecordsFilter is trusted. Pure.
 */
import { DEFAULT_PAGE_SIZE, trainingKindOfCode, type RecordsQuery } from '../../schemas/api/records.ts';
import { TRAINING_KINDS, type TrainingKind } from '../../schemas/vocabulary.ts';
import { parsePeriod } from '../indicators/period.ts';
import { vietnamMidnight } from '../vietnam-time.ts';

/** What the records are filtered by; bounds in ms (Vietnam midnight), end exclusive. */
export interface RecordsFilter {
  /** A unit id; its whole subtree is included. Null: the caller's whole scope. */
  unitId: string | null;
  from: number | null;
  to: number | null;
  kind: TrainingKind | null;
}

const DAY_MS = 86_400_000;

/** The parsed API query as a filter and a page. */
export function apiQueryToFilter(query: RecordsQuery): { filter: RecordsFilter; page: number; pageSize: number } {
  return {
    filter: {
      unitId: query.unit ?? null,
      from: query.from ? vietnamMidnight(query.from) : null,
      to: query.to ? vietnamMidnight(query.to) + DAY_MS : null,
      kind: query.kind ? trainingKindOfCode(query.kind) : null,
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
  return {
    unitId: filters.unitId || null,
    from: period?.start ?? null,
    to: period?.end ?? null,
    kind: (filters.kind || null) as TrainingKind | null,
  };
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
