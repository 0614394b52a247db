/**
 * The Decision 700 indicators of a unit: the entry point for the dashboard and the records API
 * (GET /api/v1/units/{id}/indicators). Callers check scope first; this reads and computes.
 */
import { getDb } from '../db.ts';
import { childShares, computeUnitIndicators, officialFacts, rollUp, type IndicatorInput, type OfficialFacts, type Share, type IndicatorKey, type UnitIndicators, type UnitRow } from './compute.ts';
import { courseInfo } from './course-kinds.ts';
import { loadIndicatorInput } from './load.ts';
import type { Period } from './period.ts';

export type { UnitIndicators, Share, IndicatorKey, OfficialFacts } from './compute.ts';
export { INDICATOR_DEFINITIONS, COMMON_RULES, type IndicatorDefinition } from './definitions.ts';
export { parsePeriod, currentPhase, periodChoices, type Period } from './period.ts';

/** One child unit with its three shares, for the drill-down table. */
export interface ChildIndicators {
  unit: UnitRow;
  officials: number;
  shares: Record<IndicatorKey, Share>;
}

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

async function load(unitId: string): Promise<{ input: IndicatorInput; unit: UnitRow; titles: ReadonlyMap<string, string> } | undefined> {
  const client = getDb().$client;
  const found = await client.execute({ sql: 'SELECT path FROM units WHERE id = ?', args: [unitId] });
  if (found.rows.length === 0) return undefined;
  const { kinds, titles } = await courseInfo();
  const input = await loadIndicatorInput(client, String(found.rows[0]!.path), kinds);
  const unit = input.units.find((row) => row.id === unitId)!;
  return { input, unit, titles };
}

/** The indicators of a unit's subtree for a period, or undefined for an unknown unit. */
export async function unitIndicators(unitId: string, period: Period, now = Date.now()): Promise<UnitIndicators | undefined> {
  const loaded = await load(unitId);
  if (!loaded) return undefined;
  return computeUnitIndicators(loaded.input, officialFacts(loaded.input, period), loaded.unit, period, now);
}

/** The unit's indicators with its direct children's shares and the facts per official (for drill-down). */
export async function indicatorReport(unitId: string, period: Period, now = Date.now()): Promise<IndicatorReport | undefined> {
  const loaded = await load(unitId);
  if (!loaded) return undefined;
  const facts = officialFacts(loaded.input, period);
  const indicators = computeUnitIndicators(loaded.input, facts, loaded.unit, period, now);
  const children = childShares(
    facts,
    loaded.unit.path,
    loaded.input.units.filter((row) => row.parentId === loaded.unit.id).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  );
  return { unit: loaded.unit, indicators, children, facts: facts.filter((row) => row.unitPath.startsWith(loaded.unit.path)), courseTitles: loaded.titles, unitNames: new Map(loaded.input.units.map((row) => [row.id, row.name])) };
}

/** The national roll-up for a system administrator: every root unit (province) with its three shares. */
export async function nationalRollUp(period: Period): Promise<ChildIndicators[]> {
  const { kinds } = await courseInfo();
  const input = await loadIndicatorInput(getDb().$client, '/', kinds);
  const roots = input.units.filter((row) => row.parentId === null).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return rollUp(officialFacts(input, period), roots);
}
