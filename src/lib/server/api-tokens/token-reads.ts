/**
 * What the records API reads for a token, only inside the token's unit subtree: training records
 * and the unit an endpoint names (whose indicators come from indicators/index.ts). A unit outside
 * the subtree is "not found", the same answer as an id that does not exist.
 */
import type { Unit } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { findUnitInSubtree } from '../org/scope.ts';
import { courseFacts } from '../records/course-facts.ts';
import type { RecordsFilter } from '../../records/records-filter.ts';
import type { AuthenticatedToken } from './tokens.ts';
import { trainingRecordsPage, type TrainingRecord } from './training-records.ts';

/**
 * One page (1-based) of the records in the token's subtree, narrowed to filter.unitId's subtree
 * when given; undefined when that unit is not in the token's subtree.
 */
export async function tokenRecordsPage(
  auth: AuthenticatedToken,
  filter: RecordsFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: TrainingRecord[]; total: number } | undefined> {
  const db = getDb();
  let unitPath: string | null = null;
  if (filter.unitId) {
    const unit = await findUnitInSubtree(auth.unitPath, filter.unitId, db);
    if (!unit) return undefined;
    unitPath = unit.path;
  }
  return trainingRecordsPage(
    db,
    { paths: [auth.unitPath], filter, unitPath, courses: await courseFacts() },
    (page - 1) * pageSize,
    pageSize,
  );
}

/** The unit with this id if it lies in the token's subtree (GET /api/v1/units/{id}/…), else undefined. */
export async function findTokenUnit(auth: AuthenticatedToken, unitId: string): Promise<Unit | undefined> {
  // Ids are lowercase base32: anything else cannot name a unit, and is not looked up.
  return /^[a-z0-9]{1,64}$/.test(unitId) ? findUnitInSubtree(auth.unitPath, unitId) : undefined;
}
