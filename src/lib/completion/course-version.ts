/**
 * The version of a course a completion was earned on: a hash of everything a learner was asked to
 * do, so that an edit to the course, a lesson or a quiz (or its bank) gives a new version and the
 * record says which one the certificate is for. The one definition; pure.
 */
import { createHash } from 'node:crypto';

/** What a course's version is computed from. */
export interface CourseVersionSource {
  /** The course's data (course.yaml as validated). */
  course: unknown;
  /** Every lesson, in course order: id, data (front matter) and MDX body. */
  lessons: readonly { lessonId: string; data: unknown; body: string }[];
  /** Every quiz of the course with its version (itself a hash of the quiz and its bank). */
  quizzes: readonly { quizId: string; version: string }[];
}

/** 16 hex digits of SHA-256 over the course, its lessons and its quizzes' versions. */
export function courseVersion(source: CourseVersionSource): string {
  const quizzes = [...source.quizzes]
    .sort((a, b) => a.quizId.localeCompare(b.quizId))
    .map(({ quizId, version }) => [quizId, version]);
  const lessons = source.lessons.map(({ lessonId, data, body }) => [lessonId, data, body]);
  return createHash('sha256')
    .update(JSON.stringify([source.course, lessons, quizzes]))
    .digest('hex')
    .slice(0, 16);
}
