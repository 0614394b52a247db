/**
 * Each course's credited hours as its files state them (the rule: src/lib/credited-hours.ts), and
 * the refusal of a declared `hours:` the content cannot support. Files that do not parse are left
 * out here: the rest of the content check reports them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import yaml from 'js-yaml';
import { CaseStudySchema } from '../../schemas/case-study.ts';
import { CourseSchema } from '../../schemas/course.ts';
import { LessonSchema } from '../../schemas/lesson.ts';
import { QuizSchema } from '../../schemas/quiz.ts';
import {
  contentMinutes,
  declaredHoursProblem,
  hoursOfMinutes,
  type CourseContentTime,
} from '../../lib/credited-hours.ts';
import type { ContentProblem } from './problems.ts';

export interface CourseHours {
  courseId: string;
  /** The course.yaml, relative to the project. */
  file: string;
  status: 'draft' | 'published';
  sample: boolean;
  declared: number;
  minutes: number;
  credited: number;
  /** False when a lesson, quiz or case study does not parse: the hours are not judged then. */
  complete: boolean;
}

function load(path: string): unknown {
  try {
    return yaml.load(readFileSync(path, 'utf8')) ?? {};
  } catch {
    return undefined;
  }
}

function files(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => pattern.test(name) && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => join(dir, name));
}

/** What the files of one course folder state about its time, and whether every file parsed. */
function contentTime(dir: string): CourseContentTime & { complete: boolean } {
  let complete = true;
  const lessons = files(join(dir, 'lessons'), /\.mdx?$/).flatMap((path) => {
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(path, 'utf8'));
    let data: unknown;
    try {
      data = front ? yaml.load(front[1]) : undefined;
    } catch {
      data = undefined;
    }
    const parsed = LessonSchema.safeParse(data ?? {});
    complete &&= parsed.success;
    return parsed.success ? [parsed.data] : [];
  });
  const quizzes = files(join(dir, 'quizzes'), /\.ya?ml$/).flatMap((path) => {
    const parsed = QuizSchema.safeParse(load(path));
    complete &&= parsed.success;
    return parsed.success ? [parsed.data] : [];
  });
  const caseStudies = files(join(dir, 'case-studies'), /\.ya?ml$/).flatMap((path) => {
    const parsed = CaseStudySchema.safeParse(load(path));
    complete &&= parsed.success;
    return parsed.success ? [parsed.data] : [];
  });
  return { lessons, quizzes, caseStudies, complete };
}

/** Declared and credited hours of every course whose course.yaml is valid, by folder name. */
export function courseHours(root: string): CourseHours[] {
  const coursesDir = join(root, 'content', 'courses');
  if (!existsSync(coursesDir)) return [];
  return readdirSync(coursesDir)
    .filter((name) => !name.startsWith('.') && statSync(join(coursesDir, name)).isDirectory())
    .sort()
    .flatMap((courseId) => {
      const dir = join(coursesDir, courseId);
      const path = join(dir, 'course.yaml');
      if (!existsSync(path)) return [];
      const course = CourseSchema.safeParse(load(path));
      if (!course.success) return [];
      const time = contentTime(dir);
      const minutes = contentMinutes(time);
      return [
        {
          courseId,
          file: relative(root, path),
          status: course.data.status,
          sample: course.data.sample,
          declared: course.data.hours,
          minutes,
          credited: hoursOfMinutes(minutes),
          complete: time.complete,
        },
      ];
    });
}

/**
 * A published course whose declared hours exceed its content's is refused. A hidden course
 * (status: draft) is still being written, so its figures are printed and not yet enforced.
 */
export function hoursProblems(hours: readonly CourseHours[]): ContentProblem[] {
  return hours.flatMap((course) => {
    // A file that does not parse is reported on its own; its minutes are unknown, so no judgement.
    if (course.status !== 'published' || !course.complete) return [];
    const message = declaredHoursProblem(course.declared, course.minutes);
    return message ? [{ file: course.file, field: 'hours', message }] : [];
  });
}
