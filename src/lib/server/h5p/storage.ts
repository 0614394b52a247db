/**
 * Where installed H5P packages live on disk. Each package id has a folder under the storage root
 * (H5P_DIR, default data/h5p), holding one folder per uploaded version, named after the upload's
 * SHA-256: `<root>/<id>/<version>/h5p.json`. A version folder never changes once it exists, so its
 * files may be cached for ever; the h5p_packages row says which version is live, and
 * h5p_package_versions lists every version. A superseded version's folder stays for a grace
 * period (players opened before the change still load from it) and housekeeping.ts removes it.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PACKAGE_ID_PATTERN } from '../../h5p/package-id.ts';

/** A version folder's name: the first 16 hex digits of the upload's SHA-256. */
export const VERSION_PATTERN = /^[0-9a-f]{16}$/;

/** The storage root: H5P_DIR, or data/h5p in the working folder. */
export function h5pStorageRoot(): string {
  return resolve(process.env.H5P_DIR ?? join('data', 'h5p'));
}

/** The version folder name of an upload with this SHA-256. */
export function versionOf(sha256: string): string {
  return sha256.slice(0, 16);
}

/** The folder of one version of a package. The id must match PACKAGE_ID_PATTERN. */
export function versionFolder(id: string, version: string, root = h5pStorageRoot()): string {
  if (!PACKAGE_ID_PATTERN.test(id) || !VERSION_PATTERN.test(version))
    throw new Error(`Invalid H5P package folder: ${id}/${version}`);
  return join(root, id, version);
}

/** True when `path` is an existing folder. */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
