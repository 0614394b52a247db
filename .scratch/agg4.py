p='src/lib/server/indicators/aggregate.ts'
s=open(p).read()
old="""      -- The other figures of the counted officials, stored per course (official_figures).
      figures AS MATERIALIZED (
        SELECT g.course_id, g.completed_at, g.score_percent, g.evaluated, g.attempts, g.passed
        FROM units u JOIN official_figures g ON g.period = :period AND g.unit_id = u.id
        WHERE u.path >= :low AND u.path < :high
      ),
      counted AS MATERIALIZED (
        SELECT course_id, completed_at, score_percent, completed_at >= :start AND completed_at < :end AS in_period, evaluated AS done
        FROM figures WHERE completed_at IS NOT NULL
      ),
      attempts_by_course AS (
        SELECT course_id, sum(attempts) AS tried, sum(passed) AS passed FROM figures WHERE attempts > 0 GROUP BY course_id
      )`,"""
assert old in s
s=s.replace(old,"""      -- The other figures of the counted officials, stored per course (official_figures).
      counted AS MATERIALIZED (
        SELECT g.course_id, g.completed_at, g.score_percent, g.completed_at >= :start AND g.completed_at < :end AS in_period, g.evaluated AS done
        FROM units u JOIN official_figures g ON g.period = :period AND g.unit_id = u.id
        WHERE u.path >= :low AND u.path < :high AND g.completed_at IS NOT NULL
      ),
      attempts_by_course AS (
        SELECT g.course_id, sum(g.attempts) AS tried, sum(g.passed) AS passed
        FROM units u JOIN official_figures g ON g.period = :period AND g.unit_id = u.id
        WHERE u.path >= :low AND u.path < :high AND g.attempts > 0 GROUP BY g.course_id
      )`,""")
old="""    course_rows AS (
      SELECT course_id, sum(in_period) AS completions, avg(CASE WHEN in_period THEN score_percent END) AS average, 0 AS tried, 0 AS passed FROM counted GROUP BY course_id
      UNION ALL
      SELECT course_id, 0, NULL, tried, passed FROM attempts_by_course
    )"""
assert old in s
s=s.replace(old,"""    -- One pass over the completions per course; the totals are summed from these rows.
    course_rows AS (
      SELECT course_id, sum(in_period) AS completions, sum(CASE WHEN in_period THEN score_percent END) AS score_sum,
        count(CASE WHEN in_period THEN score_percent END) AS score_n, sum(in_period AND done) AS done_n, 0 AS tried, 0 AS passed
      FROM counted GROUP BY course_id
      UNION ALL
      SELECT course_id, 0, NULL, 0, 0, tried, passed FROM attempts_by_course
    )""")
old="""      'courses', (SELECT json_group_array(json_array(course_id, completions, average, tried, passed)) FROM (
          SELECT course_id, sum(completions) AS completions, max(average) AS average, sum(tried) AS tried, sum(passed) AS passed
          FROM course_rows GROUP BY course_id HAVING sum(completions) > 0 OR sum(tried) > 0 ORDER BY course_id)),"""
assert old in s
s=s.replace(old,"""      'courses', (SELECT json_group_array(json_array(course_id, completions, score_sum, score_n, done_n, tried, passed)) FROM (
          SELECT course_id, sum(completions) AS completions, sum(score_sum) AS score_sum, sum(score_n) AS score_n,
            sum(done_n) AS done_n, sum(tried) AS tried, sum(passed) AS passed
          FROM course_rows GROUP BY course_id ORDER BY course_id)),""")
old="""      'completions', (SELECT count(*) FROM counted WHERE in_period),
      'average', (SELECT avg(score_percent) FROM counted WHERE in_period),
      'done', (SELECT count(*) FROM counted WHERE in_period AND done),
"""
assert old in s
s=s.replace(old,"")
old="""    courses: [string, number, number | null, number, number][];
    months: Record<string, number>;
    completions: number;
    average: number | null;
    done: number;
    due: number;"""
assert old in s
s=s.replace(old,"""    courses: [string, number, number | null, number, number, number, number][];
    months: Record<string, number>;
    due: number;""")
old="""  const courses: CourseFigures[] = packed.courses.map(
    ([courseId, completions, averageScore, finalAttempts, passedAttempts]) => ({
      courseId,
      completions,
      averageScore,
      finalAttempts,
      passedAttempts,
      passRate: finalAttempts === 0 ? null : (passedAttempts / finalAttempts) * 100,
    }),
  );"""
assert old in s
s=s.replace(old,"""  let completions = 0;
  let scoreSum = 0;
  let scoreCount = 0;
  let evaluationsDone = 0;
  const courses: CourseFigures[] = [];
  for (const [courseId, done, sum, count, evaluated, finalAttempts, passedAttempts] of packed.courses) {
    completions += done;
    scoreSum += sum ?? 0;
    scoreCount += count;
    evaluationsDone += evaluated;
    if (done === 0 && finalAttempts === 0) continue;
    courses.push({
      courseId,
      completions: done,
      averageScore: count === 0 ? null : (sum ?? 0) / count,
      finalAttempts,
      passedAttempts,
      passRate: finalAttempts === 0 ? null : (passedAttempts / finalAttempts) * 100,
    });
  }""")
old="""    completionsInPeriod: packed.completions,
    averageScore: packed.average,
    evaluationsDue: packed.due,
    evaluationsDone: packed.done,"""
assert old in s
s=s.replace(old,"""    completionsInPeriod: completions,
    averageScore: scoreCount === 0 ? null : scoreSum / scoreCount,
    evaluationsDue: packed.due,
    evaluationsDone,""")
open(p,'w').write(s)
print('ok')
