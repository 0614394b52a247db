/**
 * The targets each province sets from its own plan (indicator_targets): read for the dashboard,
 * replaced as a whole by a province administrator (audited, in one transaction).
 */
import type { Client } from '@libsql/client';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '../db.ts';
import { indicatorTargets, units, type Unit } from '../../../../db/schema/index.ts';
import { adminScopePaths, hasRole } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { IndicatorKey } from '../../indicators/compute.ts';
import type { TargetRow, TargetTable } from '../../indicators/targets.ts';

/** Province administrators set their province's targets; the system administrator any province's. */
export function mayManageTargets(user: SessionUser | undefined): boolean {
  return hasRole(user, 'province_admin') || hasRole(user, 'system_admin');
}

/** The provinces whose targets the user may set, by name. */
export async function targetProvinces(user: SessionUser | undefined): Promise<Unit[]> {
  if (!mayManageTargets(user)) return [];
  const provinces = await getDb().select().from(units).where(eq(units.level, 'province')).orderBy(asc(units.name));
  const scopes = adminScopePaths(user);
  return provinces.filter((province) => scopes.some((scope) => province.path.startsWith(scope)));
}

/** One province (by id or code) whose targets the user may set, or undefined. */
export async function targetProvince(user: SessionUser | undefined, idOrCode: string): Promise<Unit | undefined> {
  const provinces = await targetProvinces(user);
  return provinces.find((unit) => unit.id === idOrCode) ?? provinces.find((unit) => unit.code === idOrCode);
}

/** Every province's targets (or one province's), keyed by province id. */
export async function targetsByProvince(
  client: Client = getDb().$client,
  onlyProvinceId?: string,
): Promise<Map<string, TargetRow[]>> {
  const result = await client.execute({
    sql: `SELECT province_id, indicator, period_key, percent, source FROM indicator_targets
      ${onlyProvinceId === undefined ? '' : 'WHERE province_id = :province'} ORDER BY province_id, indicator, period_key`,
    args: onlyProvinceId === undefined ? {} : { province: onlyProvinceId },
  });
  const map = new Map<string, TargetRow[]>();
  for (const row of result.rows) {
    const provinceId = String(row.province_id);
    const list = map.get(provinceId) ?? [];
    list.push({
      indicator: String(row.indicator) as IndicatorKey,
      periodKey: String(row.period_key),
      percent: Number(row.percent),
      source: String(row.source),
    });
    map.set(provinceId, list);
  }
  return map;
}

/** One province's targets. */
export async function provinceTargets(provinceId: string, client: Client = getDb().$client): Promise<TargetTable> {
  return (await targetsByProvince(client, provinceId)).get(provinceId) ?? [];
}

/** Replaces a province's targets with `rows` (validated by the caller), with its audit entry. */
export async function saveProvinceTargets(provinceId: string, rows: TargetTable, userId: string): Promise<void> {
  const db = getDb();
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.delete(indicatorTargets).where(eq(indicatorTargets.provinceId, provinceId));
    if (rows.length > 0)
      await tx.insert(indicatorTargets).values(
        rows.map((row) => ({
          provinceId,
          indicator: row.indicator,
          periodKey: row.periodKey,
          percent: row.percent,
          source: row.source,
          updatedBy: userId,
          updatedAt: now,
        })),
      );
    await recordAudit(tx, {
      action: 'set-targets',
      userId,
      unitId: provinceId,
      target: `unit:${provinceId}`,
      details: { targets: rows.map((row) => `${row.indicator} ${row.periodKey}: ${row.percent}%`) },
      at: now,
    });
  });
}
