/**
 * The review of H5P package versions, like the review of a course draft: a content reviewer
 * approves a pending version (it becomes live: lessons play it from now on) or rejects it with a
 * comment (its files are removed: it was never live, so no player has it open). Deleting a
 * package is here too. Each change is a conditional update (the status checked in the same
 * statement) plus its audit entry in one transaction, so a double click cannot apply it twice.
 */
import { rm } from 'node:fs/promises';
import { and, eq, inArray, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { h5pPackages, h5pPackageVersions, type H5pPackageVersion } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { recordH5pAudit } from './audit.ts';
import { ownershipOf, type H5pPackageRow } from './import-package.ts';
import { lessonsUsingPackage } from './lesson-usage.ts';
import { deleteRefusal, isH5pReviewer } from '../../h5p/package-policy.ts';
import { LeaseBusyError } from '../lease-lock.ts';
import { oneAtATime } from './package-queue.ts';
import { h5pStorageRoot, isFolder, versionFolder } from './storage.ts';

/** The outcome of a review step: done, or refused with the HTTP status and a Vietnamese sentence. */
export type ReviewOutcome =
  { ok: true; version?: H5pPackageVersion } | { ok: false; status: 403 | 404 | 409; message: string };

export interface ReviewOptions {
  db?: Database;
  root?: string;
  contentRoot?: string;
  now?: Date;
  /** How long to wait while another server instance changes the package (lease-lock.ts's default otherwise). */
  lockWaitMs?: number;
}

const NOT_REVIEWER = 'Chỉ người thẩm định nội dung mới duyệt hoặc từ chối được phiên bản gói H5P.';
const NO_SUCH_VERSION = 'Không tìm thấy phiên bản này của gói.';
const NOT_PENDING =
  'Phiên bản này không còn chờ duyệt (có thể đã được duyệt, bị từ chối hoặc gói đã bị xóa). Hãy xem lại trạng thái hiện tại.';

/**
 * Runs a review step as the one change to the package at a time; another instance holding the
 * package for longer than we wait is a refusal to show (409), not a server error.
 */
function reviewStep(
  packageId: string,
  step: () => Promise<ReviewOutcome>,
  db: Database,
  options: ReviewOptions,
): Promise<ReviewOutcome> {
  return oneAtATime(packageId, step, db, options.lockWaitMs).catch((error: unknown): ReviewOutcome => {
    if (error instanceof LeaseBusyError) return { ok: false, status: 409, message: error.message };
    throw error;
  });
}

/** Thrown inside a transaction to roll it back when the conditional update found nothing to move. */
class AlreadyMoved extends Error {}

async function pendingVersion(
  db: Database,
  packageId: string,
  versionNumber: number,
): Promise<H5pPackageVersion | ReviewOutcome> {
  const version = await db
    .select()
    .from(h5pPackageVersions)
    .where(and(eq(h5pPackageVersions.packageId, packageId), eq(h5pPackageVersions.versionNumber, versionNumber)))
    .get();
  if (!version) return { ok: false, status: 404, message: NO_SUCH_VERSION };
  if (version.status !== 'pending') return { ok: false, status: 409, message: NOT_PENDING };
  return version;
}

/** A reviewer makes a pending version live; the version it replaces is retired (its files stay for the grace period). */
export function approveVersion(
  user: SessionUser,
  packageId: string,
  versionNumber: number,
  options: ReviewOptions = {},
): Promise<ReviewOutcome> {
  if (!isH5pReviewer(user)) return Promise.resolve({ ok: false, status: 403, message: NOT_REVIEWER });
  const db = options.db ?? getDb();
  const root = options.root ?? h5pStorageRoot();
  return reviewStep(
    packageId,
    async (): Promise<ReviewOutcome> => {
      const found = await pendingVersion(db, packageId, versionNumber);
      if ('ok' in found) return found;
      if (!(await isFolder(versionFolder(packageId, found.folder, root)))) {
        return {
          ok: false,
          status: 409,
          message: 'Tệp của phiên bản này không còn trên máy chủ nên không duyệt được; hãy nhập lại gói.',
        };
      }
      const now = options.now ?? new Date();
      try {
        return await db.transaction(async (tx) => {
          const [retired] = await tx
            .update(h5pPackageVersions)
            .set({ status: 'retired', supersededAt: now })
            .where(and(eq(h5pPackageVersions.packageId, packageId), eq(h5pPackageVersions.status, 'live')))
            .returning({ versionNumber: h5pPackageVersions.versionNumber });
          const [version] = await tx
            .update(h5pPackageVersions)
            .set({ status: 'live', reviewedBy: user.id, reviewedAt: now })
            .where(and(eq(h5pPackageVersions.id, found.id), eq(h5pPackageVersions.status, 'pending')))
            .returning();
          if (!version) throw new AlreadyMoved();
          const previous = await tx.select().from(h5pPackages).where(eq(h5pPackages.id, packageId)).get();
          const row: H5pPackageRow = {
            id: packageId,
            title: version.title,
            mainLibrary: version.mainLibrary,
            sha256: version.sha256,
            fileCount: version.fileCount,
            inflatedBytes: version.inflatedBytes,
            importedBy: version.importedBy,
            importedAt: version.importedAt,
            // A first version approved creates the package with its importer's ownership.
            ownerId: previous ? previous.ownerId : version.importedBy,
            scope: previous ? previous.scope : version.scope,
            scopeUnitId: previous ? previous.scopeUnitId : version.scopeUnitId,
          };
          const { id, ...changes } = row;
          await tx.insert(h5pPackages).values(row).onConflictDoUpdate({ target: h5pPackages.id, set: changes });
          await recordH5pAudit(tx, {
            action: 'h5p-approve',
            userId: user.id,
            packageId,
            unitId: row.scopeUnitId,
            details: {
              version: versionNumber,
              folder: version.folder,
              importedBy: version.importedBy,
              ...(retired ? { previousVersion: retired.versionNumber } : {}),
            },
            at: now,
          });
          return { ok: true, version } as const;
        });
      } catch (error) {
        if (error instanceof AlreadyMoved) return { ok: false, status: 409, message: NOT_PENDING };
        throw error;
      }
    },
    db,
    options,
  );
}

/** A reviewer refuses a pending version with a comment for its importer; its files are removed. */
export function rejectVersion(
  user: SessionUser,
  packageId: string,
  versionNumber: number,
  comment: string,
  options: ReviewOptions = {},
): Promise<ReviewOutcome> {
  if (!isH5pReviewer(user)) return Promise.resolve({ ok: false, status: 403, message: NOT_REVIEWER });
  const db = options.db ?? getDb();
  const root = options.root ?? h5pStorageRoot();
  return reviewStep(
    packageId,
    async (): Promise<ReviewOutcome> => {
      const found = await pendingVersion(db, packageId, versionNumber);
      if ('ok' in found) return found;
      const now = options.now ?? new Date();
      const version = await db.transaction(async (tx) => {
        const [moved] = await tx
          .update(h5pPackageVersions)
          .set({ status: 'rejected', reviewedBy: user.id, reviewedAt: now, reviewComment: comment, supersededAt: now })
          .where(and(eq(h5pPackageVersions.id, found.id), eq(h5pPackageVersions.status, 'pending')))
          .returning();
        if (!moved) return undefined;
        const unit = await tx
          .select({ scopeUnitId: h5pPackages.scopeUnitId })
          .from(h5pPackages)
          .where(eq(h5pPackages.id, packageId))
          .get();
        await recordH5pAudit(tx, {
          action: 'h5p-reject',
          userId: user.id,
          packageId,
          unitId: unit ? unit.scopeUnitId : moved.scopeUnitId,
          details: { version: versionNumber, folder: moved.folder, importedBy: moved.importedBy, comment },
          at: now,
        });
        return moved;
      });
      if (!version) return { ok: false, status: 409, message: NOT_PENDING };
      await removeVersionFiles(db, version, root, now);
      return { ok: true, version };
    },
    db,
    options,
  );
}

/**
 * Deletes the package: its row goes (lessons show their "not installed" notice), its live version
 * is retired (its files stay for the grace period, for players already open) and its pending
 * versions are rejected. Only a reviewer may delete a package a published lesson embeds; others
 * only the packages that belong to them (package-policy.ts).
 */
export async function deletePackage(
  user: SessionUser,
  packageId: string,
  options: ReviewOptions = {},
): Promise<ReviewOutcome> {
  const db = options.db ?? getDb();
  const root = options.root ?? h5pStorageRoot();
  return reviewStep(
    packageId,
    async (): Promise<ReviewOutcome> => {
      const row = await db.select().from(h5pPackages).where(eq(h5pPackages.id, packageId)).get();
      if (!row) return { ok: false, status: 404, message: 'Không tìm thấy gói này (có thể đã bị xóa).' };
      const usedBy = lessonsUsingPackage(packageId, options.contentRoot);
      const refusal = deleteRefusal(
        user,
        await ownershipOf(db, row),
        usedBy.map((use) => use.lessonTitle),
      );
      if (refusal) return { ok: false, ...refusal };
      const now = options.now ?? new Date();
      const dropped = await db.transaction(async (tx) => {
        const gone = await tx
          .delete(h5pPackages)
          .where(eq(h5pPackages.id, packageId))
          .returning({ id: h5pPackages.id });
        if (gone.length === 0) return undefined;
        const [retired] = await tx
          .update(h5pPackageVersions)
          .set({ status: 'retired', supersededAt: now })
          .where(and(eq(h5pPackageVersions.packageId, packageId), eq(h5pPackageVersions.status, 'live')))
          .returning({ versionNumber: h5pPackageVersions.versionNumber });
        const pending = await tx
          .update(h5pPackageVersions)
          .set({
            status: 'rejected',
            reviewedBy: user.id,
            reviewedAt: now,
            reviewComment: 'Gói đã bị xóa.',
            supersededAt: now,
          })
          .where(and(eq(h5pPackageVersions.packageId, packageId), eq(h5pPackageVersions.status, 'pending')))
          .returning();
        await recordH5pAudit(tx, {
          action: 'h5p-delete',
          userId: user.id,
          packageId,
          unitId: row.scopeUnitId,
          details: {
            title: row.title,
            liveVersion: retired?.versionNumber ?? null,
            pendingRejected: pending.map((version) => version.versionNumber),
            usedByLessons: usedBy.map((use) => use.lessonId),
          },
          at: now,
        });
        return pending;
      });
      if (!dropped) return { ok: false, status: 404, message: 'Không tìm thấy gói này (có thể đã bị xóa).' };
      for (const version of dropped) await removeVersionFiles(db, version, root, now);
      return { ok: true };
    },
    db,
    options,
  );
}

/**
 * Versions of the package that still need `folder` (two versions share a folder when their bytes
 * are the same): live or pending ones, and retired ones whose files have not been removed, other
 * than `exceptId`. `retiredCondition` narrows the retired ones (housekeeping: those still in their grace period).
 */
export function folderStillNeeded(packageId: string, folder: string, exceptId: number, retiredCondition?: SQL): SQL {
  return and(
    eq(h5pPackageVersions.packageId, packageId),
    eq(h5pPackageVersions.folder, folder),
    ne(h5pPackageVersions.id, exceptId),
    or(
      inArray(h5pPackageVersions.status, ['live', 'pending']),
      and(eq(h5pPackageVersions.status, 'retired'), isNull(h5pPackageVersions.filesRemovedAt), retiredCondition),
    ),
  )!;
}

/** Removes a version's folder unless another version still needs it, and records that its files are gone. */
export async function removeVersionFiles(
  db: Database,
  version: H5pPackageVersion,
  root: string,
  now: Date,
  retiredCondition?: SQL,
): Promise<boolean> {
  const other = await db
    .select({ id: h5pPackageVersions.id })
    .from(h5pPackageVersions)
    .where(folderStillNeeded(version.packageId, version.folder, version.id, retiredCondition))
    .get();
  if (other) return false;
  await rm(versionFolder(version.packageId, version.folder, root), { recursive: true, force: true });
  await db.update(h5pPackageVersions).set({ filesRemovedAt: now }).where(eq(h5pPackageVersions.id, version.id));
  return true;
}
