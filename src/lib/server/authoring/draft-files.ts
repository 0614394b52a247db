/**
 * Where a draft's files live and how they map to the live content/ folder. Draft file keys are
 * paths under content/ ("courses/<id>/lessons/01-x.mdx", "videos/<id>.yaml"); uploaded media wait in
 * data/drafts/<draft id>/public/<path under public/>. Pure apart from reading the live files.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** The project folder the running server reads content/ and public/ from. */
export function siteRoot(): string {
  return process.cwd();
}

/** The folder uploaded media of a draft wait in until publication. */
export function draftMediaDir(draftId: string): string {
  return join(siteRoot(), 'data', 'drafts', draftId, 'public');
}

/** A public path ("media/videos/x.mp4") of a draft's upload, as a file path; undefined if it escapes. */
export function draftMediaFile(draftId: string, publicPath: string): string | undefined {
  const base = draftMediaDir(draftId);
  const file = resolve(base, publicPath);
  return file.startsWith(base + sep) ? file : undefined;
}

/** The key prefix of a course's folder in a draft. */
export function courseFolderKey(courseId: string): string {
  return `courses/${courseId}/`;
}

/** A draft key is a relative path with safe segments only (no "..", no absolute paths). */
export function isSafeDraftKey(key: string): boolean {
  return /^(courses\/[a-z0-9][a-z0-9-]*\/(course\.yaml|(lessons|case-studies|question-banks|quizzes)\/[a-z0-9][a-z0-9-]*\.(mdx?|ya?ml))|videos\/[a-z0-9][a-z0-9-]*\.ya?ml)$/.test(
    key,
  );
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}

/** Ids of the videos a lesson body embeds with <Video id="…" />. */
export function videoIdsIn(body: string): string[] {
  return [...body.matchAll(/<Video\s+[^>]*\bid=["']([a-z0-9][a-z0-9-]*)["']/g)].map((match) => match[1]);
}

/**
 * The live files of a course as draft entries: its whole folder, plus the videos its lessons embed
 * (videos live in content/videos/, shared by all courses).
 */
export function liveCourseFiles(courseId: string, root = siteRoot()): Record<string, string> {
  const contentDir = join(root, 'content');
  const files: Record<string, string> = {};
  for (const path of filesUnder(join(contentDir, 'courses', courseId))) {
    const key = relative(contentDir, path).split(sep).join('/');
    if (isSafeDraftKey(key)) files[key] = readFileSync(path, 'utf8');
  }
  for (const [key, text] of Object.entries(files)) {
    if (!key.includes('/lessons/')) continue;
    for (const videoId of videoIdsIn(text)) {
      const videoPath = join(contentDir, 'videos', `${videoId}.yaml`);
      if (existsSync(videoPath)) files[`videos/${videoId}.yaml`] = readFileSync(videoPath, 'utf8');
    }
  }
  return files;
}

/** True when content/courses/<id>/ exists in the live content. */
export function liveCourseExists(courseId: string, root = siteRoot()): boolean {
  return existsSync(join(root, 'content', 'courses', courseId, 'course.yaml'));
}
