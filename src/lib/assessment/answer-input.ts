/**
 * The attempt page's plain form (which works without JavaScript), read at the edge; like the
 * API's JSON body (SaveAnswersBodySchema in src/schemas/api/attempts.ts) it becomes public
 * answers (public question id → value) that src/lib/server/assessment/save-answers.ts checks
 * against the attempt's questions.
 */
import { z } from 'astro/zod';
import type { AnswerSlot } from './public-attempt.ts';

/** The attempt form's own fields besides the answers. */
export const AttemptFormSchema = z.object({
  attemptId: z
    .string({ error: 'Thiếu mã lần làm bài.' })
    .regex(/^[a-z0-9]{1,64}$/, { error: 'Mã lần làm bài không hợp lệ.' }),
  /** "luu" saves and comes back; "nop" saves, then asks to confirm the submit. */
  intent: z.enum(['luu', 'nop']).default('luu'),
});

/** The form field of an ordering item's position: "<question>@<item>". */
export function positionField(publicQuestionId: string, itemId: string): string {
  return `${publicQuestionId}@${itemId}`;
}

/** Public answers read from the attempt form, and the questions whose fields did not make sense. */
export interface FormAnswers {
  answers: Record<string, unknown>;
  problems: { publicId: string; message: string }[];
}

/**
 * Reads every question of the attempt from the form: it shows them all, so a question with
 * nothing ticked is cleared. An ordering comes as one position <select> per item: all empty
 * clears it; otherwise every position must be used once.
 */
export function answersFromForm(form: FormData, slots: readonly AnswerSlot[]): FormAnswers {
  const answers: Record<string, unknown> = {};
  const problems: FormAnswers['problems'] = [];
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  for (const slot of slots) {
    const id = slot.publicId;
    switch (slot.question.type) {
      case 'single':
        answers[id] = text(id) ?? null;
        break;
      case 'multiple':
        answers[id] = form.getAll(id).filter((value): value is string => typeof value === 'string');
        break;
      case 'true-false': {
        const value = text(id);
        answers[id] = value === 'true' ? true : value === 'false' ? false : null;
        break;
      }
      case 'ordering': {
        const items = slot.optionIds.map((_, index) => String(index + 1));
        const positions = items.map((item) => text(positionField(id, item)));
        if (positions.every((position) => position === undefined)) {
          answers[id] = null;
          break;
        }
        const order: string[] = [];
        positions.forEach((position, index) => {
          const at = Number(position) - 1;
          if (Number.isInteger(at) && at >= 0 && at < items.length && order[at] === undefined) order[at] = items[index];
        });
        if (order.filter(Boolean).length === items.length) answers[id] = order;
        else
          problems.push({
            publicId: id,
            message: `${slot.label}: hãy chọn cho mỗi mục một vị trí khác nhau, đủ ${items.length} vị trí.`,
          });
        break;
      }
    }
  }
  return { answers, problems };
}
