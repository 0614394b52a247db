/**
 * Which published lessons embed which H5P package: the live lesson files under content/courses/
 * (what the running site was built from and what publishing replaces), read on each call so a
 * publication is seen at once. A course counts when its course.yaml says `status: published`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { lessonIdFromPath, LESSON_FILE_PATTERN } from '../../content-paths.ts';
import { siteRoot } from '../authoring/draft-files.ts';

/** A published lesson that embeds a package. */
export interface LessonUse {
  courseId: string;
  /** "<course>/<slug>". */
  lessonId: string;
  lessonTitle: string;
  /** The lesson's page, /khoa-hoc/<course>/<slug>/. */
  url: string;
}

/** `<H5P … id="x" …>` in a lesson body, as the content check reads it. */
const H5P_EMBED = /<H5P\b[^>]*?\bid=["']([a-z0-9][a-z0-9-]*)["']/g;

function readYaml(path: string): Record<string, unknown> {
  try {
    const data = yaml.load(readFileSync(path, 'utf8'));
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The lesson's front matter title, or its file name when there is none. */
function lessonTitleOf(text: string, file: string): string {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (front) {
    try {
      const data = yaml.load(front[1]) as { title?: unknown } | undefined;
      if (typeof data?.title === 'string' && data.title.trim()) return data.title.trim();
    } catch {
      // Fall back to the file name.
    }
  }
  return file;
}

/** Package id → the published lessons embedding it, for the whole live content. */
export function packageUsage(root = siteRoot()): Map<string, LessonUse[]> {
  const usage = new Map<string, LessonUse[]>();
  const courses = join(root, 'content', 'courses');
  if (!existsSync(courses)) return usage;
  for (const courseId of readdirSync(courses).sort()) {
    if (readYaml(join(courses, courseId, 'course.yaml')).status !== 'published') continue;
    const lessonsDir = join(courses, courseId, 'lessons');
    if (!existsSync(lessonsDir)) continue;
    for (const file of readdirSync(lessonsDir).sort()) {
      if (!LESSON_FILE_PATTERN.test(file)) continue;
      const text = readFileSync(join(lessonsDir, file), 'utf8');
      const ids = new Set([...text.matchAll(H5P_EMBED)].map((match) => match[1]));
      if (ids.size === 0) continue;
      const lessonId = lessonIdFromPath(`${courseId}/lessons/${file}`);
      const use: LessonUse = {
        courseId,
        lessonId,
        lessonTitle: lessonTitleOf(text, file),
        url: `/khoa-hoc/${lessonId}/`,
      };
      for (const id of ids) usage.set(id, [...(usage.get(id) ?? []), use]);
    }
  }
  return usage;
}

/** The published lessons embedding the package (empty when none does). */
export function lessonsUsingPackage(packageId: string, root = siteRoot()): LessonUse[] {
  return packageUsage(root).get(packageId) ?? [];
}
