/**
 * Which lessons exist, for checking the course and lesson a practice result names: read once
 * from the content collections (the content is part of the build).
 */
import { lessonsByCourse } from '../content/courses.ts';

let lessonCourses: Promise<Map<string, string>> | undefined;

/** lessonId → courseId for every lesson of the published courses (cached for the process). */
function publishedLessons(): Promise<Map<string, string>> {
  lessonCourses ??= lessonsByCourse()
    .then(
      (grouped) =>
        new Map([...grouped].flatMap(([courseId, lessons]) => lessons.map((lesson) => [lesson.id, courseId] as const))),
    )
    .catch((error: unknown) => {
      lessonCourses = undefined;
      throw error;
    });
  return lessonCourses;
}

/** Why a course/lesson pair cannot be recorded, in Vietnamese, or null when it is a published lesson (or absent). */
export async function lessonContextProblem(
  courseId: string | undefined,
  lessonId: string | undefined,
): Promise<string | null> {
  if (!courseId && !lessonId) return null;
  const lessons = await publishedLessons();
  if (lessonId) return lessons.get(lessonId) === courseId ? null : 'Bài học này không có trong khóa học đã nêu.';
  return [...lessons.values()].includes(courseId!) ? null : 'Khóa học này không có hoặc chưa được công bố.';
}
