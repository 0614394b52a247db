/**
 * How content file paths map to ids, orders and URLs. Shared by the content collections,
 * the content check and the pages, so that a file's place decides its identity in one way only.
 * Paths are relative to content/courses/.
 */

/** A lesson file name: two or more digits, a dash, then a lower-case slug. */
export const LESSON_FILE_PATTERN = /^(\d{2,})-([a-z0-9][a-z0-9-]*)\.mdx?$/;

/** A case study or video file name: a lower-case slug. */
export const SLUG_FILE_PATTERN = /^([a-z0-9][a-z0-9-]*)\.ya?ml$/;

function segments(path: string): string[] {
  return path.replaceAll('\\', '/').split('/').filter(Boolean);
}

/** "van-hanh/course.yaml" → "van-hanh". */
export function courseIdFromPath(path: string): string {
  return segments(path)[0] ?? path;
}

/** "van-hanh/lessons/01-gioi-thieu.mdx" → "van-hanh/gioi-thieu". */
export function lessonIdFromPath(path: string): string {
  const parts = segments(path);
  const match = LESSON_FILE_PATTERN.exec(parts.at(-1) ?? '');
  const slug = match ? match[2] : (parts.at(-1) ?? '').replace(/\.mdx?$/, '');
  return `${parts[0]}/${slug}`;
}

/** "van-hanh/lessons/01-gioi-thieu.mdx" → 1; files without a number sort last. */
export function lessonOrderFromPath(path: string): number {
  const match = LESSON_FILE_PATTERN.exec(segments(path).at(-1) ?? '');
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

/** "tiep-cong-dan/case-studies/dong-nguoi.yaml" → "dong-nguoi". */
export function caseStudyIdFromPath(path: string): string {
  return (segments(path).at(-1) ?? path).replace(/\.ya?ml$/, '');
}

/** "<course>/<slug>" → "<slug>", the last part of a lesson's URL. */
export function lessonSlug(lessonId: string): string {
  return lessonId.slice(lessonId.indexOf('/') + 1);
}

/** URL of a course page. */
export function courseUrl(courseId: string): string {
  return `/khoa-hoc/${courseId}/`;
}

/** URL of a lesson page. */
export function lessonUrl(lessonId: string): string {
  return `/khoa-hoc/${lessonId}/`;
}

/** URL of a case study page. */
export function caseStudyUrl(courseId: string, caseStudyId: string): string {
  return `/khoa-hoc/${courseId}/tinh-huong/${caseStudyId}/`;
}

/** URL of a quiz page: "<course>/<quiz file name>" → /khoa-hoc/<course>/kiem-tra/<quiz file name>/. */
export function quizUrl(quizId: string): string {
  return `/khoa-hoc/${quizId.replace('/', '/kiem-tra/')}/`;
}
