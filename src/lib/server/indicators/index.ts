/**
 * The Decision 700 indicators of a unit: the entry point for the dashboard, the yearly report and
 * the records API (GET /api/v1/units/{id}/indicators). Callers find the unit in their scope first
 * (org/scope.ts) and pass it in, so the unit is read once per request; this reads and computes.
 */
import { getDb } from '../db.ts';
import {
  childShares,
  computeUnitIndicators,
  officialFacts,
  type ChildIndicators,
  type OfficialFacts,
  type UnitIndicators,
  type UnitRow,
} from '../../indicators/compute.ts';
import { isWithin } from '../../org/unit-tree.ts';
import { courseInfo } from './course-kinds.ts';
import { loadIndicatorInput } from './load.ts';
import { aggregateUnitIndicators, shareCountsByChild, sumCounts } from './aggregate.ts';
import { cachedFigures } from './cache.ts';
import {
  ensureFactsCurrent,
  installFactsHook,
  provinceVersion,
  provinceVersions,
  refreshLeftovers,
} from './facts-store.ts';
import type { Period } from '../../indicators/period.ts';

export type { ChildIndicators, UnitIndicators, Share, IndicatorKey } from '../../indicators/compute.ts';
export { INDICATOR_DEFINITIONS, COMMON_RULES } from '../../indicators/definitions.ts';
export { parsePeriod, periodChoices, type Period } from '../../indicators/period.ts';

/** Everything the dashboard shows for a unit: its indicators, its children's, the facts per official. */
export interface IndicatorReport {
  unit: UnitRow;
  indicators: UnitIndicators;
  children: ChildIndicators[];
  facts: OfficialFacts[];
  courseTitles: ReadonlyMap<string, string>;
  /** Name of every unit of the subtree, by id. */
  unitNames: ReadonlyMap<string, string>;
}

const UNIT_COLUMNS = 'id, parent_id, path, name, code, level';

function unitRowOf(row: Record<string, unknown>): UnitRow {
  return {
    id: String(row.id),
    parentId: row.parent_id === null ? null : String(row.parent_id),
    path: String(row.path),
    name: String(row.name),
    code: String(row.code),
    level: String(row.level),
  };
}

let factsReady: Promise<void> | undefined;

/**
 * Installs the facts write hook in this process and makes the stored facts match the published
 * courses (a first start after the migration, or a publish that changed a course's kind, rebuilds
 * them). The server calls it at start (middleware); every read awaits it.
 */
export function startIndicatorFacts(): Promise<void> {
  factsReady ??= (async () => {
    installFactsHook();
    const { kinds } = await courseInfo();
    await ensureFactsCurrent(getDb().$client, kinds);
  })().catch((error: unknown) => {
    factsReady = undefined;
    throw error;
  });
  return factsReady;
}

/** startIndicatorFacts without waiting (the middleware, on every request): a failure is logged and retried. */
export function ensureIndicatorFacts(): void {
  startIndicatorFacts().catch((error: unknown) => {
    console.error('Không dựng được dữ kiện chỉ tiêu:', error instanceof Error ? error.message : error);
  });
}

/** Before reading stored facts: built, and no official left marked by a write without the hook. */
async function readyToRead(): Promise<void> {
  await startIndicatorFacts();
  await refreshLeftovers(getDb().$client);
}

/** The province (root unit id) of a path. */
const provinceOf = (path: string) => path.split('/')[1] ?? '';

/** The direct children of a unit, by Vietnamese name. */
async function childrenOf(unit: UnitRow): Promise<UnitRow[]> {
  const result = await getDb().$client.execute({
    sql: `SELECT ${UNIT_COLUMNS} FROM units WHERE parent_id = ?`,
    args: [unit.id],
  });
  return result.rows
    .map((row) => unitRowOf(row as unknown as Record<string, unknown>))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The indicators of a unit's subtree for a period (counts in SQL). */
export async function unitIndicators(unit: UnitRow, period: Period, now = Date.now()): Promise<UnitIndicators> {
  return (await indicatorSummary(unit, period, now)).indicators;
}

/** What the dashboard shows: the unit's figures and its children's shares, counted in SQL (no ids). */
export interface IndicatorSummary {
  unit: UnitRow;
  indicators: UnitIndicators;
  children: ChildIndicators[];
  courseTitles: ReadonlyMap<string, string>;
}

/** The dashboard's numbers without any per-official rows (share ids are empty; see indicatorReport). */
export async function indicatorSummary(unit: UnitRow, period: Period, now = Date.now()): Promise<IndicatorSummary> {
  const client = getDb().$client;
  await readyToRead();
  const version = String(await provinceVersion(client, provinceOf(unit.path)));
  const figures = await cachedFigures(version, `summary|${unit.id}|${period.start}|${period.end}`, async () => {
    const { kinds, titles } = await courseInfo();
    const [children, { indicators, byChild }] = await Promise.all([
      childrenOf(unit),
      aggregateUnitIndicators(client, unit, period, kinds, now),
    ]);
    return {
      indicators,
      children: children.map((child) => ({ unit: child, ...(byChild.get(child.id) ?? sumCounts([])) })),
      courseTitles: titles,
    };
  });
  return { unit, ...figures };
}

/** The unit's indicators with its direct children's shares and the facts per official (for drill-down). */
export async function indicatorReport(unit: UnitRow, period: Period, now = Date.now()): Promise<IndicatorReport> {
  const client = getDb().$client;
  const { kinds, titles } = await courseInfo();
  const input = await loadIndicatorInput(client, unit.path, kinds);
  const facts = officialFacts(input, period);
  const indicators = computeUnitIndicators(input, facts, unit, period, now);
  const children = childShares(
    facts,
    unit.path,
    input.units.filter((row) => row.parentId === unit.id).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  );
  return {
    unit,
    indicators,
    children,
    facts: facts.filter((row) => isWithin(row.unitPath, unit.path)),
    courseTitles: titles,
    unitNames: new Map(input.units.map((row) => [row.id, row.name])),
  };
}

/** The national roll-up for a system administrator: every root unit (province) with its three shares, counted in SQL. */
export async function nationalRollUp(period: Period): Promise<ChildIndicators[]> {
  const client = getDb().$client;
  await readyToRead();
  const versions = [...(await provinceVersions(client))].sort(([a], [b]) => (a < b ? -1 : 1)).join(',');
  return cachedFigures(versions, `national|${period.start}|${period.end}`, async () => {
    const { kinds } = await courseInfo();
    const result = await client.execute(`SELECT ${UNIT_COLUMNS} FROM units WHERE parent_id IS NULL`);
    const roots = result.rows.map((row) => unitRowOf(row as unknown as Record<string, unknown>));
    const byRoot = await shareCountsByChild(client, '/', period, kinds);
    return roots
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
      .map((unit) => ({ unit, ...(byRoot.get(unit.id) ?? sumCounts([])) }));
  });
}
