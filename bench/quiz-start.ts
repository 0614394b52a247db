/**
 * `npm run bench:quiz-start`: an exam sitting. 5,000 learners start the same final test within
 * 10 seconds, as when a province's officials sit it together (Moodle sites have been reported
 * taking minutes to start a quiz for 250 users at once); each then saves answers twice at random
 * moments of the next 20 seconds (PUT /api/v1/attempts/{id}/answers, valid answers to half of
 * the questions each time, one answer changed) and submits at a random moment of a further 10
 * seconds (POST /api/v1/attempts/{id}/submit). Every request is measured from sending to the last
 * byte of the answer. Before that, the same learners load GET /api/v1/health and then the quiz
 * page the same way, as baselines measured in the same run.
 *
 * On a fresh seeded database with the learner accounts inserted directly and their sessions
 * created directly (createSession: no argon2 sign-in, which would measure password hashing, not
 * the quiz), against the built server (one process unless WORKERS says otherwise).
 * Prints p50/p95/p99/max and errors of each route and the CPU shares of the server and of this
 * generator, then checks the database: exactly one attempt per learner, every saved answer
 * stored as last sent (in bank ids), every attempt graded, integrity_check ok.
 * Target: no error, p99 under 200 ms for start, save and submit. Needs a build (`npm run build`).
 * Options: BENCH_LEARNERS (5000), BENCH_SPREAD_SECONDS (10, the starts), BENCH_SAVE_SECONDS (20),
 * BENCH_SUBMIT_SECONDS (10), BENCH_CPU_PROF_DIR (the server's CPU profile goes there). With BENCH_SMOKE=1 (the smoke run of `npm test`, bench/smoke.ts) a
 * p99 over the target does not fail the run; an error or a wrong database still does.
 */
import { eq, inArray } from 'drizzle-orm';
import { quizAnswers, quizAttempts, roleGrants, users } from '../db/schema/index.ts';
import { answerSlots, toStoredAnswer } from '../src/lib/assessment/public-attempt.ts';
import type { PublicQuestion } from '../src/schemas/api/attempts.ts';
import { createTestDatabase, openTestDatabase } from '../tests/support/database.ts';
import { startServer } from '../tests/support/server.ts';
import { cpuBetween, treeCpu } from './rush/cpu.ts';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 5000);
const SPREAD_SECONDS = Number(process.env.BENCH_SPREAD_SECONDS ?? 10);
const SAVE_SECONDS = Number(process.env.BENCH_SAVE_SECONDS ?? 20);
const SUBMIT_SECONDS = Number(process.env.BENCH_SUBMIT_SECONDS ?? 10);
const WARM_UP_LEARNERS = 20;
const TARGET_P99_MS = 200;
const SMOKE = process.env.BENCH_SMOKE === '1';

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const FINAL_QUIZ = `${COURSE}/kiem-tra-cuoi-khoa`;
const PRACTICE_QUIZ = `${COURSE}/on-tap`;

const databaseUrl = await createTestDatabase();
process.env.DATABASE_URL = databaseUrl;
// sessions.ts opens DATABASE_URL on first use, so it is imported only now.
const { createSession } = await import('../src/lib/server/auth/sessions.ts');
const { newId } = await import('../src/lib/ids.ts');
const db = openTestDatabase(databaseUrl);

interface Learner {
  userId: string;
  cookie: string;
}

/** Inserts learner accounts directly (their password is never used) and starts a session for each. */
async function seedLearners(count: number, prefix: string): Promise<Learner[]> {
  const [{ passwordHash }] = await db.select({ passwordHash: users.passwordHash }).from(users).limit(1);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId(),
    username: `${prefix}-${String(i + 1).padStart(5, '0')}`,
    displayName: `Học viên thử tải ${i + 1}`,
    passwordHash,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.transaction(async (tx) => {
      await tx.insert(users).values(chunk);
      await tx
        .insert(roleGrants)
        .values(chunk.map((row) => ({ userId: row.id, role: 'learner' as const, unitId: null })));
    });
  }
  // The app's own createSession, many at a time: its writes queue behind one lock anyway.
  const learners: Learner[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const tokens = await Promise.all(chunk.map((row) => createSession(row.id)));
    chunk.forEach((row, k) => learners.push({ userId: row.id, cookie: `hls_session=${tokens[k]}` }));
  }
  return learners;
}

const seedingStarted = performance.now();
const learners = await seedLearners(LEARNERS, 'thu-tai');
const warmUpLearners = await seedLearners(WARM_UP_LEARNERS, 'khoi-dong');
const seedingSeconds = (performance.now() - seedingStarted) / 1000;
// BENCH_CPU_PROF_DIR: the server writes a CPU profile (--cpu-prof) there when it stops.
const server = await startServer({
  DATABASE_URL: databaseUrl,
  ...(process.env.BENCH_CPU_PROF_DIR
    ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}` }
    : {}),
});

/** Latencies and outcomes of one route. */
class Route {
  latencies: number[] = [];
  errors = 0;
  /** Status (or error name) → count. */
  statuses = new Map<string, number>();

  record(started: number, outcome: string, ok: boolean): void {
    this.latencies.push(performance.now() - started);
    this.statuses.set(outcome, (this.statuses.get(outcome) ?? 0) + 1);
    if (!ok) this.errors++;
  }

  /**
   * Sends one request, measured from sending to the last byte; `ok` tells an expected status.
   * Returns the parsed JSON body of an expected answer, undefined otherwise.
   */
  async send(request: () => Promise<Response>, ok: (status: number) => boolean): Promise<unknown> {
    const started = performance.now();
    try {
      const response = await request();
      const text = await response.text();
      const expected = ok(response.status);
      this.record(started, String(response.status), expected);
      return expected && response.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : undefined;
    } catch (error) {
      this.record(started, (error as Error).name, false);
      return undefined;
    }
  }

  figures() {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      max: sorted.at(-1) ?? 0,
    };
  }
}

/** The value at quantile q of sorted numbers (nearest rank). */
const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Sends one request per learner, each at a random moment within the spread. */
async function spread(
  route: Route,
  people: readonly Learner[],
  request: (learner: Learner) => Promise<Response>,
  ok: (status: number) => boolean,
) {
  await Promise.all(
    people.map(async (learner) => {
      await sleep(Math.random() * SPREAD_SECONDS * 1000);
      await route.send(() => request(learner), ok);
    }),
  );
  return route;
}

const json = (learner: Learner, method: string, body?: unknown): RequestInit => ({
  method,
  headers: {
    Cookie: learner.cookie,
    Origin: server.baseUrl,
    Accept: 'application/json',
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const health = (learner: Learner) => fetch(`${server.baseUrl}/api/v1/health`, { headers: { Cookie: learner.cookie } });
const quizPage = (learner: Learner) =>
  fetch(`${server.baseUrl}/khoa-hoc/${FINAL_QUIZ.replace('/', '/kiem-tra/')}/`, {
    headers: { Cookie: learner.cookie },
  });
const start = (quizId: string) => (learner: Learner) =>
  fetch(`${server.baseUrl}/api/v1/quizzes/${quizId}/attempts`, json(learner, 'POST'));
const save = (learner: Learner, attemptId: string, answers: Record<string, unknown>) =>
  fetch(`${server.baseUrl}/api/v1/attempts/${attemptId}/answers`, json(learner, 'PUT', { answers }));
const submit = (learner: Learner, attemptId: string) =>
  fetch(`${server.baseUrl}/api/v1/attempts/${attemptId}/submit`, json(learner, 'POST'));

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const shuffled = <T>(items: readonly T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

/** A valid answer, as a learner would give it, to each answerable question (case-group parts on their own). */
function answersTo(questions: readonly PublicQuestion[]): [string, unknown][] {
  return questions.flatMap((question): [string, unknown][] => {
    if (question.type === 'case-group') return answersTo(question.questions);
    if (question.type === 'true-false') return [[question.id, Math.random() < 0.5]];
    const ids = question.options.map((option) => option.id);
    if (question.type === 'single') return [[question.id, pick(ids)]];
    if (question.type === 'ordering') return [[question.id, shuffled(ids)]];
    return [[question.id, shuffled(ids).slice(0, 1 + Math.floor(Math.random() * ids.length))]];
  });
}

interface Sitting {
  learner: Learner;
  attemptId?: string;
  /** Every answer sent and acknowledged, the last one per public question id. */
  acknowledged: Map<string, unknown>;
  graded: boolean;
}

/**
 * One learner's sitting: start at a random moment of the spread, two saves at random moments of
 * the save window after the start's answer (the second answers the other half and changes one
 * answer of the first), then submit at a random moment of the window after that.
 */
async function sit(
  learner: Learner,
  routes: { start: Route; save: Route; submit: Route },
  quizId: string,
): Promise<Sitting> {
  const sitting: Sitting = { learner, acknowledged: new Map(), graded: false };
  await sleep(Math.random() * SPREAD_SECONDS * 1000);
  const attempt = (await routes.start.send(
    () => start(quizId)(learner),
    (status) => status === 201,
  )) as { id: string; questions: PublicQuestion[] } | undefined;
  if (!attempt) return sitting;
  sitting.attemptId = attempt.id;
  const began = performance.now();
  const all = answersTo(attempt.questions);
  const half = Math.ceil(all.length / 2);
  const changed = answersTo(attempt.questions)[0];
  const batches = [all.slice(0, half), [...all.slice(half), changed]];
  const moments = [Math.random(), Math.random()].sort((a, b) => a - b).map((share) => share * SAVE_SECONDS * 1000);
  for (const [index, batch] of batches.entries()) {
    await sleep(began + moments[index] - performance.now());
    const answers = Object.fromEntries(batch);
    const saved = await routes.save.send(
      () => save(learner, attempt.id, answers),
      (status) => status === 200,
    );
    if (saved) for (const [id, value] of batch) sitting.acknowledged.set(id, value);
  }
  await sleep(began + (SAVE_SECONDS + Math.random() * SUBMIT_SECONDS) * 1000 - performance.now());
  const result = (await routes.submit.send(
    () => submit(learner, attempt.id),
    (status) => status === 200,
  )) as { status: string; result: unknown } | undefined;
  sitting.graded = result !== undefined && result.status !== 'in_progress' && result.result !== null;
  return sitting;
}

/** Every acknowledged answer stored as sent (mapped to bank ids by the attempt's own draw), no other. */
async function checkStored(sittings: readonly Sitting[]): Promise<{ wrong: number; answers: number }> {
  let wrong = 0;
  let answers = 0;
  const started = sittings.filter((sitting) => sitting.attemptId !== undefined);
  for (let i = 0; i < started.length; i += 500) {
    const chunk = started.slice(i, i + 500);
    const ids = chunk.map((sitting) => sitting.attemptId as string);
    const attempts = new Map(
      (await db.select().from(quizAttempts).where(inArray(quizAttempts.id, ids))).map((row) => [row.id, row]),
    );
    const stored = new Map<string, Map<string, unknown>>();
    for (const row of await db.select().from(quizAnswers).where(inArray(quizAnswers.attemptId, ids))) {
      if (!stored.has(row.attemptId)) stored.set(row.attemptId, new Map());
      stored.get(row.attemptId)?.set(row.questionId, row.answer);
    }
    for (const sitting of chunk) {
      const attempt = attempts.get(sitting.attemptId as string);
      const rows = stored.get(sitting.attemptId as string) ?? new Map();
      if (!attempt) {
        wrong++;
        continue;
      }
      const slots = new Map(answerSlots(attempt.questions, attempt.drawn).map((slot) => [slot.publicId, slot]));
      const expected = new Map<string, unknown>();
      for (const [publicId, value] of sitting.acknowledged) {
        const slot = slots.get(publicId);
        const mapped = slot && toStoredAnswer(slot, value);
        if (slot && mapped?.ok && mapped.value !== null) expected.set(slot.question.id, mapped.value);
      }
      answers += expected.size;
      const same =
        rows.size === expected.size &&
        [...expected].every(([questionId, value]) => JSON.stringify(rows.get(questionId)) === JSON.stringify(value));
      if (!same) wrong++;
    }
  }
  return { wrong, answers };
}

const format = (value: number, digits = 0) =>
  value.toLocaleString('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const line = (label: string, route: Route) => {
  const { p50, p95, p99, max } = route.figures();
  const ms = (value: number) => `${format(value, 1).padStart(7)} ms`;
  return (
    `${label.padEnd(52)} p50 ${ms(p50)}  p95 ${ms(p95)}  p99 ${ms(p99)}  tối đa ${ms(max)}  lỗi ${route.errors}` +
    `  (${[...route.statuses].map(([status, count]) => `${status}×${count}`).join(', ')})`
  );
};

try {
  // Warm the JIT, the catalog and the connection pool on every route (other accounts, another quiz).
  await spread(new Route(), warmUpLearners, health, (status) => status === 200);
  await spread(new Route(), warmUpLearners, quizPage, (status) => status === 200);
  const warm = { start: new Route(), save: new Route(), submit: new Route() };
  await Promise.all(warmUpLearners.map((learner) => sit(learner, warm, PRACTICE_QUIZ)));

  const bare = await spread(new Route(), learners, health, (status) => status === 200);
  const page = await spread(new Route(), learners, quizPage, (status) => status === 200);

  const routes = { start: new Route(), save: new Route(), submit: new Route() };
  const cpuBefore = { server: treeCpu(server.pid!), generator: process.cpuUsage() };
  const examStarted = performance.now();
  const sittings = await Promise.all(learners.map((learner) => sit(learner, routes, FINAL_QUIZ)));
  const examSeconds = (performance.now() - examStarted) / 1000;
  const generatorCpu = process.cpuUsage(cpuBefore.generator);
  // The whole process tree: with WORKERS the serving processes are children of the one started.
  const serverShare = cpuBetween(cpuBefore.server, treeCpu(server.pid!)) / examSeconds;
  const generatorShare = (generatorCpu.user + generatorCpu.system) / 1e6 / examSeconds;

  const rows = await db
    .select({ userId: quizAttempts.userId, status: quizAttempts.status, grade: quizAttempts.grade })
    .from(quizAttempts)
    .where(eq(quizAttempts.quizId, FINAL_QUIZ));
  const perLearner = new Set(rows.map((row) => row.userId));
  const graded = rows.filter((row) => row.status !== 'in_progress' && row.grade !== null).length;
  const stored = await checkStored(sittings);
  const integrity = String((await db.$client.execute('pragma integrity_check')).rows[0].integrity_check);
  const errors = routes.start.errors + routes.save.errors + routes.submit.errors;
  const correct =
    errors === 0 &&
    rows.length === LEARNERS &&
    perLearner.size === LEARNERS &&
    graded === LEARNERS &&
    sittings.every((sitting) => sitting.graded) &&
    stored.wrong === 0 &&
    integrity === 'ok';
  const fast = [routes.start, routes.save, routes.submit].every((route) => route.figures().p99 < TARGET_P99_MS);

  console.log(
    `${format(LEARNERS)} học viên (chuẩn bị tài khoản và phiên trong ${format(seedingSeconds, 1)} s); mỗi yêu cầu vào một thời điểm ngẫu nhiên (fetch, không giới hạn kết nối).`,
  );
  console.log(`Mốc so sánh, mỗi học viên một yêu cầu trong ${format(SPREAD_SECONDS)} giây:`);
  console.log(line('GET  /api/v1/health (có cookie phiên)', bare));
  console.log(line('GET  trang bài kiểm tra (đã đăng nhập)', page));
  console.log(
    `Buổi thi: bắt đầu trong ${format(SPREAD_SECONDS)} giây, 2 lần lưu trong ${format(SAVE_SECONDS)} giây sau đó, nộp trong ${format(SUBMIT_SECONDS)} giây tiếp theo (${format(examSeconds, 1)} s):`,
  );
  console.log(line('POST /api/v1/quizzes/…/kiem-tra-cuoi-khoa/attempts', routes.start));
  console.log(line('PUT  /api/v1/attempts/{id}/answers', routes.save));
  console.log(line('POST /api/v1/attempts/{id}/submit', routes.submit));
  const examRequests = routes.start.latencies.length + routes.save.latencies.length + routes.submit.latencies.length;
  // CPU time per request stays meaningful on a busy machine, where latencies do not.
  console.log(
    `CPU trong buổi thi: máy chủ ${format(serverShare * 100)} % một lõi (${format((serverShare * examSeconds * 1000) / examRequests, 2)} ms CPU mỗi yêu cầu), bộ tạo tải ${format(generatorShare * 100)} % một lõi.`,
  );
  console.log(
    `Đã tạo ${format(rows.length)} lần làm bài cho ${format(perLearner.size)} học viên (mong đợi ${format(LEARNERS)}); integrity_check: ${integrity}.`,
  );
  console.log(
    `Đã chấm ${format(graded)} lần làm bài; ${format(stored.answers)} câu trả lời đã lưu đúng như lần gửi cuối, sai lệch ở ${format(stored.wrong)} lần làm bài.`,
  );
  console.log(
    `Mục tiêu: không lỗi, p99 < ${TARGET_P99_MS} ms cho bắt đầu, lưu và nộp: ${correct && fast ? 'ĐẠT' : 'CHƯA ĐẠT'}`,
  );
  process.exitCode = correct && (fast || SMOKE) ? 0 : 1;
} finally {
  db.$client.close();
  await server.stop();
}
