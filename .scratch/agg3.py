p='src/lib/server/indicators/aggregate.ts'
s=open(p).read()
old_m="""      'months', (SELECT json_group_object(m, n) FROM (
          SELECT strftime('%Y-%m', (completed_at + ${VIETNAM_OFFSET_MS}) / 1000, 'unixepoch') AS m, count(*) AS n FROM counted WHERE in_period GROUP BY m)),"""
assert old_m in s
s=s.replace(old_m,"""      -- Grouped by day first: the date functions then run once a day, not once a completion.
      'months', (SELECT json_group_object(m, n) FROM (
          SELECT strftime('%Y-%m', day * 86400, 'unixepoch') AS m, sum(n) AS n FROM (
            SELECT (completed_at + ${VIETNAM_OFFSET_MS}) / 86400000 AS day, count(*) AS n FROM counted WHERE in_period GROUP BY day
          ) GROUP BY m)),""")
import re
i=s.index("      'due', (SELECT count(*) FROM counted WHERE NOT done")
j=s.index("    ) AS packed`;")
old_due=s[i:j]
s=s[:i]+"""      -- Due three calendar months after completion, at the same time of day (compute.ts
      -- evaluationDueAt): whole days are due or not; only the day reaching :now is counted row by row.
      'due', (SELECT coalesce(sum(CASE WHEN due_day + 86400000 <= :now THEN n WHEN due_day > :now THEN 0 ELSE (
            SELECT count(*) FROM counted c WHERE NOT c.done AND c.completed_at / 86400000 = day AND due_day + c.completed_at % 86400000 <= :now
          ) END), 0) FROM (
          SELECT completed_at / 86400000 AS day, unixepoch(completed_at / 86400000 * 86400, 'unixepoch', '+3 months') * 1000 AS due_day, count(*) AS n
          FROM counted WHERE NOT done GROUP BY day))
"""+s[j:]
open(p,'w').write(s)
print(old_due)
