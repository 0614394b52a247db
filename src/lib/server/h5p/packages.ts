/** Reading the installed H5P packages: the list instructors see and the package a player plays. */
import { desc, eq } from 'drizzle-orm';
import { h5pPackages, users } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import type { H5pPackageRow } from './import-package.ts';
import { isFolder, PACKAGE_ID_PATTERN, versionFolder, versionOf } from './storage.ts';

/** A package as the import page lists it, with the importer's name. */
export interface H5pPackageListItem extends H5pPackageRow {
  importedByName: string | null;
}

/** Every installed package, most recently imported first. */
export async function listH5pPackages(): Promise<H5pPackageListItem[]> {
  const rows = await getDb()
    .select({ row: h5pPackages, importedByName: users.displayName })
    .from(h5pPackages)
    .leftJoin(users, eq(users.id, h5pPackages.importedBy))
    .orderBy(desc(h5pPackages.importedAt), h5pPackages.id);
  return rows.map(({ row, importedByName }) => ({ ...row, importedByName }));
}

/** The package with this id, or undefined. */
export async function findH5pPackage(id: string): Promise<H5pPackageRow | undefined> {
  if (!PACKAGE_ID_PATTERN.test(id)) return undefined;
  return getDb().select().from(h5pPackages).where(eq(h5pPackages.id, id)).get();
}

/** An installed package that can be played: its row, current version and folder on disk. */
export interface PlayablePackage {
  row: H5pPackageRow;
  version: string;
  folder: string;
}

/** The package if its row exists and its files are on disk; undefined otherwise. */
export async function findPlayablePackage(id: string): Promise<PlayablePackage | undefined> {
  const row = await findH5pPackage(id);
  if (!row) return undefined;
  const version = versionOf(row.sha256);
  const folder = versionFolder(id, version);
  return (await isFolder(folder)) ? { row, version, folder } : undefined;
}
