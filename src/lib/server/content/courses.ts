/**
 * Queries over the published course content. Drafts are filtered out here, once, so no
 * page can show them by forgetting a check.
 */
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import { courseIdFromPath, lessonOrderFromPath } from '../../content-paths.ts';

export type CourseEntry = CollectionEntry<'courses'>;
export type LessonEntry = CollectionEntry<'lessons'>;
export type CaseStudyEntry = CollectionEntry<'caseStudies'>;

/** The course folder an entry's file lives in. */
function courseOf(entry: { filePath?: string }): string {
  const path = (entry.filePath ?? '').replaceAll('\\', '/');
  return courseIdFromPath(path.slice(path.indexOf('content/courses/') + 'content/courses/'.length));
}

/** Published courses, by title in Vietnamese order. */
export async function publishedCourses(): Promise<CourseEntry[]> {
  const courses = await getCollection('courses', (course) => course.data.status === 'published');
  return courses.sort((a, b) => a.data.title.localeCompare(b.data.title, 'vi'));
}

/** A published course by id, or undefined. */
export async function publishedCourse(courseId: string): Promise<CourseEntry | undefined> {
  const course = await getEntry('courses', courseId);
  return course?.data.status === 'published' ? course : undefined;
}

/** The lessons of a course, in the order of their file numbers. */
export async function lessonsOf(courseId: string): Promise<LessonEntry[]> {
  const lessons = await getCollection('lessons', (lesson) => courseOf(lesson) === courseId);
  return lessons.sort((a, b) => lessonOrderFromPath(a.filePath ?? '') - lessonOrderFromPath(b.filePath ?? ''));
}

/** Lessons of all published courses, grouped by course id. */
export async function lessonsByCourse(): Promise<Map<string, LessonEntry[]>> {
  const published = new Set((await publishedCourses()).map((course) => course.id));
  const grouped = new Map<string, LessonEntry[]>();
  for (const lesson of await getCollection('lessons')) {
    const courseId = courseOf(lesson);
    if (!published.has(courseId)) continue;
    grouped.set(courseId, [...(grouped.get(courseId) ?? []), lesson]);
  }
  for (const lessons of grouped.values()) {
    lessons.sort((a, b) => lessonOrderFromPath(a.filePath ?? '') - lessonOrderFromPath(b.filePath ?? ''));
  }
  return grouped;
}

/** The case studies of a course, by title. */
export async function caseStudiesOf(courseId: string): Promise<CaseStudyEntry[]> {
  const studies = await getCollection('caseStudies', (study) => courseOf(study) === courseId);
  return studies.sort((a, b) => a.data.title.localeCompare(b.data.title, 'vi'));
}

/** The id of the course a lesson or case study belongs to. */
export function courseIdOf(entry: LessonEntry | CaseStudyEntry): string {
  return courseOf(entry);
}

/** Total estimated minutes of a course's required lessons. */
export function requiredMinutes(lessons: readonly LessonEntry[]): number {
  return lessons.filter((lesson) => lesson.data.required).reduce((sum, lesson) => sum + lesson.data.minutes, 0);
}
