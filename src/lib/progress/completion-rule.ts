/**
 * The one rule for "has this learner completed this course?", shared by the course page,
 * "Việc học của tôi", the administrators' views and the recording of completions (and so of
 * certificates), and the shape in which progress is shown (the API's, src/schemas/api/progress.ts).
 * Pure: the caller loads the requirements (content) and the learner's state (database).
 */
import type { CourseProgress, FinalTestStatus, NextStep, ProgressStatus } from '../../schemas/api/progress.ts';
import { lessonUrl } from '../content-paths.ts';
import type { CourseRequirements } from './requirements.ts';

/** What a learner has done in one course, as stored. */
export interface LearnerCourseState {
  /** Lessons opened (or otherwise touched) at least once. */
  openedLessonIds: ReadonlySet<string>;
  /** Lessons the learner completed (a lesson_completed event). */
  completedLessonIds: ReadonlySet<string>;
  /** Videos at least 90 % watched (counted from the union of played intervals). */
  watchedVideoIds: ReadonlySet<string>;
  /** Quiz ids of final tests with a graded, passed attempt (the server's grade, never the browser's). */
  passedFinalTestIds: ReadonlySet<string>;
  /** True once any event of the course has been stored (a case decision or a quiz attempt counts). */
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
  /** Null for a course without a final test. */
  finalTest: FinalTestStatus | null;
}

/**
 * courseCompletionRule — khóa học hoàn thành (course completed) when every required lesson is
 * completed, every video embedded in a required lesson is watched (≥ 90 % of its length) and,
 * if the course has a final test (bài kiểm tra cuối khóa), an attempt at it has passed.
 * Before any activity the course is not_started ("chưa bắt đầu"); in between it is in_progress ("đang học").
 * Percent counts required lessons, required videos and the final test as equal items. A course
 * with nothing required is complete as soon as the learner has started it.
 */
export function courseCompletionRule(
  requirements: Pick<CourseRequirements, 'requiredLessonIds' | 'requiredVideoIds' | 'finalTest'>,
  learner: LearnerCourseState,
): CourseCompletion {
  const requiredLessons = {
    done: requirements.requiredLessonIds.filter((id) => learner.completedLessonIds.has(id)).length,
    total: requirements.requiredLessonIds.length,
  };
  const requiredVideos = {
    done: requirements.requiredVideoIds.filter((id) => learner.watchedVideoIds.has(id)).length,
    total: requirements.requiredVideoIds.length,
  };
  const test = requirements.finalTest;
  const finalTest = test
    ? { quizId: test.quizId, title: test.title, url: test.url, passed: learner.passedFinalTestIds.has(test.quizId) }
    : null;
  const done = requiredLessons.done + requiredVideos.done + (finalTest?.passed ? 1 : 0);
  const total = requiredLessons.total + requiredVideos.total + (finalTest ? 1 : 0);
  const started = learner.started || done > 0;
  const complete = total === 0 ? started : done === total;
  return {
    status: complete ? 'completed' : started ? 'in_progress' : 'not_started',
    percent: complete ? 100 : total === 0 ? 0 : Math.floor((100 * done) / total),
    requiredLessons,
    requiredVideos,
    finalTest,
  };
}

/** A lesson's status: completed, opened, or not yet. */
export function lessonStatus(lessonId: string, learner: LearnerCourseState): ProgressStatus {
  if (learner.completedLessonIds.has(lessonId)) return 'completed';
  return learner.openedLessonIds.has(lessonId) ? 'in_progress' : 'not_started';
}

/** A learner's state before doing anything. */
export const NOTHING_DONE: LearnerCourseState = {
  openedLessonIds: new Set(),
  completedLessonIds: new Set(),
  watchedVideoIds: new Set(),
  passedFinalTestIds: new Set(),
  started: false,
};

/**
 * The next step of a course by the rule's outcome: nothing once complete; the final test once
 * every required lesson and video is done; otherwise where the learner stopped, else the first
 * required lesson not yet completed.
 */
export function nextStepOf(
  requirements: Pick<CourseRequirements, 'url' | 'lessons'>,
  completion: CourseCompletion,
  learner: LearnerCourseState,
  resume: { lessonId: string } | null,
): NextStep | null {
  if (completion.status === 'completed') return null;
  const { requiredLessons: lessons, requiredVideos: videos, finalTest } = completion;
  if (finalTest && !finalTest.passed && lessons.done === lessons.total && videos.done === videos.total) {
    return { kind: 'final_test', label: 'Làm bài kiểm tra cuối khóa', url: finalTest.url };
  }
  const firstLeft = requirements.lessons.find(
    (lesson) => lesson.required && !learner.completedLessonIds.has(lesson.lessonId),
  );
  const url = resume ? lessonUrl(resume.lessonId) : ((firstLeft ?? requirements.lessons[0])?.url ?? requirements.url);
  return { kind: 'continue_learning', label: 'Tiếp tục học', url };
}

/** The full progress report of one course, by the rule above. */
export function courseProgressFrom(
  requirements: CourseRequirements,
  learner: LearnerCourseState,
  extra: {
    resume?: { lessonId: string; videoId: string | null; positionSeconds: number | null } | null;
    updatedAt?: Date | null;
  } = {},
): CourseProgress {
  const resume =
    extra.resume && requirements.lessons.some((lesson) => lesson.lessonId === extra.resume!.lessonId)
      ? extra.resume
      : null;
  const completion = courseCompletionRule(requirements, learner);
  return {
    courseId: requirements.courseId,
    title: requirements.title,
    url: requirements.url,
    ...completion,
    lessons: requirements.lessons.map((lesson) => ({
      lessonId: lesson.lessonId,
      title: lesson.title,
      url: lesson.url,
      required: lesson.required,
      status: lessonStatus(lesson.lessonId, learner),
    })),
    resume: resume
      ? {
          lessonId: resume.lessonId,
          url: lessonUrl(resume.lessonId),
          videoId: resume.videoId,
          positionSeconds: resume.positionSeconds,
        }
      : null,
    nextStep: nextStepOf(requirements, completion, learner, resume),
    updatedAt: extra.updatedAt ? extra.updatedAt.toISOString() : null,
  };
}
