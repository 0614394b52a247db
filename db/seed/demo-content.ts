/**
 * The published courses of content/ as the server's completion and quiz code sees them, read
 * from disk: the seed runs outside Astro, so it cannot use astro:content. Every value is built by
 * the same pure functions the server uses on the built content (buildQuizCatalog,
 * courseRequirements, and draftCourseVersion, which computes a course's version exactly as
 * src/lib/server/completion/published-courses.ts does), so a demo certificate carries the version
 * the running site would give it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { buildQuizCatalog, finalQuizOf, type QuizCatalog } from '../../src/lib/assessment/quiz-catalog.ts';
import { draftCourseVersion } from '../../src/lib/completion/course-hash.ts';
import { lessonIdFromPath, lessonOrderFromPath, quizUrl } from '../../src/lib/content-paths.ts';
import { courseRequirements, type ProgressContent } from '../../src/lib/progress/requirements.ts';
import type { CompletionCourse } from '../../src/lib/server/completion/complete-course.ts';
import { CourseSchema } from '../../src/schemas/course.ts';
import { courseHours } from '../../src/integrations/content-check/course-hours.ts';
import { LessonSchema } from '../../src/schemas/lesson.ts';
import { VideoSchema } from '../../src/schemas/video.ts';
import { TRAINING_KINDS, labelOf } from '../../src/schemas/vocabulary.ts';

/** The published content, as the history seed needs it. */
export interface DemoContent {
  /** What progress events are checked against (checkEventsAgainstContent). */
  progress: ProgressContent;
  /** Published courses as completeCourseIfDue takes them. */
  completion: ReadonlyMap<string, CompletionCourse>;
  /** Quizzes and banks of the published courses, as startAttempt takes them. */
  quizzes: QuizCatalog;
  /** Each published course's kind (a TRAINING_KINDS slug). */
  kinds: ReadonlyMap<string, string>;
}

/** Astro's front matter block (as in src/lib/completion/course-hash.ts). */
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

/** Every file under `dir`, keyed by its path relative to `base` with forward slashes. */
function readTree(dir: string, base: string, into: Record<string, string>): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, `${base}${name}/`, into);
    else if (/\.(ya?ml|mdx?)$/.test(name)) into[`${base}${name}`] = readFileSync(path, 'utf8');
  }
}

/** Reads the published courses of `root`/content. */
export function readDemoContent(root = process.cwd()): DemoContent {
  const coursesDir = join(root, 'content', 'courses');
  const files: Record<string, string> = {};
  const published: string[] = [];
  for (const courseId of existsSync(coursesDir) ? readdirSync(coursesDir).sort() : []) {
    const courseFile = join(coursesDir, courseId, 'course.yaml');
    if (!existsSync(courseFile)) continue;
    if (CourseSchema.parse(yaml.load(readFileSync(courseFile, 'utf8'))).status !== 'published') continue;
    published.push(courseId);
    readTree(join(coursesDir, courseId), `courses/${courseId}/`, files);
  }
  const quizzes = buildQuizCatalog(files, new Set(published));

  const courses = new Map<string, ProgressContent['courses'] extends ReadonlyMap<string, infer R> ? R : never>();
  const lessonCourse = new Map<string, string>();
  const completion = new Map<string, CompletionCourse>();
  const kinds = new Map<string, string>();
  // Credited hours by the content check's own reading of the files (src/lib/credited-hours.ts).
  const credited = new Map(courseHours(root).map((hours) => [hours.courseId, hours.credited]));
  for (const courseId of published) {
    const prefix = `courses/${courseId}/`;
    const course = CourseSchema.parse(yaml.load(files[`${prefix}course.yaml`]));
    const lessons = Object.keys(files)
      .filter((key) => key.startsWith(`${prefix}lessons/`) && /\.mdx?$/.test(key))
      .sort((a, b) => lessonOrderFromPath(a) - lessonOrderFromPath(b))
      .map((key) => {
        const match = FRONT_MATTER.exec(files[key]);
        const data = LessonSchema.parse(match ? (yaml.load(match[1]) ?? {}) : {});
        const body = (match ? files[key].slice(match[0].length) : files[key]).trim();
        return {
          lessonId: lessonIdFromPath(key.slice('courses/'.length)),
          title: data.title,
          required: data.required,
          body,
        };
      });
    const finalQuiz = finalQuizOf(quizzes, courseId);
    const requirements = courseRequirements(
      { courseId, title: course.title },
      lessons,
      finalQuiz ? { quizId: finalQuiz.quizId, title: finalQuiz.quiz.title, url: quizUrl(finalQuiz.quizId) } : null,
    );
    courses.set(courseId, requirements);
    for (const lesson of lessons) lessonCourse.set(lesson.lessonId, courseId);
    completion.set(courseId, {
      courseId,
      title: course.title,
      trainingKind: labelOf(TRAINING_KINDS, course.kind),
      hours: credited.get(courseId) ?? 0,
      sample: course.sample,
      version: draftCourseVersion(courseId, files),
      requirements,
    });
    kinds.set(courseId, course.kind);
  }

  const videosDir = join(root, 'content', 'videos');
  const videoDurations = new Map<string, number>();
  for (const name of existsSync(videosDir) ? readdirSync(videosDir) : []) {
    if (!/\.ya?ml$/.test(name)) continue;
    const video = VideoSchema.parse(yaml.load(readFileSync(join(videosDir, name), 'utf8')));
    videoDurations.set(name.replace(/\.ya?ml$/, ''), video.durationSeconds);
  }

  return {
    progress: { courses, lessonCourse, videoDurations, caseStudies: new Map() },
    completion,
    quizzes,
    kinds,
  };
}
