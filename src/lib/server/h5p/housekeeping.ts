/**
 * Housekeeping of version folders. A version that stops being live (replaced, or its package
 * deleted) keeps its folder for a grace period, because the player URL names the version and a
 * player opened before the change keeps loading its files from there. After the grace period its
 * folder is removed, unless another version still uses the same folder (same bytes). Leftovers of
 * a crash (a folder no version names, an unfinished ".partial-" extraction) older than the grace
 * period go too. Never run on the request that retires a version: only later.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import { h5pPackageVersions } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { oneAtATime } from './package-queue.ts';
import { removeVersionFiles } from './review.ts';
import { h5pStorageRoot, VERSION_PATTERN } from './storage.ts';
import { PACKAGE_ID_PATTERN } from '../../h5p/package-id.ts';

/** How long a superseded version's files stay: a day, longer than anyone keeps a lesson open. */
export const RETIRED_GRACE_MS = 24 * 60 * 60 * 1000;

export interface HousekeepingOptions {
  db?: Database;
  root?: string;
  now?: Date;
  graceMs?: number;
}

/** Removes the folders whose grace period is over; returns them as "<id>/<folder>". */
export async function removeExpiredVersions(options: HousekeepingOptions = {}): Promise<string[]> {
  const db = options.db ?? getDb();
  const root = options.root ?? h5pStorageRoot();
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.graceMs ?? RETIRED_GRACE_MS));
  const removed: string[] = [];

  const expired = await db
    .select()
    .from(h5pPackageVersions)
    .where(
      and(
        inArray(h5pPackageVersions.status, ['retired', 'rejected']),
        isNull(h5pPackageVersions.filesRemovedAt),
        lte(h5pPackageVersions.supersededAt, cutoff),
      ),
    );
  for (const version of expired) {
    const gone = await oneAtATime(
      version.packageId,
      () => removeVersionFiles(db, version, root, now, gt(h5pPackageVersions.supersededAt, cutoff)),
      db,
    );
    if (gone) removed.push(`${version.packageId}/${version.folder}`);
  }
  removed.push(...(await removeStrayFolders(db, root, cutoff)));
  return removed;
}

/** Folders under the storage root that no version still names, last changed before `cutoff`. */
async function removeStrayFolders(db: Database, root: string, cutoff: Date): Promise<string[]> {
  const removed: string[] = [];
  for (const packageId of await folderNames(root)) {
    if (!PACKAGE_ID_PATTERN.test(packageId)) continue;
    await oneAtATime(
      packageId,
      async () => {
        const named = await db
          .select({ folder: h5pPackageVersions.folder })
          .from(h5pPackageVersions)
          .where(and(eq(h5pPackageVersions.packageId, packageId), isNull(h5pPackageVersions.filesRemovedAt)));
        const keep = new Set(named.map((row) => row.folder));
        for (const name of await folderNames(join(root, packageId))) {
          const stray = VERSION_PATTERN.test(name) ? !keep.has(name) : /^\.[0-9a-f]{16}\.partial-/.test(name);
          if (!stray) continue;
          const path = join(root, packageId, name);
          // A folder being written right now is young: only old leftovers go.
          if ((await stat(path)).mtime > cutoff) continue;
          await rm(path, { recursive: true, force: true });
          removed.push(`${packageId}/${name}`);
        }
      },
      db,
    );
  }
  return removed;
}

async function folderNames(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** How often the server runs housekeeping at most, when H5P pages are used. */
const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;
let lastRun = 0;

/**
 * Runs housekeeping in the background, at most every ten minutes: the H5P pages call it after
 * answering, so folders go some time after their grace period ends, never on the request that
 * retired them. A failure is logged, never shown to the user.
 */
export function scheduleHousekeeping(): void {
  const now = Date.now();
  if (now - lastRun < HOUSEKEEPING_INTERVAL_MS) return;
  lastRun = now;
  setTimeout(() => {
    removeExpiredVersions().catch((error: unknown) => console.error('Dọn thư mục phiên bản H5P cũ thất bại:', error));
  }, 0).unref();
}
