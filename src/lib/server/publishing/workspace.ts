/**
 * The persistent build workspace (data/publish/workspace/): a mirror of what `astro build` needs
 * from the project, kept between publications so Astro's caches inside it survive. Only files
 * whose size or mtime changed are copied, extras are deleted, so a workspace left dirty by a
 * failed run is restored from the live tree. public/ is mirrored with hard links (media may be
 * large); everything the pipeline writes is written under a new name and renamed, so a link is
 * never written through.
 */
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import { join } from 'node:path';

/** What astro build and the search index need from the project. */
export const MIRRORED = [
  'src',
  'public',
  'content',
  'db',
  'scripts',
  'astro.config.mjs',
  'tsconfig.json',
  'package.json',
] as const;

export function workspaceDir(root: string): string {
  return join(root, 'data', 'publish', 'workspace');
}

function placeFile(from: string, to: string, link: boolean): void {
  if (existsSync(to) || isLink(to)) rmSync(to, { recursive: true, force: true });
  if (link) {
    try {
      linkSync(from, to);
      return;
    } catch {
      // Another file system: copy instead.
    }
  }
  copyFileSync(from, to);
  const stat = statSync(from);
  utimesSync(to, stat.atime, stat.mtime);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Makes `target` a copy (or hard-linked copy) of `source`; returns how many files were written. */
export function syncTree(source: string, target: string, link = false): number {
  const sourceStat = statSync(source);
  if (!sourceStat.isDirectory()) {
    const targetStat = existsSync(target) && !isLink(target) ? statSync(target) : undefined;
    if (targetStat?.isFile() && targetStat.size === sourceStat.size && targetStat.mtimeMs === sourceStat.mtimeMs)
      return 0;
    placeFile(source, target, link);
    return 1;
  }
  if (isLink(target) || (existsSync(target) && !statSync(target).isDirectory())) rmSync(target, { force: true });
  mkdirSync(target, { recursive: true });
  let written = 0;
  const names = new Set(readdirSync(source).filter((name) => !/^\..*\.tmp$/.test(name)));
  for (const name of readdirSync(target)) {
    if (!names.has(name)) rmSync(join(target, name), { recursive: true, force: true });
  }
  for (const name of names) written += syncTree(join(source, name), join(target, name), link);
  return written;
}

/** Brings the workspace in line with the live project; returns the number of files written. */
export function syncWorkspace(root: string): number {
  const workspace = workspaceDir(root);
  mkdirSync(workspace, { recursive: true });
  let written = 0;
  for (const entry of MIRRORED) {
    const source = join(root, entry);
    if (!existsSync(source)) {
      rmSync(join(workspace, entry), { recursive: true, force: true });
      continue;
    }
    written += syncTree(source, join(workspace, entry), entry === 'public');
  }
  const modules = join(workspace, 'node_modules');
  const wanted = join(root, 'node_modules');
  if (!isLink(modules) || readlinkSync(modules) !== wanted) {
    rmSync(modules, { recursive: true, force: true });
    symlinkSync(wanted, modules);
  }
  rmSync(join(workspace, 'dist'), { recursive: true, force: true });
  return written;
}
