/**
 * Who may change an official's e-mail or national id through the import. Password reset sends
 * its link to officials.email and single sign-on links accounts by national id or e-mail, so
 * changing either is as strong as issuing a temporary password: the same rule applies
 * (accountActionProblem), the account may hold no role the administrator could not grant.
 */
import { eq, inArray } from 'drizzle-orm';
import { roleGrants, units, users } from '../../../../db/schema/index.ts';
import { accountActionProblem, type GrantSpec } from '../../auth/account-rules.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { getDb } from '../db.ts';

/** Rows per lookup query. */
const LOOKUP_CHUNK = 500;

/**
 * Why `actor` may not change the e-mail or national id of each of these officials, by official
 * id (Vietnamese); officials absent from the map may be changed (including those with no account).
 */
export async function contactChangeProblems(
  actor: SessionUser,
  officialIds: readonly string[],
  db: Pick<ReturnType<typeof getDb>, 'select'>,
): Promise<Map<string, string>> {
  const accounts = new Map<string, { userId: string; roles: GrantSpec[] }>();
  const ids = [...new Set(officialIds)];
  for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
    const chunk = ids.slice(start, start + LOOKUP_CHUNK);
    const rows = await db
      .select({ officialId: users.officialId, userId: users.id, role: roleGrants.role, unitPath: units.path })
      .from(users)
      .leftJoin(roleGrants, eq(roleGrants.userId, users.id))
      .leftJoin(units, eq(units.id, roleGrants.unitId))
      .where(inArray(users.officialId, chunk));
    for (const row of rows) {
      const account = accounts.get(row.officialId!) ?? { userId: row.userId, roles: [] };
      if (row.role) account.roles.push({ role: row.role, unitPath: row.unitPath });
      accounts.set(row.officialId!, account);
    }
  }
  const problems = new Map<string, string>();
  for (const [officialId, account] of accounts) {
    const problem = accountActionProblem(actor, account);
    if (problem)
      problems.set(
        officialId,
        `Không thể đổi thư điện tử hay số định danh cá nhân của cán bộ này qua tệp nhập. ${problem}`,
      );
  }
  return problems;
}
