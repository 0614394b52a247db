/**
 * The real `.h5p` packages the tests use, exported by H5P's own editor (origin and licences in
 * the README.md beside them). Each file is stored once in the repository:
 *  - tests/fixtures/h5p/valid/ and tests/fixtures/h5p/invalid/: the packages only tests use;
 *  - db/seed/h5p/: H5P.MultiChoice.h5p and H5P.TrueFalse.h5p, which the demo seed builds its two
 *    activities from (db/seed may not read tests/, so the tests read these from there).
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeZip, inflateEntry, openZip } from '../../src/lib/server/uploads/read-zip.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const VALID_FOLDERS = [join(repoRoot, 'tests', 'fixtures', 'h5p', 'valid'), join(repoRoot, 'db', 'seed', 'h5p')];
const INVALID_FOLDER = join(repoRoot, 'tests', 'fixtures', 'h5p', 'invalid');

const packagesIn = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.h5p'));

const validPaths = new Map(
  VALID_FOLDERS.flatMap((folder) => packagesIn(folder).map((name) => [name, join(folder, name)] as const)),
);

/** The file names of every valid package (must import and play), sorted. */
export const VALID_H5P_FILES: readonly string[] = [...validPaths.keys()].sort();

/** The file names of every invalid package (an import must refuse, or defuse, each), sorted. */
export const INVALID_H5P_FILES: readonly string[] = packagesIn(INVALID_FOLDER).sort();

/** The path of the valid package `name` (e.g. `H5P.TrueFalse.h5p`); throws for an unknown name. */
export function validH5p(name: string): string {
  const path = validPaths.get(name);
  if (!path) throw new Error(`Không có gói H5P hợp lệ mẫu tên ${name} (có: ${VALID_H5P_FILES.join(', ')}).`);
  return path;
}

/** The path of the invalid package `name` (e.g. `broken-h5p-json.h5p`); throws for an unknown name. */
export function invalidH5p(name: string): string {
  if (!INVALID_H5P_FILES.includes(name))
    throw new Error(`Không có gói H5P lỗi mẫu tên ${name} (có: ${INVALID_H5P_FILES.join(', ')}).`);
  return join(INVALID_FOLDER, name);
}

/** The bytes of `path` inside the valid package `name`, for tests that need genuine media. */
export async function fileInValidH5p(name: string, path: string): Promise<Buffer> {
  const zip = await openZip(validH5p(name));
  if (!zip) throw new Error(`${name} is not a zip`);
  try {
    for await (const entry of zip.eachEntry() as AsyncIterable<import('yauzl').Entry>) {
      if (entry.fileName === path)
        return (await inflateEntry(zip, entry, { totalLeft: 1e9, maxFileBytes: 1e9 }, { collect: true })).data!;
    }
  } finally {
    closeZip(zip);
  }
  throw new Error(`${path} not in ${name}`);
}
