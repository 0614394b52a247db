/**
 * The one way a package gets installed, used by the import page and the demo seed alike:
 * validate, extract into a new version folder (all or nothing), then point the h5p_packages row at
 * it. The row is the commit point: until it changes, lessons play the old version, whose files are
 * untouched; after it, the new one. A crash at any moment therefore leaves the old package or the
 * new one, never a mixture; at worst an unused version folder stays behind.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { h5pPackages } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { extractValidatedPackage } from './extract-package.ts';
import type { H5pLimits } from './package-rules.ts';
import { h5pStorageRoot, isFolder, PACKAGE_ID_PATTERN, RESERVED_PACKAGE_IDS, versionFolder, versionOf } from './storage.ts';
import { validateH5pPackage, type H5pValidation } from './validate-package.ts';

export type H5pPackageRow = typeof h5pPackages.$inferSelect;

/** What to install: the package bytes and how lessons will name it. */
export interface H5pImportRequest {
  /** The id lessons use; must match PACKAGE_ID_PATTERN (the form checks it first). */
  id: string;
  /** Title shown to instructors. */
  title: string;
  /** The uploaded `.h5p` file. */
  bytes: Buffer;
  /** The user importing, or null for the seed. */
  importedBy: string | null;
}

export type H5pImportOutcome =
  | { ok: true; row: H5pPackageRow; replaced: boolean }
  | { ok: false; problems: string[] };

/** Where to install; tests pass their own database and folder. */
export interface H5pImportOptions {
  db?: Database;
  root?: string;
  limits?: Partial<H5pLimits>;
}

/**
 * Installs a package under `id`, replacing any earlier package with that id. A refused package
 * writes nothing, neither files nor row. Throws only on failures that are not the package's fault
 * (disk, database), after removing whatever it had written.
 */
export function importH5pPackage(request: H5pImportRequest, options: H5pImportOptions = {}): Promise<H5pImportOutcome> {
  if (!PACKAGE_ID_PATTERN.test(request.id) || RESERVED_PACKAGE_IDS.has(request.id)) {
    throw new Error(`importH5pPackage: invalid package id ${JSON.stringify(request.id)}`);
  }
  return oneAtATime(request.id, () => install(request, options));
}

async function install(request: H5pImportRequest, options: H5pImportOptions): Promise<H5pImportOutcome> {
  const db = options.db ?? getDb();
  const root = options.root ?? h5pStorageRoot();
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');
  const target = versionFolder(request.id, versionOf(sha256), root);

  const { validation, created } = await installVersion(request.bytes, target, options.limits);
  if (!validation.ok) return { ok: false, problems: validation.problems };

  const row: H5pPackageRow = {
    id: request.id,
    title: request.title,
    mainLibrary: mainLibraryOf(validation),
    sha256,
    fileCount: validation.files.length,
    inflatedBytes: validation.files.reduce((sum, file) => sum + file.size, 0),
    importedBy: request.importedBy,
    importedAt: new Date(),
  };
  let previous: H5pPackageRow | undefined;
  try {
    previous = await db.select().from(h5pPackages).where(eq(h5pPackages.id, request.id)).get();
    const { id, ...changes } = row;
    await db.insert(h5pPackages).values(row).onConflictDoUpdate({ target: h5pPackages.id, set: changes });
  } catch (error) {
    // Not committed: the old row still names the old version, so the new folder is unused.
    if (created) await rm(target, { recursive: true, force: true });
    throw error;
  }
  if (previous && versionOf(previous.sha256) !== versionOf(sha256)) {
    await rm(versionFolder(request.id, versionOf(previous.sha256), root), { recursive: true, force: true });
  }
  return { ok: true, row, replaced: previous !== undefined };
}

/**
 * Validates the package and, when it is new, extracts it into `target`. The same bytes always go
 * to the same folder, so an existing folder is already this package (another import got there
 * first) and is only validated.
 */
async function installVersion(
  bytes: Buffer,
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

/** "H5P.MultiChoice 1.14": the main library with the version h5p.json asks for. */
function mainLibraryOf(validation: Extract<H5pValidation, { ok: true }>): string {
  const { mainLibrary, preloadedDependencies } = validation.manifest;
  const dependency = preloadedDependencies.find((candidate) => candidate.machineName === mainLibrary);
  return dependency ? `${mainLibrary} ${dependency.majorVersion}.${dependency.minorVersion}` : mainLibrary;
}

const queues = new Map<string, Promise<unknown>>();

/** Runs imports of one id one after another in this process, so "previous" is always the real one. */
function oneAtATime<T>(id: string, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(id) ?? Promise.resolve()).then(work, work);
  const settled = run.catch(() => undefined);
  queues.set(id, settled);
  void settled.then(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return run;
}
