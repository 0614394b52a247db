import { z } from 'astro/zod';
import { requiredText } from './messages.ts';
import { DIFFICULTIES } from './question-bank.ts';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** When a learner sees the key and explanations: after submitting, after the deadline, or never. */
export const FEEDBACK_MODES = ['sau-khi-nop', 'sau-han', 'khong'] as const;

const wholeNumber = (label: string, example: number) => ({
  error: `${label} phải là một số nguyên lớn hơn 0, ví dụ ${example}.`,
});

/** One draw rule: take `count` questions matching the tags and difficulty. */
export const DrawRuleSchema = z.strictObject({
  /** A question matches when it carries at least one of these tags; absent = any tag. */
  tags: z
    .array(z.string().regex(ID_PATTERN, { error: 'Nhãn (tags) chỉ gồm chữ thường không dấu, số và dấu gạch ngang.' }))
    .min(1, {
      error: 'Nhãn (tags) không được là danh sách rỗng: bỏ hẳn trường tags nếu muốn lấy mọi nhãn.',
    })
    .optional(),
  /** Only questions of this difficulty; absent = any difficulty. */
  difficulty: z.enum(DIFFICULTIES, { error: 'Độ khó (difficulty) phải là "de", "trung-binh" hoặc "kho".' }).optional(),
  /** How many questions (a case group counts as one). */
  count: z
    .number({ error: 'Số câu (count) phải là một số, ví dụ 5.' })
    .int(wholeNumber('Số câu (count)', 5))
    .positive(wholeNumber('Số câu (count)', 5)),
});

/** A quiz (bài kiểm tra): `content/courses/<course>/quizzes/<id>.yaml`. */
export const QuizSchema = z.strictObject({
  /** Title shown to learners. */
  title: z.string(requiredText('tên bài kiểm tra (title)')).min(5, requiredText('tên bài kiểm tra (title)')),
  /** Id of the question bank of the same course (its file name without .yaml). */
  bank: z.string(requiredText('mã ngân hàng câu hỏi (bank)')).regex(ID_PATTERN, {
    error: 'Mã ngân hàng câu hỏi (bank) là tên tệp trong question-banks/ bỏ đuôi .yaml, ví dụ "ngan-hang-chung".',
  }),
  /** Draw rules, applied in order; a question is never drawn twice. */
  draw: z.array(DrawRuleSchema, { error: 'Thiếu quy tắc rút câu hỏi (draw), ví dụ draw: [{ count: 10 }].' }).min(1, {
    error: 'Cần ít nhất một quy tắc rút câu hỏi (draw), ví dụ draw: [{ count: 10 }].',
  }),
  /** Shuffle the order of questions for each attempt. */
  shuffleQuestions: z.boolean({ error: 'shuffleQuestions phải là true hoặc false.' }).default(true),
  /** Shuffle the options of choice questions for each attempt. */
  shuffleOptions: z.boolean({ error: 'shuffleOptions phải là true hoặc false.' }).default(true),
  /** Time limit in minutes; absent = no limit. */
  timeLimitMinutes: z
    .number({ error: 'Thời gian làm bài (timeLimitMinutes) phải là một số, ví dụ 30.' })
    .int(wholeNumber('Thời gian làm bài (timeLimitMinutes)', 30))
    .positive(wholeNumber('Thời gian làm bài (timeLimitMinutes)', 30))
    .optional(),
  /** Estimated minutes of an untimed quiz, counted in the course's credited hours (src/lib/credited-hours.ts). */
  estimatedMinutes: z
    .number({ error: 'Thời gian ước tính (estimatedMinutes) phải là một số phút, ví dụ 15.' })
    .int(wholeNumber('Thời gian ước tính (estimatedMinutes)', 15))
    .positive(wholeNumber('Thời gian ước tính (estimatedMinutes)', 15))
    .optional(),
  /** Attempts allowed; absent = unlimited. */
  attemptsAllowed: z
    .number({ error: 'Số lần làm bài (attemptsAllowed) phải là một số, ví dụ 3.' })
    .int(wholeNumber('Số lần làm bài (attemptsAllowed)', 3))
    .positive(wholeNumber('Số lần làm bài (attemptsAllowed)', 3))
    .optional(),
  /** Minutes to wait between two attempts; absent = none. */
  waitMinutesBetweenAttempts: z
    .number({ error: 'Thời gian chờ giữa hai lần (waitMinutesBetweenAttempts) phải là một số, ví dụ 60.' })
    .int(wholeNumber('Thời gian chờ (waitMinutesBetweenAttempts)', 60))
    .positive(wholeNumber('Thời gian chờ (waitMinutesBetweenAttempts)', 60))
    .optional(),
  /** Score needed to pass, in percent of the maximum. */
  passPercent: z
    .number({ error: 'Điểm đạt (passPercent) phải là một số phần trăm, ví dụ 70.' })
    .min(0, { error: 'Điểm đạt (passPercent) phải từ 0 đến 100, ví dụ 70.' })
    .max(100, { error: 'Điểm đạt (passPercent) phải từ 0 đến 100, ví dụ 70.' }),
  /** When keys and explanations are shown: sau-khi-nop (after submitting), sau-han (after the deadline), khong (never). */
  feedback: z.enum(FEEDBACK_MODES, {
    error: 'Thời điểm xem đáp án (feedback) phải là "sau-khi-nop", "sau-han" hoặc "khong".',
  }),
  /** True for the course's final test (bài kiểm tra cuối khóa); at most one per course. */
  final: z.boolean({ error: 'final phải là true (bài kiểm tra cuối khóa) hoặc false.' }).default(false),
});

export type Quiz = z.infer<typeof QuizSchema>;
export type DrawRule = z.infer<typeof DrawRuleSchema>;
