/**
 * Checks learning events (already valid against ProgressBatchSchema) against the published
 * content: the course, lesson, video and case study must exist and belong together. Pure.
 */
import type { ProgressEvent } from '../../schemas/api/progress.ts';
import type { ProgressContent } from './requirements.ts';

/** An event checked against the published content, ready to store. */
export interface AcceptedEvent {
  /** The device's UUID for the event. */
  id: string;
  kind: ProgressEvent['kind'];
  courseId: string;
  lessonId: string | null;
  videoId: string | null;
  caseStudyId: string | null;
  /** When it happened on the device; kept for the record, never trusted beyond the server's clock. */
  occurredAt: Date;
  data: Record<string, unknown> | null;
  /** For video_watched: the video's length from content/videos (the client's figure is not trusted). */
  videoDurationSeconds: number | null;
}

/** A problem with one field of one event; `path` as "events.3.lessonId". */
export interface EventIssue {
  path: string;
  message: string;
}

export type EventCheck = { ok: true; events: AcceptedEvent[] } | { ok: false; issues: EventIssue[] };

/** The events ready to store, or every reference to content that is not published. */
export function checkEventsAgainstContent(events: readonly ProgressEvent[], content: ProgressContent): EventCheck {
  const issues: EventIssue[] = [];
  const accepted = events.map((event, index): AcceptedEvent => {
    const problem = (field: string, message: string) => issues.push({ path: `events.${index}.${field}`, message });
    const course = content.courses.get(event.courseId);
    if (!course) problem('courseId', `Không có khóa học "${event.courseId}" trong các khóa học đã xuất bản.`);
    if (event.lessonId !== undefined) {
      const lessonCourse = content.lessonCourse.get(event.lessonId);
      if (!lessonCourse) problem('lessonId', `Không có bài học "${event.lessonId}" trong các khóa học đã xuất bản.`);
      else if (course && lessonCourse !== event.courseId)
        problem('lessonId', `Bài học "${event.lessonId}" không thuộc khóa học "${event.courseId}".`);
    }
    const duration = event.videoId === undefined ? undefined : content.videoDurations.get(event.videoId);
    if (event.videoId !== undefined && duration === undefined) problem('videoId', `Không có video "${event.videoId}".`);
    if (event.caseStudyId !== undefined) {
      const study = content.caseStudies.get(event.caseStudyId);
      if (!study) problem('caseStudyId', `Không có tình huống "${event.caseStudyId}" trong các khóa học đã xuất bản.`);
      else if (course && study.courseId !== event.courseId)
        problem('caseStudyId', `Tình huống "${event.caseStudyId}" không thuộc khóa học "${event.courseId}".`);
      else if (event.kind === 'case_decision' && event.data && 'decisionId' in event.data) {
        const options = study.options.get(event.data.decisionId);
        if (!options)
          problem(
            'data.decisionId',
            `Tình huống "${event.caseStudyId}" không có quyết định "${event.data.decisionId}".`,
          );
        else if (!options.has(event.data.optionId))
          problem('data.optionId', `Quyết định "${event.data.decisionId}" không có lựa chọn "${event.data.optionId}".`);
      }
    }
    return {
      id: event.id,
      kind: event.kind,
      courseId: event.courseId,
      lessonId: event.lessonId ?? null,
      videoId: event.videoId ?? null,
      caseStudyId: event.caseStudyId ?? null,
      occurredAt: new Date(event.occurredAt),
      data: event.data && Object.keys(event.data).length > 0 ? { ...event.data } : null,
      videoDurationSeconds: event.kind === 'video_watched' ? (duration ?? null) : null,
    };
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, events: accepted };
}
