/**
 * The progress API: POST /api/v1/progress/events (a batch of learning events from the device)
 * and GET /api/v1/me/progress (the learner's progress by the one completion rule).
 */
import { z } from 'astro/zod';
import { PROGRESS_EVENT_KINDS } from '../../lib/progress-event-kinds.ts';
import { isoDateTime } from './common.ts';

const contentId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9/-]*$/, { error: 'Mã nội dung không hợp lệ.' });
/** Seconds within a video: finite, not negative, at most 24 hours. */
const second = z.number().min(0).max(86_400);

/** Details of a "video watched" event: the intervals actually played since the last report. */
export const VideoWatchedDataSchema = z.strictObject({
  /** [start, end] pairs in seconds, as the player's played ranges report them. */
  intervals: z
    .array(
      z
        .tuple([second, second])
        .refine(([start, end]) => end >= start, { error: 'Đoạn đã xem không hợp lệ (kết thúc trước khi bắt đầu).' }),
    )
    .max(500),
  /** Where the player stands now, for resuming. */
  position: second,
  /** The video's length as the player knows it. */
  duration: second.positive(),
});

/** Details of a case-study decision. */
export const CaseDecisionDataSchema = z.strictObject({
  decisionId: z.string().min(1).max(100),
  optionId: z.string().min(1).max(100),
});

/** One learning event from the device; `id` is a UUID the device generated, so re-sending is harmless. */
export const ProgressEventSchema = z
  .strictObject({
    id: z.uuid({ error: 'Mỗi hoạt động cần một mã UUID do thiết bị tạo.' }),
    kind: z.enum(PROGRESS_EVENT_KINDS, {
      error: `Loại hoạt động phải là một trong: ${PROGRESS_EVENT_KINDS.join(', ')}.`,
    }),
    courseId: contentId,
    lessonId: contentId.optional(),
    videoId: contentId.optional(),
    caseStudyId: contentId.optional(),
    /** When it happened on the device (ISO 8601). Kept for the record; never trusted for deadlines. */
    occurredAt: z.iso.datetime({
      offset: true,
      error: 'Thời điểm (occurredAt) phải theo ISO 8601, ví dụ 2026-11-24T19:30:00+07:00.',
    }),
    data: z.union([VideoWatchedDataSchema, CaseDecisionDataSchema, z.strictObject({})]).optional(),
  })
  .superRefine((event, ctx) => {
    const need = (field: 'lessonId' | 'videoId' | 'caseStudyId') => {
      if (!event[field])
        ctx.addIssue({ code: 'custom', path: [field], message: `Hoạt động "${event.kind}" cần ${field}.` });
    };
    if (event.kind === 'lesson_opened' || event.kind === 'lesson_completed') need('lessonId');
    if (event.kind === 'video_watched') {
      need('videoId');
      if (!VideoWatchedDataSchema.safeParse(event.data).success)
        ctx.addIssue({
          code: 'custom',
          path: ['data'],
          message: 'Hoạt động xem video cần data gồm intervals, position và duration.',
        });
    }
    if (event.kind === 'case_decision') {
      need('caseStudyId');
      if (!CaseDecisionDataSchema.safeParse(event.data).success)
        ctx.addIssue({
          code: 'custom',
          path: ['data'],
          message: 'Quyết định tình huống cần data gồm decisionId và optionId.',
        });
    }
  });

/** A batch of up to 100 events: the body of POST /api/v1/progress/events. */
export const ProgressBatchSchema = z
  .strictObject({
    events: z
      .array(ProgressEventSchema)
      .min(1, { error: 'Lô hoạt động trống.' })
      .max(100, { error: 'Mỗi lần gửi tối đa 100 hoạt động.' }),
  })
  .meta({
    id: 'ProgressBatch',
    description:
      'Từ 1 đến 100 hoạt động. lesson_opened và lesson_completed cần lessonId; video_watched cần videoId và data {intervals, position, duration}; ' +
      'case_decision cần caseStudyId và data {decisionId, optionId}. Khóa học, bài học, video, tình huống phải có trong nội dung đã xuất bản.',
  });

export type ProgressEvent = z.infer<typeof ProgressEventSchema>;
export type ProgressBatch = z.infer<typeof ProgressBatchSchema>;

/** The answer to a batch: events stored now, and those stored before (same UUID). */
export const ProgressBatchResultSchema = z
  .object({
    accepted: z.number().int().min(0).meta({ description: 'Hoạt động được lưu lần này.' }),
    duplicates: z.number().int().min(0).meta({ description: 'Hoạt động đã lưu từ trước (cùng UUID), không lưu lại.' }),
  })
  .meta({ id: 'ProgressBatchResult' });

export type ProgressBatchResult = z.infer<typeof ProgressBatchResultSchema>;

/** A course's or lesson's state for one learner; the UI shows "Chưa bắt đầu", "Đang học", "Đã hoàn thành". */
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'completed'] as const;

export const ProgressStatusSchema = z
  .enum(PROGRESS_STATUSES)
  .meta({ description: 'not_started: chưa bắt đầu; in_progress: đang học; completed: hoàn thành.' });

/** What to do next in a course not yet complete: go on learning, or take the final test. */
export const NEXT_STEP_KINDS = ['continue_learning', 'final_test'] as const;

const TallySchema = z.object({ done: z.number().int().min(0), total: z.number().int().min(0) });

export const FinalTestStatusSchema = z.object({
  quizId: z.string(),
  title: z.string(),
  url: z.string(),
  passed: z.boolean(),
});

export const NextStepSchema = z.object({ kind: z.enum(NEXT_STEP_KINDS), label: z.string(), url: z.string() });

export const ResumePointSchema = z.object({
  lessonId: z.string(),
  url: z.string(),
  videoId: z.string().nullable(),
  positionSeconds: z.number().min(0).nullable(),
});

export const LessonProgressSchema = z.object({
  lessonId: z.string(),
  title: z.string(),
  url: z.string(),
  required: z.boolean(),
  status: ProgressStatusSchema,
});

/** One course's progress: what the rule decided, the lessons, and where to go on. */
export const CourseProgressSchema = z
  .object({
    courseId: z.string(),
    title: z.string(),
    url: z.string().meta({ description: 'Đường dẫn trang khóa học.' }),
    status: ProgressStatusSchema,
    percent: z.number().int().min(0).max(100).meta({
      description:
        'Bài học bắt buộc, video trong bài bắt buộc và bài kiểm tra cuối khóa (nếu có), tính như nhau; 100 chỉ khi hoàn thành.',
    }),
    requiredLessons: TallySchema.meta({ description: 'Bài học bắt buộc đã hoàn thành / tổng số.' }),
    requiredVideos: TallySchema.meta({ description: 'Video trong bài bắt buộc đã xem ít nhất 90 % / tổng số.' }),
    finalTest: FinalTestStatusSchema.nullable().meta({
      description:
        'Bài kiểm tra cuối khóa và người học đã đạt chưa (theo điểm máy chủ chấm); null nếu khóa học không có.',
    }),
    lessons: z.array(LessonProgressSchema),
    resume: ResumePointSchema.nullable().meta({ description: 'Nơi "Tiếp tục học" dẫn tới; null khi chưa mở bài nào.' }),
    nextStep: NextStepSchema.nullable().meta({
      description:
        'Việc nên làm tiếp: "continue_learning" (học tiếp) hoặc "final_test" (đã xong bài học và video bắt buộc, còn bài kiểm tra cuối khóa); null khi đã hoàn thành.',
    }),
    updatedAt: isoDateTime().nullable().meta({ description: 'Lần hoạt động gần nhất trong khóa học.' }),
  })
  .meta({ id: 'CourseProgress' });

/** GET /api/v1/me/progress?course=…: without it, the courses started, most recent first. */
export const MyProgressQuerySchema = z.object({ course: z.string().optional().meta({ description: 'Mã khóa học.' }) });

export const MyProgressSchema = z.object({ courses: z.array(CourseProgressSchema) });

export type ProgressStatus = z.infer<typeof ProgressStatusSchema>;
export type NextStep = z.infer<typeof NextStepSchema>;
export type FinalTestStatus = z.infer<typeof FinalTestStatusSchema>;
export type ResumePoint = z.infer<typeof ResumePointSchema>;
export type LessonProgressItem = z.infer<typeof LessonProgressSchema>;
export type CourseProgress = z.infer<typeof CourseProgressSchema>;
export type MyProgress = z.infer<typeof MyProgressSchema>;
