/** A scratch copy of the project (code, config, public/, db/) with its own content/, for benchmarks. */
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MIRRORED } from '../src/lib/server/publishing/workspace.ts';

const PROJECT = resolve(import.meta.dirname, '..');

/**
 * Creates (or recreates) `.bench/<name>` with what a build needs from the project (the same list
 * as the publishing workspace, so the two cannot drift apart: src/ imports db/, for one) and an
 * empty content/ folder.
 */
export function createScratchProject(name: string): string {
  const root = join(PROJECT, '.bench', name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'content'), { recursive: true });
  for (const entry of MIRRORED) {
    if (entry === 'content') continue;
    cpSync(join(PROJECT, entry), join(root, entry), { recursive: true });
  }
  symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'));
  return root;
}
