/**
 * Drawing the questions of an attempt and showing them to the learner. Pure and seeded: the same
 * seed gives the same draw, so an attempt stores its seed or the drawn order and can be rebuilt.
 */
import type { PublicQuestion } from '../../schemas/api/attempts.ts';
import type { AnswerableQuestion, Question, QuestionBank } from '../../schemas/question-bank.ts';
import type { DrawRule, Quiz } from '../../schemas/quiz.ts';

/** One drawn question in the order shown, with the order of its options (and its parts' options). */
export interface DrawnQuestion {
  questionId: string;
  /** Option ids in display order, by question id (the question itself or a case group's parts). */
  optionOrder: Record<string, string[]>;
}

/** A deterministic pseudo-random generator in [0, 1) from a seed string (cyrb128 hash → sfc32). */
export function seededRandom(seed: string): () => number {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  let a = (h1 ^ h2 ^ h3 ^ h4) >>> 0,
    b = (h2 ^ h1) >>> 0,
    c = (h3 ^ h1) >>> 0,
    d = (h4 ^ h1) >>> 0;
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const result = (t + d) | 0;
    c = (c + result) | 0;
    return (result >>> 0) / 4294967296;
  };
}

/** Whether a question matches a draw rule: at least one of the rule's tags, and its difficulty. */
export function matchesRule(question: Question, rule: Pick<DrawRule, 'tags' | 'difficulty'>): boolean {
  if (rule.difficulty !== undefined && question.difficulty !== rule.difficulty) return false;
  return rule.tags === undefined || rule.tags.some((tag) => question.tags.includes(tag));
}

/**
 * Draw rules a bank cannot always satisfy, by rule index. Rules draw in order without repeats, so a
 * rule counts only the questions earlier rules cannot have taken. The content check and the quiz
 * editor both report these.
 */
export function drawShortfalls(
  quiz: Pick<Quiz, 'draw' | 'bank'>,
  bank: Pick<QuestionBank, 'questions'>,
): { rule: number; message: string }[] {
  const problems: { rule: number; message: string }[] = [];
  quiz.draw.forEach((rule, index) => {
    const matching = bank.questions.filter((question) => matchesRule(question, rule));
    const takenEarlier = quiz.draw
      .slice(0, index)
      .reduce(
        (sum, earlier) =>
          sum + Math.min(earlier.count, matching.filter((question) => matchesRule(question, earlier)).length),
        0,
      );
    const available = matching.length - takenEarlier;
    if (available < rule.count) {
      const what =
        [rule.tags ? `nhãn ${rule.tags.join(' hoặc ')}` : '', rule.difficulty ? `độ khó ${rule.difficulty}` : '']
          .filter(Boolean)
          .join(', ') || 'bất kỳ';
      problems.push({
        rule: index,
        message: `Quy tắc rút ${rule.count} câu (${what}) chỉ chắc chắn có ${Math.max(0, available)} câu trong ngân hàng "${quiz.bank}" sau các quy tắc trước: giảm số câu (count) hoặc thêm câu hỏi phù hợp.`,
      });
    }
  });
  return problems;
}

/**
 * Draws the questions of one attempt: rules in order, each taking `count` random matching
 * questions not drawn yet; then shuffles questions and options as the quiz says. Ordering items
 * are always shuffled (the bank may list them in the correct order). Throws when the bank cannot
 * satisfy the rules, which the content check prevents.
 */
export function drawQuestions(
  bank: Pick<QuestionBank, 'questions'>,
  quiz: Pick<Quiz, 'draw' | 'shuffleQuestions' | 'shuffleOptions'>,
  seed: string,
): DrawnQuestion[] {
  const random = seededRandom(seed);
  const taken = new Set<string>();
  const drawn: Question[] = [];
  quiz.draw.forEach((rule, index) => {
    const pool = bank.questions.filter((question) => !taken.has(question.id) && matchesRule(question, rule));
    if (pool.length < rule.count)
      throw new Error(`Draw rule ${index} needs ${rule.count} questions, the bank has ${pool.length} left.`);
    for (const question of shuffle(pool, random).slice(0, rule.count)) {
      taken.add(question.id);
      drawn.push(question);
    }
  });
  // Without shuffleQuestions, keep the bank's order so writers control the sequence.
  const ordered = quiz.shuffleQuestions
    ? shuffle(drawn, random)
    : bank.questions.filter((question) => taken.has(question.id));
  return ordered.map((question) => {
    const optionOrder: Record<string, string[]> = {};
    const parts: AnswerableQuestion[] = question.type === 'case-group' ? question.questions : [question];
    for (const part of parts) {
      if (part.type === 'true-false') continue;
      const ids = part.options.map((option) => option.id);
      optionOrder[part.id] =
        part.type === 'ordering'
          ? scrambled(ids, part.correct, random)
          : quiz.shuffleOptions
            ? shuffle(ids, random)
            : ids;
    }
    return { questionId: question.id, optionOrder };
  });
}

/** The bank's questions for a stored draw, in the drawn order; ids no longer in the bank are skipped. */
export function questionsOf(bank: Pick<QuestionBank, 'questions'>, drawn: readonly DrawnQuestion[]): Question[] {
  const byId = new Map(bank.questions.map((question) => [question.id, question]));
  return drawn.flatMap((item) => byId.get(item.questionId) ?? []);
}

/** The learner-facing form of a drawn question: prompt, options in drawn order, points; nothing else. */
export function publicQuestion(question: Question, optionOrder: Record<string, string[]> = {}): PublicQuestion {
  if (question.type === 'case-group') {
    return {
      id: question.id,
      type: 'case-group',
      prompt: question.prompt,
      scenario: question.scenario,
      points: question.questions.reduce((sum, part) => sum + part.points, 0),
      questions: question.questions.map((part) => publicPart(part, optionOrder)),
    };
  }
  return publicPart(question, optionOrder);
}

function publicPart(question: AnswerableQuestion, optionOrder: Record<string, string[]>): PublicQuestion {
  if (question.type === 'true-false')
    return { id: question.id, type: 'true-false', prompt: question.prompt, points: question.points };
  const byId = new Map(question.options.map((option) => [option.id, option.text]));
  const order = (optionOrder[question.id] ?? []).filter((id) => byId.has(id));
  const ids = order.length === byId.size ? order : [...byId.keys()];
  return {
    id: question.id,
    type: question.type,
    prompt: question.prompt,
    points: question.points,
    options: ids.map((id) => ({ id, text: byId.get(id) as string })),
  };
}

/** Fisher–Yates on a copy. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** A shuffle of ordering items that never shows the correct order itself (rotated by one if it does). */
function scrambled(ids: readonly string[], correct: readonly string[], random: () => number): string[] {
  const order = shuffle(ids, random);
  const same = order.length > 1 && order.every((id, index) => id === correct[index]);
  return same ? [...order.slice(1), order[0]] : order;
}
