/**
 * Finds the demo content the end-to-end tests walk through, by reading content/ the way the
 * site does, so the tests follow the content instead of hard-coding its file names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import {
  caseStudyUrl,
  courseUrl,
  lessonIdFromPath,
  lessonOrderFromPath,
  lessonUrl,
} from '../../src/lib/content-paths.ts';
import type { CaseStudy } from '../../src/schemas/case-study.ts';

const COURSES = join(process.cwd(), 'content', 'courses');

export interface DemoLesson {
  courseId: string;
  url: string;
  source: string;
}

/** Published demo course ids with their titles. */
export function demoCourses(): { id: string; url: string; title: string; kind: string }[] {
  return readdirSync(COURSES)
    .map((id) => ({
      id,
      data: yaml.load(readFileSync(join(COURSES, id, 'course.yaml'), 'utf8')) as {
        title: string;
        kind: string;
        status: string;
      },
    }))
    .filter(({ data }) => data.status === 'published')
    .map(({ id, data }) => ({ id, url: courseUrl(id), title: data.title, kind: data.kind }));
}

/** Every lesson of the published demo courses, in order. */
export function demoLessons(): DemoLesson[] {
  return demoCourses().flatMap(({ id }) =>
    readdirSync(join(COURSES, id, 'lessons'))
      .sort((a, b) => lessonOrderFromPath(a) - lessonOrderFromPath(b))
      .map((file) => ({
        courseId: id,
        url: lessonUrl(lessonIdFromPath(`${id}/lessons/${file}`)),
        source: readFileSync(join(COURSES, id, 'lessons', file), 'utf8'),
      })),
  );
}

/** The first demo lesson that embeds a video. */
export function lessonWithVideo(): DemoLesson {
  const lesson = demoLessons().find((candidate) => candidate.source.includes('<Video '));
  if (!lesson) throw new Error('Không có bài học mẫu nào có video.');
  return lesson;
}

/** A demo lesson with a subject-expert note (<ExpertCheck>) and dated legal references. */
export function lessonWithExpertCheck(): DemoLesson {
  const lesson = demoLessons().find(
    (candidate) => candidate.source.includes('<ExpertCheck ') && candidate.source.includes('<LegalRef '),
  );
  if (!lesson) throw new Error('Không có bài học mẫu nào có ghi chú cần chuyên gia kiểm tra.');
  return lesson;
}

/** A demo case study whose first decision leads to a further decision. */
export function branchingCaseStudy(): { id: string; url: string; study: CaseStudy } {
  for (const { id: courseId } of demoCourses()) {
    const dir = join(COURSES, courseId, 'case-studies');
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const file of files) {
      const study = yaml.load(readFileSync(join(dir, file), 'utf8')) as CaseStudy;
      const start = study.decisions.find((decision) => decision.id === study.start)!;
      if (start.options.some((option) => option.next)) {
        const id = file.replace(/\.ya?ml$/, '');
        return { id, url: caseStudyUrl(courseId, id), study };
      }
    }
  }
  throw new Error('Không có tình huống mẫu nào có hai cấp quyết định.');
}
