/**
 * The Decision 700 indicators of a unit: the entry point for the dashboard, the yearly report and
 * the records API (GET /api/v1/units/{id}/indicators). Callers find the unit in their scope first
 * (org/scope.ts) and pass it in, so the unit is read once per request; this reads and computes.
 * The dashboard's figures are sums of the stored per-official facts (facts-store.ts, aggregate.ts),
 * which the reference rules (load.ts + compute.ts: own fields, leaders, cumulative periods,
 * declared flag dates, class enrolment, sample courses) keep up to date in each write's
 * transaction; the drill-down lists of officials come from the reference path itself. Targets are
 * the province's (targets-store.ts), read on every request so a change shows at once.
 */
import type { Client } from '@libsql/client';
import { getDb } from '../db.ts';
import {
  childShares,
  computeUnitIndicators,
  officialFacts,
  type ChildIndicators,
  type IndicatorKey,
  type OfficialFacts,
  type Share,
  type UnitIndicators,
  type UnitRow,
} from '../../indicators/compute.ts';
import { idsOfPath, isWithin } from '../../org/unit-tree.ts';
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
import { provinceTargets, targetsByProvince } from './targets-store.ts';
import { cumulativeOf, sameBounds, type Period } from '../../indicators/period.ts';
import { withTargets, type TargetTable } from '../../indicators/targets.ts';

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

/** The same shares counted from 1/1/2026 to the end of the period (lũy kế). */
export interface CumulativeShares {
  period: Period;
  officials: number;
  shares: Record<IndicatorKey, Share>;
}

/** What the dashboard shows: the unit's figures, its children's shares, and the cumulative shares (no ids). */
export interface IndicatorSummary {
  unit: UnitRow;
  indicators: UnitIndicators;
  children: ChildIndicators[];
  /** Absent when the period already starts in 2026 (the first phase, the year 2026, a cumulative period). */
  cumulative?: CumulativeShares;
  courseTitles: ReadonlyMap<string, string>;
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
 * courses (a first start after the migration, or a publish that changed a course's kind, fields
 * or sample mark, rebuilds them). The server calls it at start (middleware); every read awaits it.
 */
export function startIndicatorFacts(): Promise<void> {
  factsReady ??= (async () => {
    installFactsHook();
    const { kinds, fields, samples } = await courseInfo();
    await ensureFactsCurrent(getDb().$client, { kinds, fields, samples });
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

/** The province (root unit) a unit lies in. */
function provinceOf(unit: UnitRow): string {
  return idsOfPath(unit.path)[0] ?? unit.id;
}

/** The direct children of a unit, by Vietnamese name. */
async function childrenOf(client: Client, unit: UnitRow): Promise<UnitRow[]> {
  const result = await client.execute({
    sql: `SELECT ${UNIT_COLUMNS} FROM units WHERE parent_id = ?`,
    args: [unit.id],
  });
  return result.rows
    .map((row) => unitRowOf(row as unknown as Record<string, unknown>))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The indicators of a unit's subtree for a period (sums of the stored facts). */
export async function unitIndicators(unit: UnitRow, period: Period, now = Date.now()): Promise<UnitIndicators> {
  return (await indicatorSummary(unit, period, now)).indicators;
}

/** The dashboard's numbers without any per-official rows (share ids are empty; see indicatorReport). */
export async function indicatorSummary(unit: UnitRow, period: Period, now = Date.now()): Promise<IndicatorSummary> {
  const client = getDb().$client;
  await readyToRead();
  const cumulativePeriod = cumulativeOf(period);
  const version = String(await provinceVersion(client, provinceOf(unit)));
  const figures = await cachedFigures(version, `summary|${unit.id}|${period.key}`, async () => {
    const { kinds, fields, samples, titles } = await courseInfo();
    const courses = { kinds, fields, samples };
    const [children, { indicators, byChild }] = await Promise.all([
      childrenOf(client, unit),
      aggregateUnitIndicators(client, unit, period, courses, now),
    ]);
    let cumulative: CumulativeShares | undefined;
    if (!sameBounds(period, cumulativePeriod)) {
      const total = (await aggregateUnitIndicators(client, unit, cumulativePeriod, courses, now)).indicators;
      cumulative = { period: cumulativePeriod, officials: total.officials, shares: total.shares };
    }
    return {
      indicators,
      children: children.map((child) => ({ unit: child, ...(byChild.get(child.id) ?? sumCounts([])) })),
      cumulative,
      courseTitles: titles,
    };
  });
  const targets = await provinceTargets(provinceOf(unit), client);
  return applyTargets({ unit, ...figures }, targets, period);
}

function applyTargets(summary: IndicatorSummary, targets: TargetTable, period: Period): IndicatorSummary {
  return {
    ...summary,
    indicators: { ...summary.indicators, shares: withTargets(summary.indicators.shares, targets, period) },
    children: summary.children.map((child) => ({ ...child, shares: withTargets(child.shares, targets, period) })),
    cumulative: summary.cumulative && {
      ...summary.cumulative,
      shares: withTargets(summary.cumulative.shares, targets, summary.cumulative.period),
    },
  };
}

/** The unit's indicators with its direct children's shares and the facts per official (for drill-down). */
export async function indicatorReport(unit: UnitRow, period: Period, now = Date.now()): Promise<IndicatorReport> {
  const client = getDb().$client;
  const { kinds, fields, samples, titles } = await courseInfo();
  const input = await loadIndicatorInput(client, unit.path, kinds, fields, samples);
  const targets = await provinceTargets(provinceOf(unit), client);
  const facts = officialFacts(input, period);
  const indicators = computeUnitIndicators(input, facts, unit, period, now, targets);
  const children = childShares(
    facts,
    unit.path,
    input.units.filter((row) => row.parentId === unit.id).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    period,
    () => targets,
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

/** The national roll-up for a system administrator: every root unit (province) with its shares and own targets. */
export async function nationalRollUp(period: Period): Promise<ChildIndicators[]> {
  const client = getDb().$client;
  await readyToRead();
  const versions = [...(await provinceVersions(client))].sort(([a], [b]) => (a < b ? -1 : 1)).join(',');
  const rows = await cachedFigures(versions, `national|${period.key}`, async () => {
    const { kinds, fields, samples } = await courseInfo();
    const result = await client.execute(`SELECT ${UNIT_COLUMNS} FROM units WHERE parent_id IS NULL`);
    const roots = result.rows.map((row) => unitRowOf(row as unknown as Record<string, unknown>));
    const byRoot = await shareCountsByChild(client, '/', period, { kinds, fields, samples });
    return roots
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
      .map((unit) => ({ unit, ...(byRoot.get(unit.id) ?? sumCounts([])) }));
  });
  const targets = await targetsByProvince(client);
  return rows.map((row) => ({ ...row, shares: withTargets(row.shares, targets.get(row.unit.id) ?? [], period) }));
}
