/**
 * Reading issued certificates: by code (public verification), by holder ("Việc học của tôi") and
 * by administrator scope. A certificate belongs to the scope of the unit it was issued in
 * (unit_path at issue), so administrators see, and may revoke, what their subtree issued; anything
 * outside answers exactly like a certificate that does not exist.
 */
import { and, count, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../../../../db/client.ts';
import { certificates, users, type Certificate } from '../../../../db/schema/index.ts';
import { adminScopePaths } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { pathInSubtrees } from '../org/scope.ts';

/** Valid (còn hiệu lực) or revoked (đã thu hồi). */
export type CertificateStatus = 'con-hieu-luc' | 'da-thu-hoi';

/** Status labels, in the words the certificate pages use. */
export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = {
  'con-hieu-luc': 'Còn hiệu lực',
  'da-thu-hoi': 'Đã thu hồi',
};

/** A certificate's status. */
export function statusOf(certificate: Pick<Certificate, 'revokedAt'>): CertificateStatus {
  return certificate.revokedAt ? 'da-thu-hoi' : 'con-hieu-luc';
}

/** A certificate with the name of whoever revoked it, if anyone. */
export type CertificateRecord = Certificate & { revokedByName: string | null };

/** What a certificate's record shows (_CertificateRecord.astro): the fields as issued, and its revocation. */
export interface CertificateDetails {
  code: string;
  fullName: string;
  staffCode: string | null;
  unitName: string | null;
  courseTitle: string;
  trainingKind: string;
  hours: number;
  /** Where the hours come from, as printed; null before hours had a stated basis. */
  hoursBasis: string | null;
  /** Issued for a sample course: shown as a sample. */
  sample: boolean;
  completedAt: Date;
  scorePercent: number | null;
  issuer: string;
  issuedAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
  revokedByName: string | null;
}

const withRevoker = { certificate: certificates, revokedByName: users.displayName };

/** The certificate with this stored code (see normalizeCode), or undefined. */
export async function findCertificateByCode(db: Database, code: string): Promise<CertificateRecord | undefined> {
  const [row] = await db
    .select(withRevoker)
    .from(certificates)
    .leftJoin(users, eq(users.id, certificates.revokedBy))
    .where(eq(certificates.code, code))
    .limit(1);
  return row ? { ...row.certificate, revokedByName: row.revokedByName } : undefined;
}

/** A learner's own certificate as "Việc học của tôi" lists it. */
export interface OwnCertificate {
  id: string;
  code: string;
  courseId: string;
  courseTitle: string;
  completedAt: Date;
  scorePercent: number | null;
  status: CertificateStatus;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** A learner's certificates, the most recent first. */
export async function certificatesOfUser(db: Database, userId: string): Promise<OwnCertificate[]> {
  const rows = await db
    .select({
      id: certificates.id,
      code: certificates.code,
      courseId: certificates.courseId,
      courseTitle: certificates.courseTitle,
      completedAt: certificates.completedAt,
      scorePercent: certificates.scorePercent,
      revokedAt: certificates.revokedAt,
      revokeReason: certificates.revokeReason,
    })
    .from(certificates)
    .where(eq(certificates.userId, userId))
    .orderBy(desc(certificates.issuedAt));
  return rows.map((row) => ({ ...row, status: statusOf(row) }));
}

/** SQL condition: the certificate was issued in one of the user's subtrees (undefined when there are none). */
export function certificateInScopeCondition(user: SessionUser | undefined): SQL | undefined {
  return pathInSubtrees(adminScopePaths(user), certificates.unitPath);
}

/** The certificate with this id if the user administers the unit it was issued in. */
export async function findCertificateInScope(
  db: Database,
  user: SessionUser | undefined,
  id: string,
): Promise<CertificateRecord | undefined> {
  const scope = certificateInScopeCondition(user);
  if (!scope) return undefined;
  const [row] = await db
    .select(withRevoker)
    .from(certificates)
    .leftJoin(users, eq(users.id, certificates.revokedBy))
    .where(and(eq(certificates.id, id), scope))
    .limit(1);
  return row ? { ...row.certificate, revokedByName: row.revokedByName } : undefined;
}

/** The administrators' list filter. */
export interface CertificateFilter {
  /** Part of the holder's name or staff code, or a whole code (normalized), or "". */
  text: string;
  /** The code the text reads as, if it does (see normalizeCode). */
  code: string | null;
  courseId: string;
  status: CertificateStatus | '';
}

/** SQL condition: the column contains `text` literally (LIKE wildcards in it are escaped). */
function contains(column: SQLiteColumn, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return sql`${column} like ${pattern} escape '\\'`;
}

/** One page of the certificates in the user's scope matching the filter, newest first, with the total. */
export async function certificatesInScope(
  db: Database,
  user: SessionUser,
  filter: CertificateFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: Certificate[]; total: number }> {
  const scope = certificateInScopeCondition(user);
  if (!scope) return { rows: [], total: 0 };
  const text = filter.text.trim();
  const conditions = [
    scope,
    text
      ? or(
          filter.code ? eq(certificates.code, filter.code) : undefined,
          contains(certificates.fullName, text),
          contains(certificates.staffCode, text),
        )
      : undefined,
    filter.courseId ? eq(certificates.courseId, filter.courseId) : undefined,
    filter.status === 'con-hieu-luc'
      ? isNull(certificates.revokedAt)
      : filter.status === 'da-thu-hoi'
        ? isNotNull(certificates.revokedAt)
        : undefined,
  ];
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(certificates)
      .where(where)
      .orderBy(desc(certificates.issuedAt), desc(certificates.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(certificates).where(where),
  ]);
  return { rows, total };
}

/** The courses certificates were issued for in the user's scope, by title: the choices of the filter. */
export async function certifiedCoursesInScope(
  db: Database,
  user: SessionUser,
): Promise<{ courseId: string; title: string }[]> {
  const scope = certificateInScopeCondition(user);
  if (!scope) return [];
  const rows = await db
    .selectDistinct({ courseId: certificates.courseId, title: certificates.courseTitle })
    .from(certificates)
    .where(scope);
  const byId = new Map(rows.map((row) => [row.courseId, row.title]));
  return [...byId]
    .map(([courseId, title]) => ({ courseId, title }))
    .sort((a, b) => a.title.localeCompare(b.title, 'vi'));
}
