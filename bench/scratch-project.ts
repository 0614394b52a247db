/** A scratch copy of the project (code, config, public/) with its own content/, for benchmarks. */
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PROJECT = resolve(import.meta.dirname, '..');

/** Creates (or recreates) `.bench/<name>` with the project's code and an empty content/ folder. */
export function createScratchProject(name: string): string {
  const root = join(PROJECT, '.bench', name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'content'), { recursive: true });
  for (const entry of ['src', 'public', 'scripts', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(PROJECT, entry), join(root, entry), { recursive: true });
  }
  symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'));
  return root;
}
