/**
 * Changing an official's record. Each edit is one transaction that re-reads the official,
 * checks again that the caller administers them, writes the new values and one dated
 * official_changes row per field that really changed, with the administrator who changed it.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { officialChanges, officials, units, users, type OFFICIAL_GROUP_SLUGS } from '../../../../db/schema/index.ts';
import { canAdministerPath } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { diffOfficial, type Change, type OfficialFacts } from '../../officials/change-record.ts';

/** Thrown when the official is gone or has left the caller's scope meanwhile: answer 404. */
export class OutOfScopeError extends Error {
  constructor() {
    super('Không tìm thấy cán bộ trong phạm vi quản lý.');
    this.name = 'OutOfScopeError';
  }
}

/** The facts an administrator may edit, with the group as the schema knows it. */
export type OfficialEdit = Partial<Omit<OfficialFacts, 'group'> & { group: (typeof OFFICIAL_GROUP_SLUGS)[number] }>;

/**
 * Applies an edit to an official and records every change; returns the changes (none when the
 * values were already so). The caller has checked that any new unit is in their scope.
 */
export async function updateOfficial(
  actor: SessionUser,
  officialId: string,
  next: OfficialEdit,
  now = new Date(),
): Promise<Change[]> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ official: officials, unitPath: units.path })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(eq(officials.id, officialId))
      .limit(1);
    if (!row || !canAdministerPath(actor, row.unitPath)) throw new OutOfScopeError();
    const normalised: OfficialEdit = { ...next };
    if (next.underqualified === false) normalised.underqualifiedSince = null;
    const changes = diffOfficial(row.official, normalised);
    if (changes.length === 0) return [];
    await tx
      .update(officials)
      .set({ ...normalised, updatedAt: now })
      .where(eq(officials.id, officialId));
    await tx
      .insert(officialChanges)
      .values(changes.map((change) => ({ officialId, ...change, changedAt: now, changedBy: actor.id })));
    return changes;
  });
}

/** A row of an official's history, with the name of who made the change. */
export interface HistoryEntry {
  id: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedAt: Date;
  changedByName: string | null;
}

/** An official's recorded changes, newest first (at most `limit`). */
export async function officialHistory(officialId: string, limit = 200): Promise<HistoryEntry[]> {
  return getDb()
    .select({
      id: officialChanges.id,
      field: officialChanges.field,
      oldValue: officialChanges.oldValue,
      newValue: officialChanges.newValue,
      changedAt: officialChanges.changedAt,
      changedByName: users.displayName,
    })
    .from(officialChanges)
    .leftJoin(users, eq(users.id, officialChanges.changedBy))
    .where(eq(officialChanges.officialId, officialId))
    .orderBy(desc(officialChanges.changedAt), desc(officialChanges.id))
    .limit(limit);
}

/** Names of the given units that the caller administers (others stay unnamed). */
export async function unitNamesInScope(user: SessionUser, unitIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return new Map();
  const rows = await getDb()
    .select({ id: units.id, name: units.name, path: units.path })
    .from(units)
    .where(inArray(units.id, ids));
  return new Map(rows.filter((row) => canAdministerPath(user, row.path)).map((row) => [row.id, row.name]));
}
