/**
 * A throwaway copy of the project for tests that publish or switch builds: they write content/,
 * data/builds/ and dist/ of the copy, never of the repository. node_modules is a symlink.
 */
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** What a copy holds: enough to build (astro build) and to serve (scripts/serve.mjs). */
const COPIED = [
  'src',
  'content',
  'public',
  'db',
  'scripts',
  'astro.config.mjs',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  'dist',
];

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
    if (existsSync(join(source, name)))
      cpSync(join(source, name), join(root, name), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(join(source, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Makes a copied build's manifest trust forwarded headers for `site`, as a build made with
 * SITE_URL does, so a test behind a proxy (or posing as one) needs no second two-minute build.
 */
export function buildWithSite(root: string, site: URL): void {
  const chunks = join(root, 'dist/server/chunks');
  const marker = '"allowedDomains":[]';
  const files = readdirSync(chunks).filter(
    (name) => name.endsWith('.mjs') && readFileSync(join(chunks, name), 'utf8').includes(marker),
  );
  assert.equal(files.length, 1, `the build's manifest (${marker}) was not found in dist/server/chunks`);
  const file = join(chunks, files[0]);
  const domains = JSON.stringify([{ hostname: site.hostname, protocol: site.protocol.replace(':', '') }]);
  writeFileSync(file, readFileSync(file, 'utf8').replace(marker, `"allowedDomains":${domains}`));
}
