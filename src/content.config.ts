import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { CaseStudySchema } from './schemas/case-study.ts';
import { CourseSchema } from './schemas/course.ts';
import { LessonSchema } from './schemas/lesson.ts';
import { VideoSchema } from './schemas/video.ts';
import { caseStudyIdFromPath, courseIdFromPath, lessonIdFromPath } from './lib/content-paths.ts';

const COURSES_DIR = './content/courses';

/** Courses: content/courses/<course>/course.yaml, id = the folder name. */
const courses = defineCollection({
  loader: glob({ pattern: '*/course.yaml', base: COURSES_DIR, generateId: ({ entry }) => courseIdFromPath(entry) }),
  schema: CourseSchema,
});

/** Lessons: content/courses/<course>/lessons/NN-slug.mdx, id = "<course>/<slug>". */
const lessons = defineCollection({
  loader: glob({
    pattern: '*/lessons/*.{md,mdx}',
    base: COURSES_DIR,
    generateId: ({ entry }) => lessonIdFromPath(entry),
  }),
  schema: LessonSchema,
});

/** Case studies: content/courses/<course>/case-studies/<id>.yaml, id unique across courses. */
const caseStudies = defineCollection({
  loader: glob({
    pattern: '*/case-studies/*.yaml',
    base: COURSES_DIR,
    generateId: ({ entry }) => caseStudyIdFromPath(entry),
  }),
  schema: CaseStudySchema,
});

/** Videos: content/videos/<id>.yaml, media files in public/media/videos/. */
const videos = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './content/videos' }),
  schema: VideoSchema,
});

export const collections = { courses, lessons, caseStudies, videos };
