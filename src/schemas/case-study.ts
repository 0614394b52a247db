import { z } from 'astro/zod';
import { LegalReferenceSchema } from './legal-reference.ts';
import { maxLength, requiredText } from './messages.ts';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const idMessage = 'Mã (id) chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ "buoc-1".';

/** How good a choice was, shown with its consequence (never by colour alone). */
export const OUTCOMES = ['tot', 'chap-nhan-duoc', 'chua-phu-hop'] as const;

/** One option of a decision point and what follows from it. */
export const CaseOptionSchema = z.strictObject({
  /** Short id, unique within its decision. */
  id: z.string(requiredText('mã lựa chọn (id)')).regex(ID_PATTERN, { error: idMessage }),
  /** What the official does, as the learner reads it. */
  label: z
    .string(requiredText('nội dung lựa chọn (label)'))
    .min(3, requiredText('nội dung lựa chọn (label)'))
    .max(1000, maxLength('Nội dung lựa chọn (label)', 1000)),
  /** What happens as a result. */
  consequence: z
    .string(requiredText('hệ quả (consequence)'))
    .min(10, { error: 'Hệ quả (consequence) quá ngắn: hãy mô tả điều gì xảy ra sau lựa chọn này.' })
    .max(5000, maxLength('Hệ quả (consequence)', 5000)),
  /** Assessment of the choice: tot (good), chap-nhan-duoc (acceptable), chua-phu-hop (not appropriate). */
  outcome: z.enum(OUTCOMES, {
    error: 'Đánh giá (outcome) phải là "tot", "chap-nhan-duoc" hoặc "chua-phu-hop".',
  }),
  /** The id of the decision this choice leads to; absent when the case ends here. */
  next: z.string().regex(ID_PATTERN, { error: idMessage }).optional(),
});

/** A decision point: a situation and the options open to the official. */
export const DecisionSchema = z.strictObject({
  /** Id, unique within the case study, used by `next` and `start`. */
  id: z.string(requiredText('mã quyết định (id)')).regex(ID_PATTERN, { error: idMessage }),
  /** The question put to the learner at this point. */
  prompt: z
    .string(requiredText('câu hỏi tình huống (prompt)'))
    .min(10, requiredText('câu hỏi tình huống (prompt)'))
    .max(2000, maxLength('Câu hỏi tình huống (prompt)', 2000)),
  /** The options; at least two. */
  options: z.array(CaseOptionSchema).min(2, { error: 'Mỗi quyết định cần ít nhất hai lựa chọn (options).' }),
});

/**
 * A situational case study (tình huống): `content/courses/<course>/case-studies/<id>.yaml`.
 * Decisions form a tree or a graph without cycles, entered at `start`.
 */
export const CaseStudySchema = z
  .object({
    /** Title of the case. */
    title: z
      .string(requiredText('tên tình huống (title)'))
      .min(5, requiredText('tên tình huống (title)'))
      .max(300, maxLength('Tên tình huống (title)', 300)),
    /** One sentence for lists and search. */
    summary: z
      .string(requiredText('tóm tắt (summary)'))
      .min(10, requiredText('tóm tắt (summary)'))
      .max(1000, maxLength('Tóm tắt (summary)', 1000)),
    /** The official's role in the case, e.g. "Bạn là công chức tiếp công dân của UBND xã". */
    role: z
      .string(requiredText('vai trò của bạn (role)'))
      .min(10, requiredText('vai trò của bạn (role)'))
      .max(1000, maxLength('Vai trò của bạn (role)', 1000)),
    /** The situation, in plain paragraphs separated by blank lines. */
    context: z
      .string(requiredText('bối cảnh (context)'))
      .min(30, { error: 'Bối cảnh (context) quá ngắn: hãy kể tình huống đủ để người học quyết định.' })
      .max(20_000, maxLength('Bối cảnh (context)', 20_000)),
    /** Id of the first decision. */
    start: z.string(requiredText('quyết định đầu tiên (start)')).regex(ID_PATTERN, { error: idMessage }),
    /** The decision points. */
    decisions: z.array(DecisionSchema).min(1, { error: 'Cần ít nhất một quyết định (decisions).' }),
    /** Expert commentary shown when the learner reaches an end. */
    commentary: z
      .string(requiredText('bình luận của chuyên gia (commentary)'))
      .min(30, { error: 'Bình luận của chuyên gia (commentary) quá ngắn.' })
      .max(20_000, maxLength('Bình luận của chuyên gia (commentary)', 20_000)),
    /** Estimated minutes to work through the case, counted in the course's credited hours. */
    minutes: z
      .number({ error: 'Thời gian ước tính (minutes) phải là số phút, ví dụ 15.' })
      .int({ error: 'Thời gian ước tính (minutes) phải là số phút nguyên, ví dụ 15.' })
      .positive({ error: 'Thời gian ước tính (minutes) phải lớn hơn 0, ví dụ 15.' })
      .optional(),
    /** Legal basis for the expected handling. */
    legalBasis: z.array(LegalReferenceSchema).min(1, { error: 'Cần ít nhất một căn cứ pháp lý (legalBasis).' }),
  })
  .superRefine((caseStudy, ctx) => {
    for (const problem of decisionGraphProblems(caseStudy.start, caseStudy.decisions)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  });

export type CaseStudy = z.infer<typeof CaseStudySchema>;
export type Decision = z.infer<typeof DecisionSchema>;
export type CaseOption = z.infer<typeof CaseOptionSchema>;

interface GraphProblem {
  path: (string | number)[];
  message: string;
}

/** Everything wrong with the branching of a case study: unknown targets, duplicates, cycles, orphans. */
export function decisionGraphProblems(
  start: string,
  decisions: readonly Pick<Decision, 'id' | 'options'>[],
): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, Pick<Decision, 'id' | 'options'>>();
  decisions.forEach((decision, index) => {
    if (byId.has(decision.id)) {
      problems.push({
        path: ['decisions', index, 'id'],
        message: `Mã quyết định "${decision.id}" bị trùng: mỗi quyết định cần một mã riêng.`,
      });
    }
    byId.set(decision.id, decision);
    const optionIds = new Set<string>();
    decision.options.forEach((option, optionIndex) => {
      if (optionIds.has(option.id)) {
        problems.push({
          path: ['decisions', index, 'options', optionIndex, 'id'],
          message: `Mã lựa chọn "${option.id}" bị trùng trong quyết định "${decision.id}".`,
        });
      }
      optionIds.add(option.id);
    });
  });
  const known = [...byId.keys()].join(', ');
  if (!byId.has(start)) {
    problems.push({
      path: ['start'],
      message: `Quyết định đầu tiên (start) "${start}" không có trong danh sách. Dùng một trong: ${known}.`,
    });
    return problems;
  }
  decisions.forEach((decision, index) => {
    decision.options.forEach((option, optionIndex) => {
      if (option.next !== undefined && !byId.has(option.next)) {
        problems.push({
          path: ['decisions', index, 'options', optionIndex, 'next'],
          message: `Lựa chọn "${option.id}" dẫn tới quyết định "${option.next}" không tồn tại. Dùng một trong: ${known}, hoặc bỏ "next" nếu tình huống kết thúc ở đây.`,
        });
      }
    });
  });
  // Depth-first walk from start: a decision met again on the current path is a loop.
  const visited = new Set<string>();
  const onPath = new Set<string>();
  const walk = (id: string): void => {
    visited.add(id);
    onPath.add(id);
    for (const option of byId.get(id)?.options ?? []) {
      if (option.next === undefined || !byId.has(option.next)) continue;
      if (onPath.has(option.next)) {
        const index = decisions.findIndex((decision) => decision.id === id);
        problems.push({
          path: ['decisions', index, 'options'],
          message: `Lựa chọn "${option.id}" của quyết định "${id}" quay lại "${option.next}" và tạo vòng lặp: tình huống phải đi tới kết thúc.`,
        });
      } else if (!visited.has(option.next)) {
        walk(option.next);
      }
    }
    onPath.delete(id);
  };
  walk(start);
  decisions.forEach((decision, index) => {
    if (!visited.has(decision.id)) {
      problems.push({
        path: ['decisions', index, 'id'],
        message: `Quyết định "${decision.id}" không thể tới được từ "${start}": hãy cho một lựa chọn dẫn tới nó (next) hoặc xóa nó.`,
      });
    }
  });
  return problems;
}
