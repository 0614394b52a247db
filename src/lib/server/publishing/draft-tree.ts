/**
 * Applying a draft to a project tree (a validation stage, the build workspace or the live site):
 * the draft holds the whole course folder, so content/courses/<id>/ is replaced by its files;
 * videos/<id>.yaml keys overwrite; uploaded media overlay public/. Every file is written under a
 * temporary name and renamed, so a reader never sees half a file and a hard link is never written
 * through.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  copyFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { CourseDraft } from '../../../../db/schema/index.ts';
import { courseFolderKey, draftMediaFile } from '../authoring/draft-files.ts';

let counter = 0;
function tempName(file: string): string {
  counter += 1;
  return join(dirname(file), `.${process.pid}-${Date.now()}-${counter}.tmp`);
}

/** Writes a text file atomically (temporary name, then rename). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = tempName(file);
  writeFileSync(temp, data);
  renameSync(temp, file);
}

/** Copies a file atomically (temporary name, then rename). */
export function copyFileAtomic(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const temp = tempName(to);
  copyFileSync(from, temp);
  renameSync(temp, to);
}

/** All files below `dir`, as paths relative to it with "/" separators. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** The draft's uploaded media that exist: [path under public/, file holding the bytes]. */
export function draftMedia(draft: Pick<CourseDraft, 'id' | 'media'>): [string, string][] {
  return draft.media.flatMap((publicPath) => {
    const file = draftMediaFile(draft.id, publicPath);
    return file && existsSync(file) ? [[publicPath, file] as [string, string]] : [];
  });
}

/**
 * Makes `contentDir` hold the draft's course: files of the course folder not in the draft are
 * removed, the draft's files written (only when changed, so unchanged files keep their mtime).
 */
export function applyDraftToContent(contentDir: string, draft: Pick<CourseDraft, 'courseId' | 'files'>): void {
  const folderKey = courseFolderKey(draft.courseId);
  const courseDir = join(contentDir, ...folderKey.split('/').filter(Boolean));
  for (const path of filesBelow(courseDir)) {
    if (!(`${folderKey}${path}` in draft.files)) rmSync(join(courseDir, path), { force: true });
  }
  for (const [key, text] of Object.entries(draft.files)) {
    const file = join(contentDir, ...key.split('/'));
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    writeFileAtomic(file, text);
  }
  removeEmptyDirs(courseDir);
}

/** Copies the draft's media into `publicDir` (atomically per file). */
export function applyDraftMedia(publicDir: string, draft: Pick<CourseDraft, 'id' | 'media'>): void {
  for (const [publicPath, file] of draftMedia(draft)) copyFileAtomic(file, join(publicDir, ...publicPath.split('/')));
}

function removeEmptyDirs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyDirs(join(dir, entry.name));
  }
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
}

/**
 * A view of `source` at `target` made of symbolic links: entries on the way to one of `overlay`
 * (paths relative to source) become real folders so files can be added there; everything else is
 * one link. Nothing is copied.
 */
export function linkTree(source: string, target: string, overlay: readonly string[]): void {
  mkdirSync(target, { recursive: true });
  if (!existsSync(source)) return;
  const firstSegments = new Map<string, string[]>();
  for (const path of overlay) {
    const [head, ...rest] = path.split('/');
    if (rest.length > 0) firstSegments.set(head, [...(firstSegments.get(head) ?? []), rest.join('/')]);
  }
  for (const name of readdirSync(source)) {
    const from = join(source, name);
    const inner = firstSegments.get(name);
    if (inner && statSync(from).isDirectory()) linkTree(from, join(target, name), inner);
    else symlinkSync(from, join(target, name));
  }
}
