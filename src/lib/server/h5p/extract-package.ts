/**
 * Extraction of an `.h5p` package into a folder, all or nothing: the package is validated, then
 * written into a fresh temporary sibling of the target and renamed into place only once complete,
 * so a failure at any point leaves no target folder behind.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Entry } from 'yauzl';
import { DEFAULT_H5P_LIMITS, isSymlinkAttributes, unsafePathReason, type H5pLimits } from '../../h5p/package-rules.ts';
import { closeZip, inflateEntry, openZip } from '../uploads/read-zip.ts';
import { validateH5pPackage, type H5pSource, type H5pValidation } from './validate-package.ts';

/**
 * Validates `source` and extracts it into `targetDir`, which must not exist yet. Returns the
 * validation; on refusal nothing is written. Throws (after removing its temporary folder) only on
 * failures that are not the package's fault, such as a full disk or an existing target.
 */
export async function extractValidatedPackage(
  source: H5pSource,
  targetDir: string,
  limits: Partial<H5pLimits> = {},
): Promise<H5pValidation> {
  const limit: H5pLimits = { ...DEFAULT_H5P_LIMITS, ...limits };
  const validation = await validateH5pPackage(source, limit);
  if (!validation.ok) return validation;

  const validated = new Set(validation.files.map((file) => file.path));
  await writeFolderAtomically(targetDir, (root) => writeEntries(source, root, limit, validated));
  return validation;
}

/**
 * Creates `targetDir` (which must not exist) all or nothing: `write` fills a fresh temporary
 * sibling folder, which is renamed into place only if `write` succeeds and removed otherwise.
 */
export async function writeFolderAtomically(targetDir: string, write: (root: string) => Promise<void>): Promise<void> {
  const target = resolve(targetDir);
  if (await exists(target)) throw new Error(`H5P extraction target already exists: ${target}`);
  await mkdir(dirname(target), { recursive: true });
  // A sibling, so the final rename stays on one file system and is atomic.
  const temporary = await mkdtemp(join(dirname(target), `.${basename(target)}.partial-`));
  try {
    await write(temporary);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** Writes every validated file under `root`, re-checking each path and the byte limits. */
async function writeEntries(source: H5pSource, root: string, limit: H5pLimits, validated: Set<string>): Promise<void> {
  const zip = await openZip(source);
  if (!zip) throw new Error('H5P package became unreadable between validation and extraction');
  const budget = { totalLeft: limit.maxTotalBytes, maxFileBytes: limit.maxFileBytes };
  try {
    for await (const entry of zip.eachEntry() as AsyncIterable<Entry>) {
      const path = entry.fileName;
      if (unsafePathReason(path) || isSymlinkAttributes(entry.externalFileAttributes)) {
        throw new Error(`Unsafe entry in H5P package: ${JSON.stringify(path)}`);
      }
      if (path.endsWith('/')) continue;
      // The archive may have changed on disk since validation: write only what was validated.
      if (!validated.has(path)) throw new Error(`Entry not seen during validation: ${JSON.stringify(path)}`);
      const destination = resolve(root, ...path.split('/'));
      if (!destination.startsWith(root + sep))
        throw new Error(`Entry escapes the target folder: ${JSON.stringify(path)}`);
      await mkdir(dirname(destination), { recursive: true });
      await inflateEntry(zip, entry, budget, { sink: createWriteStream(destination, { flags: 'wx', mode: 0o644 }) });
    }
  } finally {
    closeZip(zip);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
