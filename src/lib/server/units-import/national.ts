/**
 * The bundled national list (db/seed/units/vn-2025.csv): the 34 provinces and cities after the
 * 2025 reorganisation with 3,321 commune-level units (commune names are placeholders: no open
 * list was at hand). Loaded through the same preview and commit as any uploaded list.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionUser } from '../auth/sessions.ts';
import { createUnitPreview } from './preview.ts';

/** Where the list lives, from the project folder (the server's working folder). */
export const NATIONAL_LIST_PATH = join('db', 'seed', 'units', 'vn-2025.csv');

/** Previews the national list for `user` (a system administrator); returns the preview's id. */
export async function previewNationalList(user: SessionUser, projectDir = process.cwd()): Promise<string> {
  const bytes = new Uint8Array(await readFile(join(projectDir, NATIONAL_LIST_PATH)));
  return createUnitPreview(user, 'vn-2025.csv', bytes);
}
