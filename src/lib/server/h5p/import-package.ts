/**
 * The one way a package version gets installed, used by the import page and the demo seed alike:
 * validate, extract into its version folder (all or nothing), then record the version and, when it
 * goes live, point the h5p_packages row at it, in one transaction. The row is the commit point:
 * until it changes, lessons play the old version; after it, the new one. The old version's folder
 * is not touched: players opened before the change keep loading it, and housekeeping
 * (housekeeping.ts) removes it only after a grace period.
 *
 * Whether an upload goes live at once or waits for a content reviewer is package-policy.ts's rule:
 * a package that a published lesson embeds changes only through a reviewer.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { and, eq, max } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { h5pPackages, h5pPackageVersions, units, type H5pPackageVersion } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { recordH5pAudit } from './audit.ts';
import { extractValidatedPackage } from './extract-package.ts';
import { lessonsUsingPackage, type LessonUse } from './lesson-usage.ts';
import type { H5pLimits } from '../../h5p/package-rules.ts';
import { scopeOfImporter, uploadMode, type PackageOwnership } from '../../h5p/package-policy.ts';
import { oneAtATime } from './package-queue.ts';
import { isPlainTitle } from '../../h5p/package-title.ts';
import { h5pStorageRoot, isFolder, versionFolder, versionOf } from './storage.ts';
import { PACKAGE_ID_PATTERN, RESERVED_PACKAGE_IDS } from '../../h5p/package-id.ts';
import { validateH5pPackage, type H5pSource, type H5pValidation } from './validate-package.ts';

export type H5pPackageRow = typeof h5pPackages.$inferSelect;

/** What to install: the package bytes and how lessons will name it. */
export interface H5pImportRequest {
  /** The id lessons use; must match PACKAGE_ID_PATTERN (the form checks it first). */
  id: string;
  /** Title shown to instructors and learners; plain text (H5pTitleSchema; the form checks it first). */
  title: string;
  /** The uploaded `.h5p` file: its bytes, or the path of the temporary file it was received into. */
  bytes: H5pSource;
  /** The user importing, or null for the seed. */
  importedBy: string | null;
  /** The signed-in importer, whose roles decide whether the upload goes live; required when importedBy is set. */
  actor?: SessionUser;
}

export type H5pImportOutcome =
  /** Installed and live: lessons play it from now on. */
  | { ok: true; status: 'live'; row: H5pPackageRow; version: H5pPackageVersion; replaced: boolean }
  /** Installed as a pending version: lessons keep playing the live one until a reviewer approves it. */
  | { ok: true; status: 'pending'; version: H5pPackageVersion; usedBy: LessonUse[]; replaced: false; row?: undefined }
  | { ok: false; problems: string[] };

/** Where to install; tests pass their own database, folders and clock. */
export interface H5pImportOptions {
  db?: Database;
  root?: string;
  limits?: Partial<H5pLimits>;
  /** The project folder whose content/courses/ says which lessons are published (the server's working folder by default). */
  contentRoot?: string;
  now?: Date;
}

/**
 * Installs a version of the package `id`. A refused package writes nothing, neither files nor
 * rows. Throws only on failures that are not the package's fault (disk, database), after
 * removing whatever it had written, and on programming errors (an unsafe id, a title that is not
 * plain text, a user import without its actor).
 */
export function importH5pPackage(request: H5pImportRequest, options: H5pImportOptions = {}): Promise<H5pImportOutcome> {
  if (!PACKAGE_ID_PATTERN.test(request.id) || RESERVED_PACKAGE_IDS.has(request.id)) {
    throw new Error(`importH5pPackage: invalid package id ${JSON.stringify(request.id)}`);
  }
  if (!isPlainTitle(request.title))
    throw new Error('importH5pPackage: the title must be plain text checked by H5pTitleSchema');
  if (request.importedBy !== null && request.actor?.id !== request.importedBy) {
    throw new Error('importH5pPackage: an import by a user needs that user as actor, for the review rules');
  }
  return oneAtATime(request.id, () => install(request, options), options.db);
}

async function install(request: H5pImportRequest, options: H5pImportOptions): Promise<H5pImportOutcome> {
  const db = options.db ?? getDb();
  const root = options.root ?? h5pStorageRoot();
  const sha256 = await sha256Of(request.bytes);
  const folder = versionOf(sha256);
  const target = versionFolder(request.id, folder, root);

  const { validation, created } = await installVersion(request.bytes, target, options.limits);
  if (!validation.ok) return { ok: false, problems: validation.problems };

  const now = options.now ?? new Date();
  const usedBy = lessonsUsingPackage(request.id, options.contentRoot);
  const facts = {
    title: request.title,
    mainLibrary: mainLibraryOf(validation),
    fileCount: validation.files.length,
    inflatedBytes: validation.files.reduce((sum, file) => sum + file.size, 0),
  };
  try {
    return await db.transaction(async (tx): Promise<H5pImportOutcome> => {
      const previous = await tx.select().from(h5pPackages).where(eq(h5pPackages.id, request.id)).get();
      const ownership = previous ? await ownershipOf(tx, previous) : undefined;
      const mode = request.actor ? uploadMode(request.actor, ownership, usedBy.length > 0) : 'live';
      const importerScope = scopeOfImporter(request.actor ?? null);
      const [{ last }] = await tx
        .select({ last: max(h5pPackageVersions.versionNumber) })
        .from(h5pPackageVersions)
        .where(eq(h5pPackageVersions.packageId, request.id));
      const versionNumber = (last ?? 0) + 1;
      const versionRow = {
        packageId: request.id,
        versionNumber,
        sha256,
        folder,
        ...facts,
        importedBy: request.importedBy,
        importedAt: now,
        ...importerScope,
      };
      const unitId = previous ? previous.scopeUnitId : importerScope.scopeUnitId;

      if (mode === 'pending') {
        const [version] = await tx
          .insert(h5pPackageVersions)
          .values({ ...versionRow, status: 'pending' })
          .returning();
        await recordH5pAudit(tx, {
          action: 'h5p-submit',
          userId: request.importedBy,
          packageId: request.id,
          unitId,
          details: {
            version: versionNumber,
            folder,
            title: facts.title,
            usedByLessons: usedBy.map((use) => use.lessonId),
          },
          at: now,
        });
        return { ok: true, status: 'pending', version, usedBy, replaced: false };
      }

      const [retired] = await tx
        .update(h5pPackageVersions)
        .set({ status: 'retired', supersededAt: now })
        .where(and(eq(h5pPackageVersions.packageId, request.id), eq(h5pPackageVersions.status, 'live')))
        .returning({ versionNumber: h5pPackageVersions.versionNumber });
      const [version] = await tx
        .insert(h5pPackageVersions)
        .values({ ...versionRow, status: 'live' })
        .returning();
      const row: H5pPackageRow = {
        id: request.id,
        ...facts,
        sha256,
        importedBy: request.importedBy,
        importedAt: now,
        ownerId: previous ? previous.ownerId : request.importedBy,
        scope: previous ? previous.scope : importerScope.scope,
        scopeUnitId: previous ? previous.scopeUnitId : importerScope.scopeUnitId,
      };
      const { id, ...changes } = row;
      await tx.insert(h5pPackages).values(row).onConflictDoUpdate({ target: h5pPackages.id, set: changes });
      await recordH5pAudit(tx, {
        action: previous ? 'h5p-replace' : 'h5p-import',
        userId: request.importedBy,
        packageId: request.id,
        unitId,
        details: {
          version: versionNumber,
          folder,
          title: facts.title,
          ...(retired ? { previousVersion: retired.versionNumber } : {}),
        },
        at: now,
      });
      return { ok: true, status: 'live', row, version, replaced: previous !== undefined };
    });
  } catch (error) {
    // Not committed: no row names the new folder, so it is unused.
    if (created) await rm(target, { recursive: true, force: true });
    throw error;
  }
}

/** The package's owner, scope and the tree path of its scope's unit. */
export async function ownershipOf(db: Pick<Database, 'select'>, row: H5pPackageRow): Promise<PackageOwnership> {
  const unit = row.scopeUnitId
    ? await db.select({ path: units.path }).from(units).where(eq(units.id, row.scopeUnitId)).get()
    : undefined;
  return { ownerId: row.ownerId, scope: row.scope, scopeUnitPath: unit?.path ?? null };
}

/**
 * Validates the package and, when it is new, extracts it into `target`. The same bytes always go
 * to the same folder, so an existing folder is already this package (another import, or an
 * earlier version with the same bytes, got there first) and is only validated.
 */
async function installVersion(
  bytes: H5pSource,
  target: string,
  limits: Partial<H5pLimits> | undefined,
): Promise<{ validation: H5pValidation; created: boolean }> {
  if (await isFolder(target)) return { validation: await validateH5pPackage(bytes, limits), created: false };
  try {
    const validation = await extractValidatedPackage(bytes, target, limits);
    return { validation, created: validation.ok };
  } catch (error) {
    if (await isFolder(target)) return { validation: await validateH5pPackage(bytes, limits), created: false };
    throw error;
  }
}

/** The SHA-256 of the package, read from disk in chunks when it is a file. */
async function sha256Of(source: H5pSource): Promise<string> {
  const hash = createHash('sha256');
  if (typeof source !== 'string') return hash.update(source).digest('hex');
  for await (const chunk of createReadStream(source)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** "H5P.MultiChoice 1.14": the main library with the version h5p.json asks for. */
function mainLibraryOf(validation: Extract<H5pValidation, { ok: true }>): string {
  const { mainLibrary, preloadedDependencies } = validation.manifest;
  const dependency = preloadedDependencies.find((candidate) => candidate.machineName === mainLibrary);
  return dependency ? `${mainLibrary} ${dependency.majorVersion}.${dependency.minorVersion}` : mainLibrary;
}
