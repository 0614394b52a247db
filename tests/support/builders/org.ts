/**
 * Builders over the seeded organisation tree (provinces SL and CN, their communes, officials with
 * accounts): who works where, names that tell where someone works, signed-in administrators.
 * Server modules that open the database are imported when called, after a test sets DATABASE_URL.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { officials, units, users } from '../../../db/schema/index.ts';
import { pathInSubtree } from '../../../src/lib/server/org/scope.ts';
import { sessionUserOf } from '../api-token-fixtures.ts';

/** An official with an account, as the builders hand them around. */
export interface OfficialWithAccount {
  officialId: string;
  staffCode: string;
  userId: string;
}

/** Officials with an account in a unit's subtree, by staff code. */
export async function officialsWithAccountsUnder(db: Database, unit: { path: string }): Promise<OfficialWithAccount[]> {
  return db
    .select({ officialId: officials.id, staffCode: officials.staffCode, userId: users.id })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .innerJoin(users, eq(users.officialId, officials.id))
    .where(pathInSubtree(unit.path))
    .orderBy(officials.staffCode);
}

/**
 * Renames every official "Cán bộ <staff code>" (and their account's display name), so that a
 * name found in an answer tells whose it is and so which unit it belongs to.
 */
export async function nameOfficialsByStaffCode(db: Database): Promise<void> {
  await db.run(sql`update officials set full_name = 'Cán bộ ' || staff_code`);
  await db.run(
    sql`update users set display_name = (select full_name from officials where officials.id = users.official_id) where official_id is not null`,
  );
}

/** A session cookie ("hls_session=…") for the seeded user `username`, as the browser would send it. */
export async function sessionCookieOf(db: Database, username: string): Promise<string> {
  const { createSession } = await import('../../../src/lib/server/auth/sessions.ts');
  return `hls_session=${await createSession((await sessionUserOf(db, username)).id)}`;
}
