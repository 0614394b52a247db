/**
 * The quiz forms, which work without JavaScript: start (or continue) an attempt, save every
 * answer of the attempt form ("Lưu bài", and "Nộp bài", which saves and then asks to confirm),
 * and the confirmed submit. Each handler checks the session first and leaves every rule to the
 * attempt services, exactly as the JSON API does.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { answersFromForm, AttemptFormSchema } from '../lib/assessment/answer-input.ts';
import { AttemptError } from '../lib/assessment/attempt-errors.ts';
import { attemptUrl } from '../lib/server/assessment/attempt-view.ts';
import { findQuiz } from '../lib/server/assessment/learner-quiz.ts';
import { ownAttempt } from '../lib/server/assessment/own-attempt.ts';
import { answerSlots } from '../lib/assessment/public-attempt.ts';
import { saveAnswers as saveAttemptAnswers } from '../lib/server/assessment/save-answers.ts';
import { startAttempt as startQuizAttempt } from '../lib/server/assessment/start-attempt.ts';
import { submitAttempt as submitQuizAttempt } from '../lib/server/assessment/submit-attempt.ts';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';

const ACTION_CODES = { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 422: 'UNPROCESSABLE_CONTENT' } as const;

const slug = z
  .string({ error: 'Thiếu mã bài kiểm tra.' })
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, { error: 'Mã bài kiểm tra không hợp lệ.' });
const attemptId = AttemptFormSchema.shape.attemptId;

const SIGN_IN_TO_TAKE_QUIZ = 'Anh/chị cần đăng nhập để làm bài kiểm tra.';

/** A service refusal as the form shows it; anything else is logged and worded without details. */
function asActionError(error: unknown): ActionError {
  if (error instanceof AttemptError)
    return new ActionError({ code: ACTION_CODES[error.status], message: error.issues[0]?.message ?? error.message });
  console.error('Lỗi khi xử lý biểu mẫu bài kiểm tra:', error);
  return new ActionError({
    code: 'SERVICE_UNAVAILABLE',
    message: 'Máy chủ chưa xử lý được yêu cầu. Hãy thử lại sau ít phút.',
  });
}

/** "Bắt đầu làm bài" / "Tiếp tục làm bài" on the quiz page. */
const startAttempt = defineAction({
  accept: 'form',
  input: z.object({ courseId: slug, quizSlug: slug }),
  handler: async ({ courseId, quizSlug }, context) => {
    const user = requireSignedIn(context, SIGN_IN_TO_TAKE_QUIZ);
    const entry = await findQuiz(courseId, quizSlug);
    if (!entry) throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy bài kiểm tra này.' });
    try {
      const { attempt } = await startQuizAttempt(user, entry);
      return { redirectTo: attemptUrl(attempt) };
    } catch (error) {
      throw asActionError(error);
    }
  },
});

/**
 * The attempt form: every question, so a question with nothing chosen is cleared. Orderings
 * whose positions do not make sense are reported and keep their saved answer; the rest is saved.
 * Past the deadline nothing is saved and the learner lands on the graded attempt.
 */
const saveAnswers = defineAction({
  accept: 'form',
  handler: async (form: FormData, context) => {
    const user = requireSignedIn(context, SIGN_IN_TO_TAKE_QUIZ);
    const fields = AttemptFormSchema.safeParse({
      attemptId: form.get('attemptId') ?? undefined,
      intent: form.get('intent') ?? undefined,
    });
    if (!fields.success)
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: fields.error.issues[0]?.message ?? 'Biểu mẫu không hợp lệ.',
      });
    const { attemptId: id, intent } = fields.data;
    try {
      const attempt = await ownAttempt(user.id, id, Date.now());
      const { answers, problems } = answersFromForm(form, answerSlots(attempt.questions, attempt.drawn));
      await saveAttemptAnswers(user.id, id, answers);
      if (problems.length > 0) return { redirectTo: null, problems };
      return {
        redirectTo: intent === 'nop' ? `${attemptUrl(attempt)}nop-bai/` : `${attemptUrl(attempt)}?da-luu=1`,
        problems,
      };
    } catch (error) {
      if (error instanceof AttemptError && (error.code === 'late' || error.code === 'closed')) {
        // The grade stands; the attempt's page shows it with the reason.
        const attempt = await ownAttempt(user.id, id, Date.now());
        return { redirectTo: `${attemptUrl(attempt)}?${error.code === 'late' ? 'het-gio' : 'da-nop'}=1`, problems: [] };
      }
      throw asActionError(error);
    }
  },
});

/** The confirmed "Nộp bài". */
const submitAttempt = defineAction({
  accept: 'form',
  input: z.object({ attemptId }),
  handler: async ({ attemptId: id }, context) => {
    const user = requireSignedIn(context, SIGN_IN_TO_TAKE_QUIZ);
    try {
      const attempt = await submitQuizAttempt(user.id, id);
      return { redirectTo: `${attemptUrl(attempt)}?${attempt.status === 'expired' ? 'het-gio' : 'da-nop'}=1` };
    } catch (error) {
      throw asActionError(error);
    }
  },
});

/** The quiz forms, registered as actions.quiz.* in src/actions/index.ts. */
export const quiz = { startAttempt, saveAnswers, submitAttempt };
