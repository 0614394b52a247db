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

/** The site a build made without SITE_URL names (astro.config.mjs). */
const DEFAULT_SITE = 'http://127.0.0.1:4321';

/**
 * Makes a copied build what a build made with SITE_URL=`site` is, so a test behind a proxy (or
 * posing as one) needs no second two-minute build: its manifest trusts forwarded headers for
 * `site`, and every place the build inlined its site (Astro.site, import.meta.env.SITE, which the
 * hot path reads) names `site`.
 */
export function buildWithSite(root: string, site: URL): void {
  const folders = [join(root, 'dist/server'), join(root, 'dist/server/chunks')];
  const marker = '"allowedDomains":[]';
  const domains = JSON.stringify([{ hostname: site.hostname, protocol: site.protocol.replace(':', '') }]);
  let manifests = 0;
  let inlined = 0;
  for (const folder of folders) {
    for (const name of readdirSync(folder).filter((each) => each.endsWith('.mjs'))) {
      const file = join(folder, name);
      const text = readFileSync(file, 'utf8');
      if (!text.includes(marker) && !text.includes(DEFAULT_SITE)) continue;
      if (text.includes(marker)) manifests++;
      if (text.includes(`"SITE": "${DEFAULT_SITE}"`)) inlined++;
      writeFileSync(file, text.replace(marker, `"allowedDomains":${domains}`).replaceAll(DEFAULT_SITE, site.origin));
    }
  }
  assert.equal(manifests, 1, `the build's manifest (${marker}) was not found in dist/server`);
  assert.ok(inlined > 0, `no import.meta.env.SITE (${DEFAULT_SITE}) inlined in dist/server`);
}
