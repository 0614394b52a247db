p='src/lib/server/indicators/aggregate.ts'
s=open(p).read()
old=s[s.index("      -- The other figures of the counted officials, stored per course (official_figures).\n      counted AS MATERIALIZED ("):s.index("      args: { ...range, period: key, start: period.start, end: period.end },")]
s=s.replace(old,"""      )`,
""")
s=s.replace("""      args: { ...range, period: key, start: period.start, end: period.end },
    };""","""      args: { ...range, period: key },
      stored: true,
    };""")
s=s.replace("""    args: { ...range, facts: JSON.stringify(facts), start: period.start, end: period.end },
  };""","""    args: { ...range, facts: JSON.stringify(facts), start: period.start, end: period.end },
    stored: false,
  };""")
s=s.replace("""): Promise<{ ctes: string; args: Record<string, InValue> }> {""","""): Promise<{ ctes: string; args: Record<string, InValue>; stored: boolean }> {""")
# the tail: split into event tail and stored tail
i=s.index("  const sql = `WITH ${source.ctes},\n")
j=s.index("    ) AS packed`;")+len("    ) AS packed`;")
event_sql=s[i:j]
children_line=[l for l in event_sql.split('\n') if "'children'" in l][0]
event_sql=event_sql.replace("  const sql = `WITH ${source.ctes},\n","  const eventSql = `WITH ${source.ctes},\n")
stored_sql='''  const DAY = 86_400_000;
  // Three calendar months are 89 to 92 days: completions before the first bound are due, after
  // the second not yet; only those between are checked one by one (compute.ts evaluationDueAt).
  const storedSql = `WITH ${source.ctes}
    SELECT json_object(
'''+children_line+'''
      'courses', (SELECT json_group_array(json_array(course_id, completions, score_sum, score_count, evaluated, attempts, passed)) FROM (
          SELECT c.course_id, sum(c.completions) AS completions, sum(c.score_sum) AS score_sum, sum(c.score_count) AS score_count,
            sum(c.evaluated) AS evaluated, sum(c.attempts) AS attempts, sum(c.passed) AS passed
          FROM units u JOIN unit_course_figures c ON c.period = :period AND c.unit_id = u.id
          WHERE u.path >= :low AND u.path < :high GROUP BY c.course_id ORDER BY c.course_id)),
      'months', (SELECT json_group_object(month, n) FROM (
          SELECT m.month, sum(m.completions) AS n FROM units u JOIN unit_month_figures m ON m.period = :period AND m.unit_id = u.id
          WHERE u.path >= :low AND u.path < :high GROUP BY m.month)),
      'due', (SELECT count(*) FROM units u JOIN official_figures g INDEXED BY official_figures_due_idx
            ON g.period = :period AND g.unit_id = u.id AND g.evaluated = 0 AND g.completed_at IS NOT NULL AND g.completed_at < :surely_due
          WHERE u.path >= :low AND u.path < :high)
        + (SELECT count(*) FROM units u JOIN official_figures g INDEXED BY official_figures_due_idx
            ON g.period = :period AND g.unit_id = u.id AND g.evaluated = 0 AND g.completed_at IS NOT NULL
              AND g.completed_at >= :surely_due AND g.completed_at <= :maybe_due
          WHERE u.path >= :low AND u.path < :high
            AND unixepoch(g.completed_at / 1000, 'unixepoch', '+3 months') * 1000 + g.completed_at % 1000 <= :now)
    ) AS packed`;
  const result = await client.execute(
    source.stored
      ? { sql: storedSql, args: { ...source.args, now, surely_due: now - 93 * DAY, maybe_due: now - 88 * DAY } }
      : { sql: eventSql, args: { ...source.args, now } },
  );'''
s=s[:i]+event_sql+"\n"+stored_sql+s[j:]
old_exec=s[s.index("  const result = await client.execute({\n    sql,\n    args: { ...source.args, now },\n  });"):]
s=s.replace("  const result = await client.execute({\n    sql,\n    args: { ...source.args, now },\n  });\n","",1)
open(p,'w').write(s)
print('ok')
