/**
 * The holder of a certificate as their records stand at issue: name, staff code and unit (with
 * its place in the tree), and from the unit the issuing body. Read just before the certificate is
 * written, so a later move to another unit leaves the issued certificate as it was.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { officials, units, users } from '../../../../db/schema/index.ts';
import { idsOfPath } from '../../org/unit-tree.ts';
import type { CertificateHolder } from '../../certificates/issue.ts';
import { issuerOf, unitLabelOf } from '../../certificates/issuer.ts';

/**
 * The official behind a user account as of now, or null when the account is not an official's
 * (a certificate names an official and their province's issuing body, so none can be issued).
 */
export async function certificateHolderOf(db: Database, userId: string): Promise<CertificateHolder | null> {
  const [row] = await db
    .select({
      officialId: officials.id,
      staffCode: officials.staffCode,
      fullName: officials.fullName,
      unitId: units.id,
      unitPath: units.path,
    })
    .from(users)
    .innerJoin(officials, eq(officials.id, users.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  const ids = idsOfPath(row.unitPath);
  const found = await db
    .select({ id: units.id, name: units.name, kind: units.kind, level: units.level })
    .from(units)
    .where(inArray(units.id, ids));
  const chain = ids.map((id) => found.find((unit) => unit.id === id)).filter((unit) => unit !== undefined);
  const province = chain[0];
  if (!province || chain.length !== ids.length) return null;
  return {
    officialId: row.officialId,
    staffCode: row.staffCode,
    fullName: row.fullName,
    unitId: row.unitId,
    unitName: unitLabelOf(chain),
    unitPath: row.unitPath,
    issuer: issuerOf(province),
  };
}
