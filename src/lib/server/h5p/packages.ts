/** Reading the installed H5P packages: the lists the import page shows, one package's page, and what a player plays. */
import { aliasedTable, and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { h5pPackages, h5pPackageVersions, units, users, type H5pPackageVersion } from '../../../../db/schema/index.ts';
import type { H5pScope } from '../../h5p/vocabulary.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import type { H5pPackageRow } from './import-package.ts';
import { isH5pReviewer } from '../../h5p/package-policy.ts';
import { isFolder, VERSION_PATTERN, versionFolder, versionOf } from './storage.ts';
import { PACKAGE_ID_PATTERN } from '../../h5p/package-id.ts';

/** A package as the import page lists it, with the importer's name and its live version number. */
export interface H5pPackageListItem extends H5pPackageRow {
  importedByName: string | null;
  liveVersion: number | null;
}

const importer = aliasedTable(users, 'importer');
const reviewer = aliasedTable(users, 'reviewer');

/** Every installed package, most recently imported first. */
export async function listH5pPackages(): Promise<H5pPackageListItem[]> {
  const rows = await getDb()
    .select({ row: h5pPackages, importedByName: users.displayName, liveVersion: h5pPackageVersions.versionNumber })
    .from(h5pPackages)
    .leftJoin(users, eq(users.id, h5pPackages.importedBy))
    .leftJoin(
      h5pPackageVersions,
      and(eq(h5pPackageVersions.packageId, h5pPackages.id), eq(h5pPackageVersions.status, 'live')),
    )
    .orderBy(desc(h5pPackages.importedAt), h5pPackages.id);
  return rows.map(({ row, importedByName, liveVersion }) => ({ ...row, importedByName, liveVersion }));
}

/** The package with this id, or undefined. */
export async function findH5pPackage(id: string): Promise<H5pPackageRow | undefined> {
  if (!PACKAGE_ID_PATTERN.test(id)) return undefined;
  return getDb().select().from(h5pPackages).where(eq(h5pPackages.id, id)).get();
}

/** A version with the names of who imported and who reviewed it. */
export interface H5pVersionItem extends H5pPackageVersion {
  importedByName: string | null;
  reviewedByName: string | null;
}

function versionsQuery() {
  return getDb()
    .select({ version: h5pPackageVersions, importedByName: importer.displayName, reviewedByName: reviewer.displayName })
    .from(h5pPackageVersions)
    .leftJoin(importer, eq(importer.id, h5pPackageVersions.importedBy))
    .leftJoin(reviewer, eq(reviewer.id, h5pPackageVersions.reviewedBy));
}

const named = (
  rows: { version: H5pPackageVersion; importedByName: string | null; reviewedByName: string | null }[],
): H5pVersionItem[] =>
  rows.map(({ version, importedByName, reviewedByName }) => ({ ...version, importedByName, reviewedByName }));

/** Pending versions the user should see: every one for a reviewer, their own uploads for anyone else; oldest first. */
export async function pendingVersionsFor(user: SessionUser): Promise<H5pVersionItem[]> {
  const condition = isH5pReviewer(user)
    ? eq(h5pPackageVersions.status, 'pending')
    : and(eq(h5pPackageVersions.status, 'pending'), eq(h5pPackageVersions.importedBy, user.id));
  return named(
    await versionsQuery().where(condition).orderBy(asc(h5pPackageVersions.importedAt), asc(h5pPackageVersions.id)),
  );
}

/** Every version of a package id, newest first. */
export async function versionsOf(packageId: string): Promise<H5pVersionItem[]> {
  if (!PACKAGE_ID_PATTERN.test(packageId)) return [];
  return named(
    await versionsQuery()
      .where(eq(h5pPackageVersions.packageId, packageId))
      .orderBy(desc(h5pPackageVersions.versionNumber)),
  );
}

/** Who a package belongs to, in words for its page. */
export interface PackageOwner {
  ownerName: string | null;
  scope: H5pScope;
  unitName: string | null;
}

export async function ownerOf(row: H5pPackageRow): Promise<PackageOwner> {
  const db = getDb();
  const owner = row.ownerId
    ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, row.ownerId)).get()
    : undefined;
  const unit = row.scopeUnitId
    ? await db.select({ name: units.name }).from(units).where(eq(units.id, row.scopeUnitId)).get()
    : undefined;
  return { ownerName: owner?.name ?? null, scope: row.scope, unitName: unit?.name ?? null };
}

/** An installed version that can be played: its title, version folder name and folder on disk. */
export interface PlayablePackage {
  title: string;
  version: string;
  folder: string;
}

/** The live version if the package exists and its files are on disk; undefined otherwise. */
export async function findPlayablePackage(id: string): Promise<PlayablePackage | undefined> {
  const row = await findH5pPackage(id);
  if (!row) return undefined;
  const version = versionOf(row.sha256);
  const folder = versionFolder(id, version);
  return (await isFolder(folder)) ? { title: row.title, version, folder } : undefined;
}

/**
 * A given version by its folder name, for a reviewer's preview of a pending version or a player
 * of a superseded one still in its grace period: pending, live or retired with its files still
 * there. Rejected versions never play.
 */
export async function findPlayableVersion(id: string, version: string): Promise<PlayablePackage | undefined> {
  if (!PACKAGE_ID_PATTERN.test(id) || !VERSION_PATTERN.test(version)) return undefined;
  const row = await getDb()
    .select({ title: h5pPackageVersions.title })
    .from(h5pPackageVersions)
    .where(
      and(
        eq(h5pPackageVersions.packageId, id),
        eq(h5pPackageVersions.folder, version),
        inArray(h5pPackageVersions.status, ['pending', 'live', 'retired']),
        isNull(h5pPackageVersions.filesRemovedAt),
      ),
    )
    .orderBy(desc(h5pPackageVersions.versionNumber))
    .get();
  if (!row) return undefined;
  const folder = versionFolder(id, version);
  return (await isFolder(folder)) ? { title: row.title, version, folder } : undefined;
}
