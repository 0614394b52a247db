import { z } from 'astro/zod';

/** Kinds of learning event a device reports. */
export const PROGRESS_EVENT_KINDS = ['lesson_opened', 'lesson_completed', 'video_watched', 'case_decision'] as const;

const contentId = z.string().min(1).max(200).regex(/^[a-z0-9][a-z0-9/-]*$/, { error: 'Mã nội dung không hợp lệ.' });
/** Seconds within a video: finite, not negative, at most 24 hours. */
const second = z.number().min(0).max(86_400);

/** Details of a "video watched" event: the intervals actually played since the last report. */
export const VideoWatchedDataSchema = z.strictObject({
  /** [start, end] pairs in seconds, as the player's played ranges report them. */
  intervals: z.array(z.tuple([second, second]).refine(([start, end]) => end >= start, { error: 'Đoạn đã xem không hợp lệ (kết thúc trước khi bắt đầu).' })).max(500),
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
    kind: z.enum(PROGRESS_EVENT_KINDS, { error: `Loại hoạt động phải là một trong: ${PROGRESS_EVENT_KINDS.join(', ')}.` }),
    courseId: contentId,
    lessonId: contentId.optional(),
    videoId: contentId.optional(),
    caseStudyId: contentId.optional(),
    /** When it happened on the device (ISO 8601). Kept for the record; never trusted for deadlines. */
    occurredAt: z.iso.datetime({ offset: true, error: 'Thời điểm (occurredAt) phải theo ISO 8601, ví dụ 2026-11-24T19:30:00+07:00.' }),
    data: z.union([VideoWatchedDataSchema, CaseDecisionDataSchema, z.strictObject({})]).optional(),
  })
  .superRefine((event, ctx) => {
    const need = (field: 'lessonId' | 'videoId' | 'caseStudyId') => {
      if (!event[field]) ctx.addIssue({ code: 'custom', path: [field], message: `Hoạt động "${event.kind}" cần ${field}.` });
    };
    if (event.kind === 'lesson_opened' || event.kind === 'lesson_completed') need('lessonId');
    if (event.kind === 'video_watched') {
      need('videoId');
      if (!VideoWatchedDataSchema.safeParse(event.data).success) ctx.addIssue({ code: 'custom', path: ['data'], message: 'Hoạt động xem video cần data gồm intervals, position và duration.' });
    }
    if (event.kind === 'case_decision') {
      need('caseStudyId');
      if (!CaseDecisionDataSchema.safeParse(event.data).success) ctx.addIssue({ code: 'custom', path: ['data'], message: 'Quyết định tình huống cần data gồm decisionId và optionId.' });
    }
  });

/** A batch of up to 100 events: the body of POST /api/v1/progress/events. */
export const ProgressBatchSchema = z.strictObject({
  events: z.array(ProgressEventSchema).min(1, { error: 'Lô hoạt động trống.' }).max(100, { error: 'Mỗi lần gửi tối đa 100 hoạt động.' }),
});

export type ProgressEvent = z.infer<typeof ProgressEventSchema>;
export type ProgressBatch = z.infer<typeof ProgressBatchSchema>;
