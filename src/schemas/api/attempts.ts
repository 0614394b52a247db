/**
 * The quiz attempt API: POST /api/v1/quizzes/{courseId}/{quizSlug}/attempts, GET
 * /api/v1/attempts/{id}, PUT /api/v1/attempts/{id}/answers, POST /api/v1/attempts/{id}/submit.
 * The attempt as the learner sees it is one shape for the API and the attempt pages alike.
 */
import { z } from 'astro/zod';
import { ATTEMPT_STATUSES } from '../../lib/attempt-statuses.ts';
import { LegalReferenceSchema } from '../legal-reference.ts';
import { ApiErrorSchema, isoDateTime } from './common.ts';

/** A public question id: "c3", or "c5-2" for a case group's part. */
export const PUBLIC_QUESTION_ID = /^c[1-9]\d{0,2}(-[1-9]\d{0,2})?$/;

const optionId = z
  .string({ error: 'Mã phương án phải là chuỗi, ví dụ "2".' })
  .max(4, { error: 'Mã phương án không hợp lệ.' });

/** One answer: an option id, a list of option ids, true/false, or null to clear it. */
export const PublicAnswerSchema = z.union(
  [optionId, z.array(optionId).max(100, { error: 'Danh sách phương án quá dài.' }), z.boolean(), z.null()],
  { error: 'Câu trả lời phải là mã phương án, danh sách mã phương án, true/false hoặc null.' },
);

/** PUT /api/v1/attempts/{id}/answers: some or all answers of an attempt. */
export const SaveAnswersBodySchema = z
  .strictObject(
    {
      /** Answers by public question id; a question left out keeps its saved answer, null clears it. */
      answers: z
        .record(
          z.string().regex(PUBLIC_QUESTION_ID, { error: 'Mã câu hỏi phải có dạng "c3" hoặc "c5-2".' }),
          PublicAnswerSchema,
          {
            error: 'Thiếu answers: một đối tượng {mã câu hỏi: câu trả lời}.',
          },
        )
        .refine((answers) => Object.keys(answers).length <= 300, { error: 'Mỗi lần lưu tối đa 300 câu trả lời.' })
        .meta({ maxProperties: 300 }),
    },
    { error: 'Dữ liệu gửi lên phải là {"answers": {...}}.' },
  )
  .meta({
    id: 'SaveAnswers',
    description:
      'Câu trả lời theo mã câu hỏi công khai ("c3", hoặc "c5-2" cho ý 2 của nhóm tình huống câu 5). Một lựa chọn: mã phương án ("2"); nhiều lựa chọn: danh sách mã; ' +
      'đúng/sai: true hoặc false; sắp xếp: mọi mã mục theo thứ tự của người học; null: xóa câu trả lời. Câu không gửi giữ nguyên câu trả lời đã lưu.',
  });

export const SaveAnswersResultSchema = z
  .object({
    savedAt: isoDateTime(),
    saved: z.array(z.string()).meta({ description: 'Mã công khai của các câu vừa lưu.' }),
    remainingSeconds: z.number().int().min(0).nullable(),
  })
  .meta({ id: 'SaveAnswersResult' });

const OptionSchema = z.object({ id: z.string().meta({ examples: ['1'] }), text: z.string() });
const questionId = () => z.string().meta({ examples: ['c3', 'c5-2'] });

/** A question as the learner sees it before submitting: no key, no explanation, no reference. */
export const PublicQuestionSchema = z
  .union([
    z.object({
      id: questionId(),
      type: z.enum(['single', 'multiple', 'ordering']),
      prompt: z.string(),
      points: z.number(),
      options: z.array(OptionSchema),
    }),
    z.object({ id: questionId(), type: z.literal('true-false'), prompt: z.string(), points: z.number() }),
    z.object({
      id: questionId(),
      type: z.literal('case-group'),
      prompt: z.string(),
      scenario: z.string(),
      points: z.number(),
      get questions(): z.ZodArray<typeof PublicQuestionSchema> {
        return z.array(PublicQuestionSchema);
      },
    }),
  ])
  .meta({
    id: 'PublicQuestion',
    description:
      'Câu hỏi như người học thấy trước khi nộp: không có đáp án, giải thích hay căn cứ pháp lý. Mã câu hỏi và phương án chỉ là vị trí hiển thị.',
  });

/** How one answer fared: full marks, some, none, or no answer. */
export const REVIEW_OUTCOMES = ['correct', 'partially_correct', 'incorrect', 'unanswered'] as const;

export const ReviewItemSchema = z.object({
  id: z.string().meta({ description: 'Mã công khai, như trong bài làm ("c3", "c5-2").' }),
  label: z.string(),
  type: z.enum(['single', 'multiple', 'true-false', 'ordering']),
  prompt: z.string(),
  earned: z.number(),
  max: z.number(),
  outcome: z.enum(REVIEW_OUTCOMES).meta({
    description: 'correct: đúng; partially_correct: đúng một phần; incorrect: sai; unanswered: chưa trả lời.',
  }),
  given: z.array(z.string()).meta({ description: 'Câu trả lời của người học, dạng chữ.' }),
  key: z.array(z.string()).meta({ description: 'Đáp án, dạng chữ (sắp xếp: theo thứ tự đúng).' }),
  explanation: z.string().nullable(),
  legalReference: LegalReferenceSchema.nullable(),
});

export const ReviewQuestionSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    earned: z.number(),
    max: z.number(),
    caseGroup: z
      .object({
        prompt: z.string(),
        scenario: z.string(),
        explanation: z.string().nullable(),
        legalReference: LegalReferenceSchema.nullable(),
      })
      .nullable()
      .meta({ description: 'Với nhóm tình huống: đề, tình huống và giải thích chung; null với câu hỏi thường.' }),
    items: z.array(ReviewItemSchema),
  })
  .meta({
    id: 'ReviewQuestion',
    description: 'Một câu hỏi khi xem lại bài đã chấm: câu trả lời, đáp án, kết quả, giải thích, căn cứ pháp lý.',
  });

export const AttemptResultSchema = z.object({
  earned: z.number(),
  max: z.number(),
  percent: z.number().meta({ description: 'Làm tròn một chữ số thập phân.' }),
  passed: z.boolean(),
  passPercent: z.number().meta({ description: 'Điểm đạt, phần trăm.' }),
});

/** An attempt as its learner sees it. */
export const AttemptSchema = z
  .object({
    id: z.string(),
    courseId: z.string(),
    quizSlug: z.string().meta({ description: 'Tên tệp bài kiểm tra: đoạn cuối địa chỉ của bài.' }),
    quizTitle: z.string(),
    attemptNumber: z.number().int().min(1),
    status: z.enum(ATTEMPT_STATUSES).meta({
      description: 'in_progress: đang làm; submitted: đã nộp; expired: chấm khi hết giờ (submittedAt = hạn nộp).',
    }),
    startedAt: isoDateTime(),
    deadlineAt: isoDateTime()
      .nullable()
      .meta({ description: 'Theo đồng hồ máy chủ; sau hạn này cộng 30 giây, câu trả lời không được nhận.' }),
    submittedAt: isoDateTime().nullable(),
    remainingSeconds: z
      .number()
      .int()
      .min(0)
      .nullable()
      .meta({ description: 'Số giây còn lại theo đồng hồ máy chủ (chỉ khi đang làm và có giới hạn thời gian).' }),
    questions: z.array(PublicQuestionSchema).nullable().meta({ description: 'Chỉ khi đang làm.' }),
    answers: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'Chỉ khi đang làm: câu trả lời đã lưu, theo mã câu hỏi công khai.' }),
    lastSavedAt: isoDateTime().nullable(),
    result: AttemptResultSchema.nullable(),
    review: z
      .array(ReviewQuestionSchema)
      .nullable()
      .meta({ description: 'Chỉ khi đã chấm và quy định xem đáp án của bài cho phép.' }),
    feedbackRule: z.string().meta({ description: 'Khi nào người học được xem đáp án.' }),
    url: z.string().meta({ description: 'Trang của lần làm bài.' }),
  })
  .meta({ id: 'Attempt' });

/** 409 on start: the refusal, and when a new attempt may start if it is a waiting time. */
export const StartRefusedSchema = ApiErrorSchema.extend({ availableAt: isoDateTime().optional() });

const slugParam = z.string();

export const StartAttemptParamsSchema = z.object({
  courseId: slugParam,
  quizSlug: slugParam.meta({ description: 'Tên tệp bài kiểm tra, ví dụ "kiem-tra-cuoi-khoa".' }),
});

export const AttemptParamsSchema = z.object({ id: z.string().meta({ description: 'Mã lần làm bài.' }) });

export type PublicAnswer = z.infer<typeof PublicAnswerSchema>;
export type SaveAnswersBody = z.infer<typeof SaveAnswersBodySchema>;
export type SaveAnswersResult = z.infer<typeof SaveAnswersResultSchema>;
export type PublicQuestion = z.infer<typeof PublicQuestionSchema>;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export type ReviewItem = z.infer<typeof ReviewItemSchema>;
export type ReviewQuestion = z.infer<typeof ReviewQuestionSchema>;
export type AttemptResult = z.infer<typeof AttemptResultSchema>;
export type Attempt = z.infer<typeof AttemptSchema>;
