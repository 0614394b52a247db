/**
 * Item analysis of a course's quiz questions, from closed attempts (submitted or expired) and
 * their stored grade, answers and question snapshot, all counted in SQL:
 * - difficulty: the share of attempts that answered the question fully correctly;
 * - discrimination: share correct in the upper 27% minus share correct in the lower 27% of the
 *   attempts that drew the question, ranked by the attempt's total percent (ties broken by
 *   attempt id); only with at least MIN_FOR_DISCRIMINATION attempts;
 * - option counts: how many attempts chose each option (single, multiple, true/false).
 * Questions are grouped by id across quiz versions; a case group's parts are analysed one by one.
 * By default only each learner's first attempt at each quiz counts (later attempts follow the
 * feedback of the first, so they measure the question less well).
 */
import type { AnswerableQuestion, Question } from '../../../schemas/question-bank.ts';
import { rowsOf } from './sql-rows.ts';

export const MIN_FOR_DISCRIMINATION = 10;
export const UPPER_LOWER_SHARE = 0.27;

export type AttemptSelection = 'first' | 'all';

export interface OptionCount {
  /** Bank option id; "true"/"false" for a true/false question. */
  id: string;
  text: string;
  correct: boolean;
  /** Attempts that chose it. */
  chosen: number;
}

export interface QuestionRow {
  questionId: string;
  type: AnswerableQuestion['type'];
  /** From the latest snapshot. */
  prompt: string;
  /** The scenario's prompt when the question is part of a case group. */
  groupPrompt?: string;
  /** Attempts that drew the question. */
  attempts: number;
  /** Attempts that left it unanswered. */
  unanswered: number;
  /** Share correct, 0..1. */
  difficulty: number;
  /** Upper minus lower share correct, -1..1; null with fewer than MIN_FOR_DISCRIMINATION attempts. */
  discrimination: number | null;
  /** Empty for ordering questions. */
  options: OptionCount[];
  /** The wrong option chosen most often, if any was chosen. */
  topWrongOption?: OptionCount;
  /** Why the question deserves a look ("cần xem lại"); empty when none. */
  reviewReasons: string[];
}

function closedAttempts(selection: AttemptSelection): string {
  return `select id, percent, questions, grade, started_at from quiz_attempts
    where course_id = ?1 and status in ('submitted', 'expired') and grade is not null${selection === 'first' ? ' and attempt_number = 1' : ''}`;
}

/** Per-question rows of a course, in order of difficulty (hardest first). */
export async function questionAnalysis(
  courseId: string,
  selection: AttemptSelection = 'first',
): Promise<QuestionRow[]> {
  const attempts = closedAttempts(selection);
  const stats = await rowsOf<{
    question_id: string;
    attempts: number;
    answered: number;
    correct: number;
    discrimination: number | null;
  }>(
    `with attempts as (${attempts}),
     results as (
       select a.id as attempt_id, a.percent, json_extract(q.value, '$.questionId') as question_id,
              json_extract(q.value, '$.correct') as correct, json_extract(q.value, '$.answered') as answered
       from attempts a, json_each(a.grade, '$.questions') q where json_extract(q.value, '$.parts') is null
       union all
       select a.id, a.percent, json_extract(p.value, '$.questionId'), json_extract(p.value, '$.correct'), json_extract(p.value, '$.answered')
       from attempts a, json_each(a.grade, '$.questions') q, json_each(q.value, '$.parts') p
     ),
     ranked as (
       select *, row_number() over (partition by question_id order by percent, attempt_id) as rn,
              count(*) over (partition by question_id) as n
       from results
     ),
     grouped as (select *, cast(round(n * ?2) as integer) as g from ranked)
     select question_id, count(*) as attempts, sum(answered) as answered, sum(correct) as correct,
       case when max(n) >= ?3 then
         avg(case when rn > n - g then correct end) - avg(case when rn <= g then correct end)
       end as discrimination
     from grouped group by question_id`,
    [courseId, UPPER_LOWER_SHARE, MIN_FOR_DISCRIMINATION],
  );
  if (stats.length === 0) return [];
  const snapshots = await rowsOf<{ question_id: string; question: string; group_prompt: string | null }>(
    `with attempts as (${attempts}),
     snaps as (
       select json_extract(q.value, '$.id') as question_id, q.value as question, null as group_prompt, a.started_at
       from attempts a, json_each(a.questions) q where json_extract(q.value, '$.type') <> 'case-group'
       union all
       select json_extract(p.value, '$.id'), p.value, json_extract(q.value, '$.prompt'), a.started_at
       from attempts a, json_each(a.questions) q, json_each(q.value, '$.questions') p where json_extract(q.value, '$.type') = 'case-group'
     )
     select question_id, question, group_prompt from (
       select *, row_number() over (partition by question_id order by started_at desc) as rn from snaps
     ) where rn = 1`,
    [courseId],
  );
  const chosen = await rowsOf<{ question_id: string; option_id: string; chosen: number }>(
    `with attempts as (${attempts}),
     answers as (select qa.attempt_id, qa.question_id, qa.answer from quiz_answers qa join attempts a on a.id = qa.attempt_id),
     choices as (
       select attempt_id, question_id, e.value as option_id from answers, json_each(answers.answer) e where json_type(answers.answer) = 'array'
       union all
       select attempt_id, question_id, json_type(answer) from answers where json_type(answer) in ('true', 'false')
       union all
       select attempt_id, question_id, json_extract(answer, '$') from answers where json_type(answer) = 'text'
     )
     select question_id, cast(option_id as text) as option_id, count(distinct attempt_id) as chosen from choices group by question_id, option_id`,
    [courseId],
  );
  const snapshotOf = new Map(snapshots.map((row) => [row.question_id, row]));
  const chosenOf = new Map<string, Map<string, number>>();
  for (const row of chosen) {
    const counts = chosenOf.get(row.question_id) ?? new Map<string, number>();
    counts.set(row.option_id, row.chosen);
    chosenOf.set(row.question_id, counts);
  }
  const rows: QuestionRow[] = [];
  for (const stat of stats) {
    const snapshot = snapshotOf.get(stat.question_id);
    if (!snapshot) continue;
    const question = JSON.parse(snapshot.question) as Exclude<Question, { type: 'case-group' }>;
    const counts = chosenOf.get(stat.question_id) ?? new Map<string, number>();
    const options = optionCounts(question, counts);
    const wrong = options.filter((option) => !option.correct && option.chosen > 0).sort((a, b) => b.chosen - a.chosen);
    const difficulty = stat.attempts === 0 ? 0 : stat.correct / stat.attempts;
    rows.push({
      questionId: stat.question_id,
      type: question.type,
      prompt: question.prompt,
      ...(snapshot.group_prompt ? { groupPrompt: snapshot.group_prompt } : {}),
      attempts: stat.attempts,
      unanswered: stat.attempts - stat.answered,
      difficulty,
      discrimination: stat.discrimination,
      options,
      ...(wrong[0] ? { topWrongOption: wrong[0] } : {}),
      reviewReasons: reviewReasons(difficulty, stat.discrimination),
    });
  }
  return rows.sort((a, b) => a.difficulty - b.difficulty || a.questionId.localeCompare(b.questionId));
}

function optionCounts(question: Exclude<Question, { type: 'case-group' }>, counts: Map<string, number>): OptionCount[] {
  if (question.type === 'ordering') return [];
  if (question.type === 'true-false') {
    return [
      { id: 'true', text: 'Đúng', correct: question.correct === true, chosen: counts.get('true') ?? 0 },
      { id: 'false', text: 'Sai', correct: question.correct === false, chosen: counts.get('false') ?? 0 },
    ];
  }
  return question.options.map((option) => ({
    id: option.id,
    text: option.text,
    correct: question.correct.includes(option.id),
    chosen: counts.get(option.id) ?? 0,
  }));
}

/** Reasons to look at a question again, in Vietnamese. */
export function reviewReasons(difficulty: number, discrimination: number | null): string[] {
  const reasons: string[] = [];
  if (difficulty > 0.9)
    reasons.push('Quá dễ: hơn 90% lượt làm trả lời đúng, câu hỏi gần như không phân loại được người học.');
  if (difficulty < 0.3)
    reasons.push('Quá khó: dưới 30% lượt làm trả lời đúng; kiểm tra lại đáp án, cách diễn đạt hoặc nội dung bài học.');
  if (discrimination !== null && discrimination < 0.2)
    reasons.push(
      'Độ phân biệt thấp (dưới 0,2): người học giỏi không trả lời đúng nhiều hơn người học yếu; câu hỏi có thể mơ hồ hoặc sai đáp án.',
    );
  return reasons;
}
