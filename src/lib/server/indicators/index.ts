/**
 * The Decision 700 indicators of a unit: the entry point for the dashboard and the records API
 * (GET /api/v1/units/{id}/indicators). Callers check scope first; this reads and computes.
 */
import { getDb } from '../db.ts';
import { childShares, computeUnitIndicators, officialFacts, type ChildIndicators, type IndicatorInput, type OfficialFacts, type UnitIndicators, type UnitRow } from '../../indicators/compute.ts';
import { courseInfo } from './course-kinds.ts';
import { loadIndicatorInput } from './load.ts';
import { aggregateUnitIndicators, shareCountsByChild, sumCounts } from './aggregate.ts';
import { cachedFigures } from './cache.ts';
import type { Period } from '../../indicators/period.ts';

export type { ChildIndicators, UnitIndicators, Share, IndicatorKey, OfficialFacts } from '../../indicators/compute.ts';
export { INDICATOR_DEFINITIONS, COMMON_RULES, type IndicatorDefinition } from '../../indicators/definitions.ts';
export { parsePeriod, currentPhase, periodChoices, type Period } from '../../indicators/period.ts';

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

async function unitAndChildren(unitId: string): Promise<{ unit: UnitRow; children: UnitRow[] } | undefined> {
  const client = getDb().$client;
  const result = await client.execute({ sql: 'SELECT id, parent_id, path, name, code, level FROM units WHERE id = ?1 OR parent_id = ?1', args: [unitId] });
  const rows: UnitRow[] = result.rows.map((row) => ({
    id: String(row.id),
    parentId: row.parent_id === null ? null : String(row.parent_id),
    path: String(row.path),
    name: String(row.name),
    code: String(row.code),
    level: String(row.level),
  }));
  const unit = rows.find((row) => row.id === unitId);
  if (!unit) return undefined;
  return { unit, children: rows.filter((row) => row.id !== unitId).sort((a, b) => a.name.localeCompare(b.name, 'vi')) };
}

/** The indicators of a unit's subtree for a period (counts in SQL), or undefined for an unknown unit. */
export async function unitIndicators(unitId: string, period: Period, now = Date.now()): Promise<UnitIndicators | undefined> {
  return (await indicatorSummary(unitId, period, now))?.indicators;
}

/** What the dashboard shows: the unit's figures and its children's shares, counted in SQL (no ids). */
export interface IndicatorSummary {
  unit: UnitRow;
  indicators: UnitIndicators;
  children: ChildIndicators[];
  courseTitles: ReadonlyMap<string, string>;
}

/** The dashboard's numbers without any per-official rows (share ids are empty; see indicatorReport). */
export async function indicatorSummary(unitId: string, period: Period, now = Date.now()): Promise<IndicatorSummary | undefined> {
  const client = getDb().$client;
  return cachedFigures(client, `summary|${unitId}|${period.start}|${period.end}`, async () => {
    const found = await unitAndChildren(unitId);
    if (!found) return undefined;
    const { kinds, titles } = await courseInfo();
    const { indicators, byChild } = await aggregateUnitIndicators(client, found.unit, period, kinds, now);
    const children = found.children.map((unit) => ({ unit, ...(byChild.get(unit.id) ?? sumCounts([])) }));
    return { unit: found.unit, indicators, children, courseTitles: titles };
  });
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

/** The national roll-up for a system administrator: every root unit (province) with its three shares, counted in SQL. */
export async function nationalRollUp(period: Period): Promise<ChildIndicators[]> {
  const client = getDb().$client;
  return cachedFigures(client, `national|${period.start}|${period.end}`, async () => {
    const { kinds } = await courseInfo();
    const result = await client.execute('SELECT id, parent_id, path, name, code, level FROM units WHERE parent_id IS NULL');
    const roots: UnitRow[] = result.rows.map((row) => ({ id: String(row.id), parentId: null, path: String(row.path), name: String(row.name), code: String(row.code), level: String(row.level) }));
    const byRoot = await shareCountsByChild(client, '/', period, kinds);
    return roots.sort((a, b) => a.name.localeCompare(b.name, 'vi')).map((unit) => ({ unit, ...(byRoot.get(unit.id) ?? sumCounts([])) }));
  });
}
