/**
 * A throwaway copy of the project for tests that publish or switch builds: they write content/,
 * data/builds/ and dist/ of the copy, never of the repository. node_modules is a symlink.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** What a copy holds: enough to build (astro build) and to serve (scripts/serve.mjs). */
const COPIED = ['src', 'content', 'public', 'db', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json', 'dist'];

export interface ProjectCopy {
  /** The copy's root folder (use it as cwd). */
  readonly root: string;
  /** Deletes the copy. */
  cleanup(): void;
}

/** Copies the project at `from` (the repository by default) into a new temporary folder. */
export function copyProject(from = process.cwd()): ProjectCopy {
  const source = resolve(from);
  const root = mkdtempSync(join(tmpdir(), 'hls-project-'));
  for (const name of COPIED) {
    if (existsSync(join(source, name))) cpSync(join(source, name), join(root, name), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(join(source, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
