/**
 * What the published content asks of a learner, as plain data: each course's lessons (required
 * or not), the videos embedded in them, its final test, video lengths and case studies. Built
 * from the content collections by src/lib/server/content/progress-content.ts; pure here so that
 * rules and checks can be tested without Astro.
 */
import { courseUrl, lessonUrl } from '../content-paths.ts';

/** One lesson of a course as progress sees it. */
export interface LessonRequirement {
  lessonId: string;
  title: string;
  url: string;
  /** Required lessons count toward completion; optional ones do not. */
  required: boolean;
  /** Videos embedded in the lesson body (<Video id="…"/>), in order of appearance. */
  videoIds: string[];
}

/** A course's final test (bài kiểm tra cuối khóa): passing it is part of completing the course. */
export interface FinalTestRequirement {
  /** "<courseId>/<quiz file name>", as quiz_attempts.quiz_id stores it. */
  quizId: string;
  title: string;
  /** The quiz page, where the learner takes the test. */
  url: string;
}

/** A published course and what completing it requires. */
export interface CourseRequirements {
  courseId: string;
  title: string;
  url: string;
  /** Every lesson, in course order. */
  lessons: LessonRequirement[];
  /** Ids of the required lessons, in course order. */
  requiredLessonIds: string[];
  /** Videos embedded in required lessons, each once, in order of first appearance. */
  requiredVideoIds: string[];
  /** The final test to pass, or null for a course without one. */
  finalTest: FinalTestRequirement | null;
}

/** A case study's course and the options open at each of its decisions. */
export interface CaseStudyRequirement {
  courseId: string;
  /** decision id → option ids. */
  options: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Everything the progress server needs to know about the published content. */
export interface ProgressContent {
  /** Published courses by id. */
  courses: ReadonlyMap<string, CourseRequirements>;
  /** Lesson id → id of its (published) course. */
  lessonCourse: ReadonlyMap<string, string>;
  /** Video id → duration in seconds from content/videos/<id>.yaml. */
  videoDurations: ReadonlyMap<string, number>;
  /** Case study id → its course and decisions, for published courses only. */
  caseStudies: ReadonlyMap<string, CaseStudyRequirement>;
}

/** Lesson content as the builder needs it. */
export interface LessonSource {
  lessonId: string;
  title: string;
  required: boolean;
  /** Raw MDX body. */
  body: string;
}

/** Ids of the videos a lesson's MDX body embeds with <Video id="…" />, each once, in order. */
export function videoIdsInLessonBody(body: string): string[] {
  const ids: string[] = [];
  for (const match of body.matchAll(/<Video\b([^>]*)>/g)) {
    const id = /\bid=(?:"([^"]*)"|'([^']*)'|\{\s*["']([^"']*)["']\s*\})/.exec(match[1]);
    const value = id?.[1] ?? id?.[2] ?? id?.[3];
    if (value && !ids.includes(value)) ids.push(value);
  }
  return ids;
}

/** A course's requirements from its lessons (already in course order) and its final test, if any. */
export function courseRequirements(
  course: { courseId: string; title: string },
  lessons: readonly LessonSource[],
  finalTest: FinalTestRequirement | null = null,
): CourseRequirements {
  const items = lessons.map((lesson) => ({
    lessonId: lesson.lessonId,
    title: lesson.title,
    url: lessonUrl(lesson.lessonId),
    required: lesson.required,
    videoIds: videoIdsInLessonBody(lesson.body),
  }));
  const required = items.filter((lesson) => lesson.required);
  return {
    courseId: course.courseId,
    title: course.title,
    url: courseUrl(course.courseId),
    lessons: items,
    requiredLessonIds: required.map((lesson) => lesson.lessonId),
    requiredVideoIds: [...new Set(required.flatMap((lesson) => lesson.videoIds))],
    finalTest,
  };
}
