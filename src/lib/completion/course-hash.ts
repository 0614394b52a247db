/**
 * The course version hash of a draft's files, computed exactly as completions compute it from the
 * built content (src/lib/server/completion/published-courses.ts): the course data and each lesson's
 * data validated by their schemas, lesson bodies as Astro reads them (after the front matter,
 * trimmed), in file-number order, and the quizzes' versions from the quiz catalog. Pure.
 */
import yaml from 'js-yaml';
import { lessonIdFromPath, lessonOrderFromPath } from '../content-paths.ts';
import { CourseSchema } from '../../schemas/course.ts';
import { LessonSchema } from '../../schemas/lesson.ts';
import { buildQuizCatalog } from '../assessment/quiz-catalog.ts';
import { courseVersion } from './course-version.ts';

/** Astro's front matter block (@astrojs/internal-helpers/frontmatter). */
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

/** courseVersion() of the course in `files` (draft keys: paths under content/). */
export function draftCourseVersion(courseId: string, files: Readonly<Record<string, string>>): string {
  const prefix = `courses/${courseId}/`;
  const course = CourseSchema.parse(yaml.load(files[`${prefix}course.yaml`] ?? ''));
  const lessonKeys = Object.keys(files)
    .filter((key) => key.startsWith(`${prefix}lessons/`) && /\.mdx?$/.test(key))
    .sort((a, b) => lessonOrderFromPath(a) - lessonOrderFromPath(b));
  const lessons = lessonKeys.map((key) => {
    const text = files[key];
    const match = FRONT_MATTER.exec(text);
    const data = LessonSchema.parse(match ? (yaml.load(match[1]) ?? {}) : {});
    const body = (match ? text.slice(match[0].length) : text).trim();
    return { lessonId: lessonIdFromPath(key.slice('courses/'.length)), data, body };
  });
  const catalog = buildQuizCatalog(files, new Set([courseId]));
  const quizzes = (catalog.byCourse.get(courseId) ?? []).map((entry) => ({
    quizId: entry.quizId,
    version: entry.version,
  }));
  return courseVersion({ course, lessons, quizzes });
}
