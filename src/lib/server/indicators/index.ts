/**
 * The Decision 700 indicators of a unit: the entry point for the dashboard, the yearly report and
 * the records API (GET /api/v1/units/{id}/indicators). Callers find the unit in their scope first
 * (org/scope.ts) and pass it in, so the unit is read once per request; this reads and computes.
 * The figures come from the reference path (load.ts + compute.ts), which carries every rule
 * (own fields, leaders, cumulative periods, declared flag dates, class enrolment, sample courses);
 * the stored per-official facts replace it for speed. Targets are the province's (targets-store.ts),
 * read on every request so a change shows at once.
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
import { idsOfPath, isWithin } from '../../org/unit-tree.ts';
import { courseInfo } from './course-kinds.ts';
import { loadIndicatorInput } from './load.ts';
import { cachedFigures } from './cache.ts';
import { provinceTargets, targetsByProvince } from './targets-store.ts';
import { cumulativeOf, sameBounds, type Period } from '../../indicators/period.ts';
import { withTargets, type TargetTable } from '../../indicators/targets.ts';
import type { IndicatorKey, Share } from '../../indicators/compute.ts';
import type { Client } from '@libsql/client';

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

/** The indicators of a unit's subtree for a period. */
export async function unitIndicators(unit: UnitRow, period: Period, now = Date.now()): Promise<UnitIndicators> {
  return (await indicatorSummary(unit, period, now)).indicators;
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

async function loadFor(client: Client, unitPath: string) {
  const { kinds, fields, samples, titles } = await courseInfo();
  const input = await loadIndicatorInput(client, unitPath, kinds, fields, samples);
  return { input, titles };
}

/** Shares without the lists of officials (the summary is cached and sent whole). */
function countsOnly(shares: Record<IndicatorKey, Share>): Record<IndicatorKey, Share> {
  const out = {} as Record<IndicatorKey, Share>;
  for (const key of Object.keys(shares) as IndicatorKey[])
    out[key] = { ...shares[key], numeratorIds: [], denominatorIds: [] };
  return out;
}

/** The province (root unit) a unit lies in. */
function provinceOf(unit: UnitRow): string {
  return idsOfPath(unit.path)[0] ?? unit.id;
}

/** The dashboard's numbers without any per-official rows (share ids are empty; see indicatorReport). */
export async function indicatorSummary(unit: UnitRow, period: Period, now = Date.now()): Promise<IndicatorSummary> {
  const client = getDb().$client;
  const cumulativePeriod = cumulativeOf(period);
  const figures = await cachedFigures(client, `summary|${unit.id}|${period.key}`, async () => {
    const { input, titles } = await loadFor(client, unit.path);
    const facts = officialFacts(input, period);
    const indicators = computeUnitIndicators(input, facts, unit, period, now);
    const children = childShares(
      facts,
      unit.path,
      input.units.filter((row) => row.parentId === unit.id).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    );
    let cumulative: CumulativeShares | undefined;
    if (!sameBounds(period, cumulativePeriod)) {
      const total = computeUnitIndicators(input, officialFacts(input, cumulativePeriod), unit, cumulativePeriod, now);
      cumulative = { period: cumulativePeriod, officials: total.officials, shares: countsOnly(total.shares) };
    }
    return {
      indicators: { ...indicators, shares: countsOnly(indicators.shares) },
      children: children.map((child) => ({ ...child, shares: countsOnly(child.shares) })),
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
  const { input, titles } = await loadFor(client, unit.path);
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
  const rows = await cachedFigures(client, `national|${period.key}`, async () => {
    const { input } = await loadFor(client, '/');
    const roots = input.units.filter((row) => row.parentId === null).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    return childShares(officialFacts(input, period), '/', roots).map((row) => ({
      ...row,
      shares: countsOnly(row.shares),
    }));
  });
  const targets = await targetsByProvince(client);
  return rows.map((row) => ({ ...row, shares: withTargets(row.shares, targets.get(row.unit.id) ?? [], period) }));
}
