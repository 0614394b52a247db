/**
 * How learners chose at each decision point of a course's case studies, from the progress events
 * of kind case_decision (data {decisionId, optionId}): the number of distinct learners who chose
 * each option. A learner who replays a case and chooses differently counts once for each option.
 */
import { rowsOf } from './sql-rows.ts';

export interface DecisionCount {
  caseStudyId: string;
  decisionId: string;
  optionId: string;
  learners: number;
}

export async function caseDecisionCounts(courseId: string): Promise<DecisionCount[]> {
  const rows = await rowsOf<{ case_study_id: string; decision_id: string; option_id: string; learners: number }>(
    `select case_study_id, json_extract(data, '$.decisionId') as decision_id, json_extract(data, '$.optionId') as option_id,
            count(distinct user_id) as learners
     from progress_events where course_id = ?1 and kind = 'case_decision' and case_study_id is not null
     group by case_study_id, decision_id, option_id`,
    [courseId],
  );
  return rows.map((row) => ({
    caseStudyId: row.case_study_id,
    decisionId: String(row.decision_id),
    optionId: String(row.option_id),
    learners: row.learners,
  }));
}

/** Learners who reached each decision (chose any option there), by "<caseStudyId> <decisionId>". */
export async function decisionReach(courseId: string): Promise<Map<string, number>> {
  const rows = await rowsOf<{ case_study_id: string; decision_id: string; learners: number }>(
    `select case_study_id, json_extract(data, '$.decisionId') as decision_id, count(distinct user_id) as learners
     from progress_events where course_id = ?1 and kind = 'case_decision' and case_study_id is not null
     group by case_study_id, decision_id`,
    [courseId],
  );
  return new Map(rows.map((row) => [`${row.case_study_id} ${row.decision_id}`, row.learners]));
}
