/**
 * Evaluations after training (administrators and evaluators) and course feedback (learners). An
 * evaluation is allowed only to an administrator or evaluator of the official, from three months after the completion,
 * once; anything outside the scope is "not found" (404).
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { COMMENT_MAX } from '../lib/evaluations/criteria.ts';
import { recordEvaluation } from '../lib/server/evaluations/evaluations.ts';
import { submitFeedback } from '../lib/server/evaluations/feedback.ts';
import { requireAllowed, requireSignedIn } from '../lib/server/auth/action-guards.ts';
import { evaluationScopePaths, scopedView } from '../lib/auth/access.ts';

const COMPLETION_NOT_FOUND = 'Không tìm thấy lượt hoàn thành trong phạm vi quản lý.';

const rating = (what: string) =>
  z.coerce
    .number({ error: `Hãy chọn mức đánh giá cho "${what}".` })
    .int({ error: `Hãy chọn mức đánh giá cho "${what}".` })
    .min(1, { error: `Hãy chọn mức đánh giá cho "${what}".` })
    .max(5, { error: `Mức đánh giá "${what}" chỉ từ 1 đến 5.` });

const id = z.string({ error: 'Thiếu mã.' }).regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'Mã không hợp lệ.' });
// An empty textarea arrives as null from a form: no comment.
const comment = z
  .string()
  .trim()
  .max(COMMENT_MAX, { error: `Nhận xét dài tối đa ${COMMENT_MAX} ký tự.` })
  .nullish()
  .transform((value) => value ?? '');

export const evaluate = defineAction({
  accept: 'form',
  input: z.object({
    learnerId: id,
    courseId: id,
    taskResults: rating('Kết quả thực hiện nhiệm vụ'),
    adviceQuality: rating('Chất lượng tham mưu'),
    responsibility: rating('Tinh thần trách nhiệm và kỷ luật hành chính'),
    coordination: rating('Phối hợp liên ngành'),
    citizenSatisfaction: rating('Sự hài lòng của người dân và doanh nghiệp'),
    comment,
  }),
  handler: async ({ learnerId, courseId, ...ratings }, context) => {
    // Administrators and evaluators (the head of an office), each for the officials of their subtrees.
    const evaluator = requireAllowed(context, (user) => evaluationScopePaths(user).length > 0, COMPLETION_NOT_FOUND);
    const outcome = await recordEvaluation(
      scopedView(evaluator, evaluationScopePaths(evaluator)),
      learnerId,
      courseId,
      ratings,
    );
    if (outcome === 'not-found') throw new ActionError({ code: 'NOT_FOUND', message: COMPLETION_NOT_FOUND });
    if (outcome === 'not-due')
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'Chưa đủ 3 tháng kể từ khi hoàn thành khóa học: chưa thể đánh giá hiệu quả.',
      });
    if (outcome === 'already-evaluated')
      throw new ActionError({ code: 'CONFLICT', message: 'Lượt hoàn thành này đã được đánh giá.' });
    return { redirectTo: '/quan-tri/danh-gia/?da-luu=1' };
  },
});

export const feedback = defineAction({
  accept: 'form',
  input: z.object({
    courseId: id,
    satisfaction: rating('Mức độ hài lòng'),
    usefulness: rating('Mức độ hữu ích'),
    selfAssessed: rating('Tự đánh giá kiến thức, kỹ năng'),
    comment,
  }),
  handler: async ({ courseId, ...answers }, context) => {
    const user = requireSignedIn(context);
    const outcome = await submitFeedback(user.id, courseId, answers);
    if (outcome === 'not-completed')
      throw new ActionError({ code: 'NOT_FOUND', message: 'Anh/chị chưa hoàn thành khóa học này.' });
    if (outcome === 'already-given')
      throw new ActionError({ code: 'CONFLICT', message: 'Anh/chị đã gửi ý kiến về khóa học này.' });
    return { redirectTo: `/khoa-hoc/${courseId}/phan-hoi/?da-gui=1` };
  },
});

/** Registered under `evaluations` (actions.evaluations.evaluate, actions.evaluations.feedback). */
export const evaluations = { evaluate, feedback };
