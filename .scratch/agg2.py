p='src/lib/server/indicators/aggregate.ts'
s=open(p).read()
old_stored="""      members AS MATERIALIZED (
        SELECT f.official_id FROM units u JOIN official_facts f ON f.period = :period AND f.unit_id = u.id
        WHERE u.path >= :low AND u.path < :high
      )`,
      args: { ...range, period: key },"""
new_stored="""      -- The other figures of the counted officials, stored per course (official_figures).
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
      )`,
      args: { ...range, period: key, start: period.start, end: period.end },"""
assert old_stored in s
s=s.replace(old_stored,new_stored)
old_fb="""      members AS MATERIALIZED (
        SELECT f.official_id FROM computed f JOIN units u ON u.id = f.unit_id WHERE u.path >= :low AND u.path < :high
      )`,
      args: { ...range, facts: JSON.stringify(facts) },"""
new_fb="""      members AS MATERIALIZED (
        SELECT f.official_id FROM computed f JOIN units u ON u.id = f.unit_id WHERE u.path >= :low AND u.path < :high
      ),
      ${EVENT_FIGURES}`,
      args: { ...range, facts: JSON.stringify(facts), start: period.start, end: period.end },"""
assert old_fb in s
s=s.replace(old_fb,new_fb)
anchor="""/**
 * Where the facts of the subtree's officials in the period come from,"""
assert anchor in s
s=s.replace(anchor,"""/**
 * The other figures of `members` read from the event tables (a period that is not stored):
 * `counted(course_id, completed_at, score_percent, in_period, done)` and
 * `attempts_by_course(course_id, tried, passed)`, as official_figures holds them for stored periods.
 */
const EVENT_FIGURES = `accounts AS MATERIALIZED (SELECT us.id AS user_id FROM members m JOIN users us ON us.official_id = m.official_id),
      -- Revoked certificates are few: start from them (certificates_revoked_idx), not from every completion.
      revoked AS MATERIALIZED (
        SELECT DISTINCT r.user_id, r.course_id FROM certificates r INDEXED BY certificates_revoked_idx
        WHERE r.revoked_at IS NOT NULL AND r.user_id IN (SELECT user_id FROM accounts)
          AND NOT EXISTS (SELECT 1 FROM certificates v WHERE v.user_id = r.user_id AND v.course_id = r.course_id AND v.revoked_at IS NULL)
      ),
      counted AS MATERIALIZED (
        SELECT cc.course_id, cc.completed_at, cc.score_percent, cc.completed_at >= :start AND cc.completed_at < :end AS in_period,
          EXISTS (SELECT 1 FROM effectiveness_evaluations e WHERE e.user_id = cc.user_id AND e.course_id = cc.course_id) AS done
        FROM accounts a JOIN course_completions cc ON cc.user_id = a.user_id
        WHERE NOT EXISTS (SELECT 1 FROM revoked r WHERE r.user_id = cc.user_id AND r.course_id = cc.course_id)
      ),
      attempts_by_course AS (
        SELECT q.course_id, count(*) AS tried, sum(q.passed = 1) AS passed FROM accounts a JOIN quiz_attempts q ON q.user_id = a.user_id
        WHERE q.final = 1 AND q.submitted_at IS NOT NULL AND q.passed IS NOT NULL AND q.submitted_at >= :start AND q.submitted_at < :end
        GROUP BY q.course_id
      )`;

"""+anchor)
a=s.index("  const sql = `WITH ${source.ctes},\n    accounts AS MATERIALIZED")
b=s.index("    course_rows AS (")
s=s[:a]+"  const sql = `WITH ${source.ctes},\n"+s[b:]
old_cr="""      SELECT course_id, 0, NULL, count(*), sum(passed = 1) FROM attempts GROUP BY course_id"""
assert old_cr in s
s=s.replace(old_cr,"""      SELECT course_id, 0, NULL, tried, passed FROM attempts_by_course""")
old_d="""      'done', (SELECT count(*) FROM evaluated WHERE in_period AND done),
      'due', (SELECT count(*) FROM evaluated WHERE NOT done"""
assert old_d in s
s=s.replace(old_d,"""      'done', (SELECT count(*) FROM counted WHERE in_period AND done),
      'due', (SELECT count(*) FROM counted WHERE NOT done""")
old_a="""    args: { ...source.args, start: period.start, end: period.end, now },"""
assert old_a in s
s=s.replace(old_a,"""    args: { ...source.args, now },""")
s=s.replace("""  // Online figures of the counted officials: completions (not revoked), final attempts, evaluations.
""","")
open(p,'w').write(s)
print("ok")
