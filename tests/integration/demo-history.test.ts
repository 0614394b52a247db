/**
 * The demo's year of learning history (db/seed/demo-history.ts) on the built server. A database
 * seeded as the tests seed theirs (createTestDatabase: no history) shows zeros everywhere: the
 * control. Running `node db/seed.ts` on it, as `npm start` does on restart, adds the history; then
 * the province administrator's indicators, records, yearly report and overdue list, and an
 * official's "Việc học của tôi", show non-zero figures with failures and overdue items, and every
 * certificate issued verifies at /xac-minh/. A second database seeded from nothing the same day
 * holds the same history row by row (every row a figure is computed from); seeding again adds
 * nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { vietnamDate } from '../../db/seed/demo-clock.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInOverHttp } from '../support/authoring-http.ts';

const run = promisify(execFile);
/** Both seedings use the same "today", so a run across midnight cannot tell them apart. */
const TODAY = vietnamDate(new Date());

const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;

/** `node db/seed.ts` on a database, as `npm start` runs it; returns what it printed and its time. */
async function seed(databaseUrl: string): Promise<{ output: string; seconds: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['db/seed.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DEMO_TODAY: TODAY },
  });
  return { output: stdout, seconds: (performance.now() - started) / 1000 };
}

/** The text of a page, without markup. */
function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

/** The figures a first visitor sees, read from the pages as the province administrator and the demo learner. */
async function figures(baseUrl: string) {
  const admin = await signInOverHttp(baseUrl, 'quantri.songlam', passwordOf('quantri.songlam'));
  const learner = await signInOverHttp(baseUrl, 'hocvien', passwordOf('hocvien'));
  const page = async (path: string, cookie: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie } });
    assert.equal(response.status, 200, path);
    return textOf(await response.text());
  };
  const indicators = await page('/quan-tri/chi-tieu/', admin);
  const records = await page('/quan-tri/ho-so/', admin);
  const yearly = await page('/quan-tri/bao-cao-nam/', admin);
  const overdue = await page('/quan-tri/giao-khoa-hoc/qua-han/', admin);
  const myLearning = await page('/viec-hoc-cua-toi/', learner);
  const csv = await fetch(`${baseUrl}/quan-tri/ho-so/xuat.csv`, { headers: { Cookie: admin } }).then((r) => r.text());
  const numbers = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => Number(match[1]));
  return {
    /** Numerators of the four Decision 700 indicators ("22 người trên 33 người"). */
    indicatorReached: numbers(indicators, /([\d.]+) người trên [\d.]+ người/g),
    recordCount: numbers(records, /([\d.]+) lượt bồi dưỡng/g)[0] ?? 0,
    /** Numerators of the yearly report's indicator table ("66,7% 22/33"). */
    yearlyReached: numbers(yearly, /% ([\d.]+)\/[\d.]+/g),
    overdueCount: numbers(overdue, /([\d.]+) việc giao khóa học quá hạn/g)[0] ?? 0,
    myCompleted: (myLearning.match(/Trạng thái: Đã hoàn thành Đã xong 100%/g) ?? []).length,
    myOverdue: /Quá hạn \d+ ngày/.test(myLearning),
    notCompletedAttendances: (csv.match(/Không hoàn thành|Vắng/g) ?? []).length,
  };
}

/** Every row the history wrote that a figure depends on, keyed by staff code instead of ids. */
async function historyRows(databaseUrl: string): Promise<Record<string, unknown[]>> {
  const db = openTestDatabase(databaseUrl);
  try {
    const query = async (sql: string) => (await db.$client.execute(sql)).rows.map((row) => Object.values(row));
    return {
      attempts: await query(
        `select o.staff_code, q.quiz_id, q.attempt_number, q.status, q.percent, q.passed, q.submitted_at
         from quiz_attempts q join users u on u.id = q.user_id join officials o on o.id = u.official_id order by 1, 2, 3`,
      ),
      completions: await query(
        `select o.staff_code, c.course_id, c.completed_at, c.score_percent, c.course_version
         from course_completions c join officials o on o.id = c.official_id order by 1, 2`,
      ),
      certificates: await query(
        'select staff_code, course_id, completed_at, issued_at, score_percent, hours, hours_basis, sample from certificates order by 1, 2',
      ),
      assignments: await query(
        `select o.staff_code, a.course_id, a.deadline, a.assigned_at from assignments a
         join officials o on o.id = a.official_id order by 1, 2`,
      ),
      attendances: await query(
        `select o.staff_code, t.content, t.starts_on, k.result, k.score, k.certificate_number from class_attendances k
         join training_classes t on t.id = k.class_id join officials o on o.id = k.official_id order by 1, 2`,
      ),
      evaluations: await query(
        `select o.staff_code, e.course_id, e.evaluated_at, e.task_results, e.citizen_satisfaction, e.comment
         from effectiveness_evaluations e join officials o on o.id = e.official_id order by 1, 2`,
      ),
      lessons: await query(
        `select o.staff_code, l.lesson_id, l.completed_at from lesson_progress l
         join users u on u.id = l.user_id join officials o on o.id = u.official_id order by 1, 2`,
      ),
      plans: await query('select period, title from training_plans order by 1'),
    };
  } finally {
    db.$client.close();
  }
}

let server: RunningServer;
let databaseUrl: string;
let control: Awaited<ReturnType<typeof figures>>;
let seeded: { output: string; seconds: number };
let fresh: { url: string; seeding: { output: string; seconds: number } };

before(async () => {
  databaseUrl = await createTestDatabase();
  const freshUrl = `file:${join(mkdtempSync(join(tmpdir(), 'hls-db-')), 'demo.db')}`;
  // The second database is seeded from nothing meanwhile, as on a fresh clone.
  const freshSeeding = seed(freshUrl);
  server = await startServer({ DATABASE_URL: databaseUrl, VERIFY_RATE_LIMIT_PER_MINUTE: '10000' });
  control = await figures(server.baseUrl);
  seeded = await seed(databaseUrl);
  fresh = { url: freshUrl, seeding: await freshSeeding };
  console.log(
    `Lịch sử mẫu thêm vào cơ sở dữ liệu có sẵn trong ${seeded.seconds.toFixed(1)} giây; ` +
      `cơ sở dữ liệu mới (đơn vị, cán bộ và lịch sử) trong ${fresh.seeding.seconds.toFixed(1)} giây (hai tiến trình song song).`,
  );
});
after(() => server?.stop());

describe('the demo history', () => {
  test('control: the tests’ seed has no history, so every figure is zero', () => {
    assert.deepEqual(control.indicatorReached, [0, 0, 0, 0]);
    assert.equal(control.recordCount, 0);
    assert.ok(control.yearlyReached.length >= 3 && control.yearlyReached.every((value) => value === 0));
    assert.equal(control.overdueCount, 0);
    assert.equal(control.myCompleted, 0);
    assert.equal(control.myOverdue, false);
    assert.equal(control.notCompletedAttendances, 0);
  });

  test('after seeding, the dashboards, records, report and learner page show believable figures', async () => {
    assert.match(seeded.output, /Đã tạo lịch sử học tập mẫu/);
    const figuresNow = await figures(server.baseUrl);
    console.log(
      `Chỉ tiêu (tử số): ${figuresNow.indicatorReached.join(', ')}; hồ sơ: ${figuresNow.recordCount} lượt; ` +
        `quá hạn: ${figuresNow.overdueCount}; lượt lớp không hoàn thành hoặc vắng: ${figuresNow.notCompletedAttendances}; ` +
        `hocvien đã hoàn thành ${figuresNow.myCompleted} khóa được giao.`,
    );
    assert.equal(figuresNow.indicatorReached.length, 4);
    assert.ok(
      figuresNow.indicatorReached.every((value) => value > 0),
      'every indicator has people reaching it',
    );
    assert.ok(figuresNow.recordCount >= 100, 'a year of records');
    assert.ok(figuresNow.yearlyReached.some((value) => value > 0));
    assert.ok(figuresNow.overdueCount > 0, 'some assignments are overdue');
    assert.ok(figuresNow.overdueCount < figuresNow.recordCount / 2, 'but most are done');
    assert.ok(figuresNow.notCompletedAttendances > 0, 'some attendees were absent or did not complete');
    assert.ok(figuresNow.myCompleted > 0 && figuresNow.myOverdue, 'the demo learner has finished and overdue courses');

    const db = openTestDatabase(databaseUrl);
    try {
      const count = async (sql: string) => Number((await db.$client.execute(sql)).rows[0][0]);
      const failed = await count('select count(*) from quiz_attempts where passed = 0');
      const passed = await count('select count(*) from quiz_attempts where passed = 1');
      assert.ok(failed > 0 && failed < passed, `some failed attempts (${failed} of ${failed + passed})`);
      assert.ok((await count('select count(*) from effectiveness_evaluations')) > 0, 'some evaluations');
      // An evaluation only comes three months or more after the completion it rates.
      assert.equal(
        await count(`select count(*) from effectiveness_evaluations e join course_completions c
          on c.user_id = e.user_id and c.course_id = e.course_id where e.evaluated_at < c.completed_at + 90 * 86400000`),
        0,
      );
      // Nothing is dated today or later: the history ends yesterday.
      const tomorrowMs = Date.parse(`${TODAY}T00:00:00+07:00`);
      assert.equal(await count(`select count(*) from course_completions where completed_at >= ${tomorrowMs}`), 0);
      assert.equal(await count(`select count(*) from quiz_attempts where started_at >= ${tomorrowMs}`), 0);
    } finally {
      db.$client.close();
    }
  });

  test('every certificate the history issued verifies at /xac-minh/', async () => {
    const db = openTestDatabase(databaseUrl);
    const rows = (await db.$client.execute('select code, course_id from certificates')).rows;
    const codes = rows.map((row) => String(row.code));
    const courseOf = new Map(rows.map((row) => [String(row.code), String(row.course_id)]));
    db.$client.close();
    const byBasis = new Map<string, number>();
    assert.ok(codes.length > 50, `${codes.length} certificates`);
    for (const code of codes) {
      const response = await fetch(`${server.baseUrl}/xac-minh/${code}/`);
      const body = await response.text();
      assert.equal(response.status, 200, code);
      assert.match(body, /data-certificate-status="con-hieu-luc"/, code);
      // Every demo course is a sample: each certificate says so, with its credited hours and their basis.
      assert.match(body, /data-certificate-sample="true"/, code);
      const hours = /Số giờ được ghi nhận (.+?) Ngày hoàn thành/.exec(textOf(body))?.[1] ?? '';
      byBasis.set(`${courseOf.get(code)}: ${hours}`, (byBasis.get(`${courseOf.get(code)}: ${hours}`) ?? 0) + 1);
    }
    console.log([...byBasis].map(([line, count]) => `${line} (${count})`).join('\n'));
    for (const line of byBasis.keys()) {
      if (line.startsWith('van-hanh-chinh-quyen-dia-phuong-2-cap:'))
        assert.match(
          line,
          /: 16 giờ, theo Quyết định số 0000\/QĐ-MINHHOA ngày .* quyết định minh họa của dữ liệu mẫu$/,
        );
      else assert.match(line, /: (2,5|3) giờ, theo nội dung khóa học$/);
    }
    // The control: a code the history did not issue is not found.
    const unknown = await fetch(`${server.baseUrl}/xac-minh/${'A'.repeat(codes[0].length)}/`);
    await unknown.body?.cancel();
    assert.equal(unknown.status, 404);
  });

  test('seeding from nothing the same day gives the same history; seeding again adds nothing', async () => {
    assert.match(fresh.seeding.output, /Đã tạo dữ liệu mẫu: 22 đơn vị, 84 cán bộ, 91 tài khoản/);
    const [first, second] = await Promise.all([historyRows(databaseUrl), historyRows(fresh.url)]);
    for (const table of Object.keys(first)) {
      assert.ok(first[table].length > 0, `${table} has rows`);
      assert.deepEqual(second[table], first[table], table);
    }
    // Every figure of the pages is computed from these rows (and the organisation, seeded alike).
    const again = await seed(databaseUrl);
    assert.doesNotMatch(again.output, /lịch sử học tập mẫu/);
    assert.deepEqual(await historyRows(databaseUrl), first);
  });
});
