/**
 * Readiness (GET /api/v1/health/ready): may this instance take traffic? Unlike the liveness check
 * (/api/v1/health, which only shows the process answers), it asks the database: it is reachable
 * (a trivial query), every migration of db/migrations is applied (the journal's entries against
 * the rows of drizzle's __drizzle_migrations table), and a build is loaded (the id scripts/serve.mjs
 * shares under Symbol.for('hoc-lieu-so.current-build')).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from '../../../../db/client.ts';
import { READINESS_CHECKS, type ReadinessCheck } from '../../../schemas/api/health.ts';

export interface Check {
  ok: boolean;
  message?: string;
  [detail: string]: unknown;
}

export interface Readiness {
  ready: boolean;
  /** The names of the checks that failed. */
  failed: ReadinessCheck[];
  checks: Record<ReadinessCheck, Check>;
}

/** The migration journal drizzle-kit writes: one entry per migration. */
export const JOURNAL = 'db/migrations/meta/_journal.json';

/** How many migrations the journal lists (read from the working folder, as `npm start` migrates it). */
export function expectedMigrations(journal = resolve(JOURNAL)): number {
  const entries = (JSON.parse(readFileSync(journal, 'utf8')) as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) throw new Error(`${journal} không có danh sách entries`);
  return entries.length;
}

const CURRENT_BUILD = Symbol.for('hoc-lieu-so.current-build');

export async function readiness(
  db: Database,
  options: { expected?: () => number; buildId?: unknown } = {},
): Promise<Readiness> {
  const { expected = expectedMigrations, buildId = (globalThis as { [CURRENT_BUILD]?: unknown })[CURRENT_BUILD] } =
    options;
  let database: Check;
  try {
    await db.$client.execute('SELECT 1');
    database = { ok: true };
  } catch {
    database = { ok: false, message: 'Không truy vấn được cơ sở dữ liệu.' };
  }

  let migrations: Check;
  if (!database.ok) migrations = { ok: false, message: 'Chưa kiểm tra: cơ sở dữ liệu không trả lời.' };
  else {
    try {
      const wanted = expected();
      const applied = Number(
        (await db.$client.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]?.n ?? 0,
      );
      migrations =
        applied === wanted
          ? { ok: true, applied, expected: wanted }
          : {
              ok: false,
              applied,
              expected: wanted,
              message:
                applied < wanted
                  ? 'Còn bản chuyển đổi cơ sở dữ liệu chưa áp dụng (chạy npm start).'
                  : 'Cơ sở dữ liệu có nhiều bản chuyển đổi hơn mã nguồn này.',
            };
    } catch {
      migrations = { ok: false, message: 'Không đọc được danh sách bản chuyển đổi đã áp dụng.' };
    }
  }

  const build: Check =
    typeof buildId === 'string' && buildId
      ? { ok: true, id: buildId }
      : { ok: false, message: 'Chưa nạp bản dựng nào (scripts/serve.mjs).' };

  const checks: Record<ReadinessCheck, Check> = { database, migrations, build };
  const failed = READINESS_CHECKS.filter((name) => !checks[name].ok);
  return { ready: failed.length === 0, failed, checks };
}
