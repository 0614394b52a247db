/**
 * The one rule for "has this learner completed this course?", shared by the course page,
 * "Việc học của tôi" and the administrators' views, and the shape in which progress is shown.
 * Pure: the caller loads the requirements (content) and the learner's state (database).
 */
import { lessonUrl } from '../../content-paths.ts';
import type { CourseRequirements } from './requirements.ts';

/** Course or lesson status, as the UI names it: chưa bắt đầu / đang học / hoàn thành. */
export type ProgressStatus = 'chua-bat-dau' | 'dang-hoc' | 'hoan-thanh';

/** What a learner has done in one course, as stored. */
export interface LearnerCourseState {
  /** Lessons opened (or otherwise touched) at least once. */
  openedLessonIds: ReadonlySet<string>;
  /** Lessons the learner completed (a lesson_completed event). */
  completedLessonIds: ReadonlySet<string>;
  /** Videos at least 90 % watched (counted from the union of played intervals). */
  watchedVideoIds: ReadonlySet<string>;
  /** True once any event of the course has been stored (a case decision counts). */
  started: boolean;
}

/** Done and total of one kind of requirement. */
export interface Tally {
  done: number;
  total: number;
}

/** The outcome of the rule for one learner and course. */
export interface CourseCompletion {
  status: ProgressStatus;
  /** 0–100, rounded down, so that 100 means complete and nothing less does. */
  percent: number;
  requiredLessons: Tally;
  requiredVideos: Tally;
}

/**
 * courseCompletionRule — khóa học hoàn thành (course completed) when every required lesson is
 * completed and every video embedded in a required lesson is watched (≥ 90 % of its length).
 * Before any activity the course is "chưa bắt đầu"; in between it is "đang học".
 * Percent counts required lessons and required videos as equal items. A course with nothing
 * required is complete as soon as the learner has started it.
 */
export function courseCompletionRule(
  requirements: Pick<CourseRequirements, 'requiredLessonIds' | 'requiredVideoIds'>,
  learner: LearnerCourseState,
): CourseCompletion {
  const requiredLessons = { done: requirements.requiredLessonIds.filter((id) => learner.completedLessonIds.has(id)).length, total: requirements.requiredLessonIds.length };
  const requiredVideos = { done: requirements.requiredVideoIds.filter((id) => learner.watchedVideoIds.has(id)).length, total: requirements.requiredVideoIds.length };
  const done = requiredLessons.done + requiredVideos.done;
  const total = requiredLessons.total + requiredVideos.total;
  const started = learner.started || done > 0;
  const complete = total === 0 ? started : done === total;
  return {
    status: complete ? 'hoan-thanh' : started ? 'dang-hoc' : 'chua-bat-dau',
    percent: complete ? 100 : total === 0 ? 0 : Math.floor((100 * done) / total),
    requiredLessons,
    requiredVideos,
  };
}

/** A lesson's status: completed, opened, or not yet. */
export function lessonStatus(lessonId: string, learner: LearnerCourseState): ProgressStatus {
  if (learner.completedLessonIds.has(lessonId)) return 'hoan-thanh';
  return learner.openedLessonIds.has(lessonId) ? 'dang-hoc' : 'chua-bat-dau';
}

/** Where "Tiếp tục học" leads. */
export interface ResumePoint {
  lessonId: string;
  url: string;
  videoId: string | null;
  positionSeconds: number | null;
}

/** One lesson in a progress report. */
export interface LessonProgressItem {
  lessonId: string;
  title: string;
  url: string;
  required: boolean;
  status: ProgressStatus;
}

/** A learner's progress in one course: the body of GET /api/v1/me/progress, per course. */
export interface CourseProgress extends CourseCompletion {
  courseId: string;
  title: string;
  url: string;
  lessons: LessonProgressItem[];
  resume: ResumePoint | null;
  /** Last activity in the course (ISO 8601), or null before any. */
  updatedAt: string | null;
}

/** A learner's state before doing anything. */
export const NOTHING_DONE: LearnerCourseState = { openedLessonIds: new Set(), completedLessonIds: new Set(), watchedVideoIds: new Set(), started: false };

/** The full progress report of one course, by the rule above. */
export function courseProgressFrom(
  requirements: CourseRequirements,
  learner: LearnerCourseState,
  extra: { resume?: { lessonId: string; videoId: string | null; positionSeconds: number | null } | null; updatedAt?: Date | null } = {},
): CourseProgress {
  const resume = extra.resume && requirements.lessons.some((lesson) => lesson.lessonId === extra.resume!.lessonId) ? extra.resume : null;
  return {
    courseId: requirements.courseId,
    title: requirements.title,
    url: requirements.url,
    ...courseCompletionRule(requirements, learner),
    lessons: requirements.lessons.map((lesson) => ({
      lessonId: lesson.lessonId,
      title: lesson.title,
      url: lesson.url,
      required: lesson.required,
      status: lessonStatus(lesson.lessonId, learner),
    })),
    resume: resume ? { lessonId: resume.lessonId, url: lessonUrl(resume.lessonId), videoId: resume.videoId, positionSeconds: resume.positionSeconds } : null,
    updatedAt: extra.updatedAt ? extra.updatedAt.toISOString() : null,
  };
}
