/**
 * The quiz attempt lifecycle over HTTP: two built servers on one fresh seeded libSQL file, as two
 * app instances would share it. Deadlines are moved into the past in the database instead of
 * waiting for them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, isNotNull } from 'drizzle-orm';
import { quizAnswers, quizAttempts, users } from '../../db/schema/index.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { GRACE_MS } from '../../src/lib/assessment/attempt-rules.ts';
import { answerSlots, type AnswerSlot } from '../../src/lib/assessment/public-attempt.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { backdateAttempt, rightAnswer, storedAttempt as storedAttemptAt, withDatabase } from '../support/attempts.ts';
import { AttemptSchema } from '../../src/schemas/api/attempts.ts';

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const FINAL = `${COURSE}/kiem-tra-cuoi-khoa`;
const PRACTICE = `${COURSE}/on-tap`;
const MINUTE = 60_000;

let servers: RunningServer[] = [];
let databaseUrl: string;
const learners: { id: string; cookie: string }[] = [];
let instructorCookie: string;
let createSession: (userId: string) => Promise<string>;
/** Hands out a learner nobody used yet, so each test starts from a clean slate. */
let nextLearner = 0;
const freshLearner = () => learners[nextLearner++];

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  // sessions.ts opens DATABASE_URL on first use.
  ({ createSession } = await import('../../src/lib/server/auth/sessions.ts'));
  const db = openTestDatabase(databaseUrl);
  const rows = await db.select({ id: users.id }).from(users).where(isNotNull(users.officialId)).limit(20);
  const [instructor] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, DEMO_ACCOUNTS.find((account) => account.username === 'giangvien')!.username));
  db.$client.close();
  for (const { id } of rows) learners.push({ id, cookie: `hls_session=${await createSession(id)}` });
  instructorCookie = `hls_session=${await createSession(instructor.id)}`;
  servers = await Promise.all([startServer({ DATABASE_URL: databaseUrl }), startServer({ DATABASE_URL: databaseUrl })]);
});
after(() => Promise.all(servers.map((server) => server.stop())));

/** A request to one of the two servers (the first by default). */
function call(
  method: string,
  path: string,
  cookie: string | undefined,
  body?: unknown,
  server = servers[0],
): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      Origin: server.baseUrl,
      Accept: 'application/json',
      ...(cookie ? { Cookie: cookie } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const start = (quizId: string, cookie: string | undefined, server = servers[0]) =>
  call('POST', `/api/v1/quizzes/${quizId}/attempts`, cookie, undefined, server);
const save = (attemptId: string, cookie: string, answers: Record<string, unknown>) =>
  call('PUT', `/api/v1/attempts/${attemptId}/answers`, cookie, { answers });
const submit = (attemptId: string, cookie: string, server = servers[0]) =>
  call('POST', `/api/v1/attempts/${attemptId}/submit`, cookie, undefined, server);

const withDb = <T>(work: Parameters<typeof withDatabase<T>>[1]) => withDatabase(databaseUrl, work);
const storedAttempt = (id: string) => storedAttemptAt(databaseUrl, id);
const attemptsOf = (userId: string, quizId: string) =>
  withDb((db) =>
    db
      .select()
      .from(quizAttempts)
      .where(eq(quizAttempts.userId, userId))
      .then((rows) => rows.filter((row) => row.quizId === quizId)),
  );

const backdate = (attemptId: string, minutesAgo: number) => backdateAttempt(databaseUrl, attemptId, minutesAgo);

/** A public answer that earns nothing (or as little as the type allows). */
function wrongAnswer(slot: AnswerSlot): unknown {
  const { question } = slot;
  if (question.type === 'true-false') return !question.correct;
  if (question.type === 'ordering') return [...(rightAnswer(slot) as string[])].reverse();
  const wrong = slot.optionIds.findIndex((id) => !question.correct.includes(id));
  return question.type === 'single' ? String(wrong + 1) : [String(wrong + 1)];
}

describe('starting an attempt', () => {
  test('starts with 201 and a deadline by the server clock, then returns the same open attempt with 200', async () => {
    const learner = freshLearner();
    const before = Date.now();

    const first = await start(FINAL, learner.cookie);
    const again = await start(FINAL, learner.cookie, servers[1]);
    const body = AttemptSchema.parse(await first.json());

    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal((await again.json()).id, body.id);
    assert.equal(body.status, 'in_progress');
    assert.equal(body.questions?.length, 12);
    const deadline = Date.parse(body.deadlineAt ?? '') - Date.parse(body.startedAt);
    assert.equal(deadline, 30 * MINUTE);
    assert.ok(Date.parse(body.startedAt) >= before - 1000);
    assert.ok((body.remainingSeconds ?? 0) > 29 * 60 && (body.remainingSeconds ?? 0) <= 30 * 60);
  });

  test('answers 401 when signed out', async () => {
    const response = await start(FINAL, undefined);

    assert.equal(response.status, 401);
    assert.match((await response.json()).error, /đăng nhập/);
  });

  test('refuses an account without the learner role with 403', async () => {
    const response = await start(FINAL, instructorCookie);

    assert.equal(response.status, 403);
    assert.match((await response.json()).error, /học viên/);
  });

  test('answers 404 for a quiz that does not exist', async () => {
    const response = await start(`${COURSE}/khong-co-bai-nay`, freshLearner().cookie);

    assert.equal(response.status, 404);
  });

  test('refuses a second attempt within the waiting time with 409, saying until when', async () => {
    const learner = freshLearner();
    const { id } = await (await start(FINAL, learner.cookie)).json();
    await submit(id, learner.cookie);

    const response = await start(FINAL, learner.cookie);
    const body = await response.json();

    assert.equal(response.status, 409);
    assert.match(body.error, /^Anh\/chị cần chờ đến \d\d:\d\d \d\d\/\d\d\/\d{4} mới được làm lần tiếp theo\.$/);
    assert.ok(Math.abs(Date.parse(body.availableAt) - (Date.now() + 60 * MINUTE)) < 10_000);
  });

  test('20 parallel starts on two servers open one attempt, and never more than the attempts allowed', async () => {
    const learner = freshLearner();

    for (let round = 1; round <= 4; round++) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => start(FINAL, learner.cookie, servers[i % 2])),
      );
      const bodies = await Promise.all(responses.map((response) => response.json()));
      const statuses = responses.map((response) => response.status);
      if (round <= 3) {
        assert.equal(statuses.filter((status) => status === 201).length, 1, `round ${round}: ${statuses.join(',')}`);
        assert.ok(
          statuses.every((status) => status === 201 || status === 200),
          `round ${round}: ${statuses.join(',')}`,
        );
        assert.equal(new Set(bodies.map((body) => body.id)).size, 1);
        const rows = await attemptsOf(learner.id, FINAL);
        assert.equal(rows.filter((row) => row.status === 'in_progress').length, 1);
        // Graded (0 points: nothing answered), and the waiting time moved into the past.
        await submit(bodies[0].id, learner.cookie);
        await withDb((db) =>
          db
            .update(quizAttempts)
            .set({ submittedAt: new Date(Date.now() - 61 * MINUTE) })
            .where(eq(quizAttempts.id, bodies[0].id)),
        );
      } else {
        assert.ok(
          statuses.every((status) => status === 409),
          statuses.join(','),
        );
        assert.ok(bodies.every((body) => body.error === 'Anh/chị đã dùng hết 3 lần làm bài kiểm tra này.'));
      }
    }
    const rows = await attemptsOf(learner.id, FINAL);
    assert.deepEqual(rows.map((row) => row.attemptNumber).sort(), [1, 2, 3]);
  });
});

describe('saving answers', () => {
  test('saves an answer per question and shows it back on the next read', async () => {
    const learner = freshLearner();
    const { id } = await (await start(PRACTICE, learner.cookie)).json();
    const slots = answerSlots((await storedAttempt(id)).questions, (await storedAttempt(id)).drawn);

    const response = await save(id, learner.cookie, { [slots[0].publicId]: rightAnswer(slots[0]) });
    const read = await (await call('GET', `/api/v1/attempts/${id}`, learner.cookie)).json();

    assert.equal(response.status, 200);
    assert.deepEqual(read.answers, { [slots[0].publicId]: rightAnswer(slots[0]) });
  });

  test('refuses an answer that does not fit its question with 422, naming it, and saves nothing', async () => {
    const learner = freshLearner();
    const { id } = await (await start(PRACTICE, learner.cookie)).json();
    const slots = answerSlots((await storedAttempt(id)).questions, (await storedAttempt(id)).drawn);

    const response = await save(id, learner.cookie, { [slots[0].publicId]: rightAnswer(slots[0]), c99: '1' });
    const body = await response.json();
    const stored = await withDb((db) => db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, id)));

    assert.equal(response.status, 422);
    assert.deepEqual(body.issues, [{ path: 'answers.c99', message: 'Bài làm này không có câu "c99".' }]);
    assert.equal(stored.length, 0);
  });

  test('refuses a body of the wrong shape with 422', async () => {
    const learner = freshLearner();
    const { id } = await (await start(PRACTICE, learner.cookie)).json();

    const response = await call('PUT', `/api/v1/attempts/${id}/answers`, learner.cookie, { answers: { c1: { a: 1 } } });

    assert.equal(response.status, 422);
    assert.equal((await response.json()).issues[0].path, 'answers.c1');
  });

  test("answers 404 to another learner's attempt, for reading, saving and submitting", async () => {
    const owner = freshLearner();
    const other = freshLearner();
    const { id } = await (await start(PRACTICE, owner.cookie)).json();

    const responses = [
      await call('GET', `/api/v1/attempts/${id}`, other.cookie),
      await save(id, other.cookie, {}),
      await submit(id, other.cookie),
    ];

    assert.deepEqual(
      responses.map((response) => response.status),
      [404, 404, 404],
    );
    assert.equal((await storedAttempt(id)).status, 'in_progress');
  });

  test('accepts a save within the grace after the deadline', async () => {
    const learner = freshLearner();
    const { id } = await (await start(FINAL, learner.cookie)).json();
    const attempt = await backdate(id, GRACE_MS / 2 / MINUTE);
    const [slot] = answerSlots(attempt.questions, attempt.drawn);

    const response = await save(id, learner.cookie, { [slot.publicId]: rightAnswer(slot) });

    assert.equal(response.status, 200);
    assert.equal((await response.json()).remainingSeconds, 0);
  });

  test('refuses a save after deadline + grace with 409 and grades the attempt at its deadline without it', async () => {
    const learner = freshLearner();
    const { id } = await (await start(FINAL, learner.cookie)).json();
    const fresh = await storedAttempt(id);
    const [first, second] = answerSlots(fresh.questions, fresh.drawn);
    assert.equal(
      (await save(id, learner.cookie, { [first.publicId]: rightAnswer(first), [second.publicId]: wrongAnswer(second) }))
        .status,
      200,
    );
    const late = await backdate(id, 5);

    const refused = await save(id, learner.cookie, { [second.publicId]: rightAnswer(second) });
    const graded = await (await submit(id, learner.cookie)).json();
    const stored = await storedAttempt(id);
    const results = new Map(
      stored
        .grade!.questions.flatMap((result) => [result, ...(result.parts ?? [])])
        .map((result) => [result.questionId, result]),
    );

    assert.equal(refused.status, 409);
    assert.equal(
      (await refused.json()).error,
      'Đã hết thời gian làm bài: câu trả lời gửi sau hạn nộp không được lưu. Bài được chấm theo các câu trả lời đã lưu trước hạn.',
    );
    assert.equal(graded.status, 'expired');
    assert.equal(graded.submittedAt, late.deadlineAt!.toISOString());
    assert.equal(results.get(first.question.id)?.correct, true);
    assert.equal(results.get(second.question.id)?.correct, false);
  });

  test('refuses a save to a submitted attempt with 409', async () => {
    const learner = freshLearner();
    const { id } = await (await start(PRACTICE, learner.cookie)).json();
    await submit(id, learner.cookie);

    const response = await save(id, learner.cookie, { c1: null });

    assert.equal(response.status, 409);
    assert.match((await response.json()).error, /đã được nộp và chấm điểm/);
  });
});

describe('submitting and grading', () => {
  test('50 parallel submits on two servers grade the attempt once and all get the same result', async () => {
    const learner = freshLearner();
    const { id } = await (await start(PRACTICE, learner.cookie)).json();
    const attempt = await storedAttempt(id);
    const slots = answerSlots(attempt.questions, attempt.drawn);
    await save(
      id,
      learner.cookie,
      Object.fromEntries(
        slots.map((slot, index) => [slot.publicId, index % 2 === 0 ? rightAnswer(slot) : wrongAnswer(slot)]),
      ),
    );

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => submit(id, learner.cookie, servers[i % 2])),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));
    const stored = await storedAttempt(id);

    assert.ok(
      responses.every((response) => response.status === 200),
      responses.map((response) => response.status).join(','),
    );
    for (const body of bodies) assert.deepEqual(body, bodies[0]);
    assert.equal(bodies[0].status, 'submitted');
    assert.equal(bodies[0].submittedAt, stored.submittedAt!.toISOString());
    assert.deepEqual(bodies[0].result, {
      earned: stored.earned,
      max: stored.maxPoints,
      percent: stored.percent,
      passed: stored.passed,
      passPercent: stored.passPercent,
    });
    assert.ok(stored.earned! > 0 && stored.earned! < stored.maxPoints!);
  });

  test('shows the review with the key and explanations right after a practice submit', async () => {
    const learner = freshLearner();
    const { id } = await (await start(PRACTICE, learner.cookie)).json();

    const body = AttemptSchema.parse(await (await submit(id, learner.cookie)).json());

    assert.equal(body.questions, null);
    assert.equal(body.review?.length, 8);
    const items = body.review!.flatMap((question) => question.items);
    assert.ok(items.every((item) => item.key.length > 0));
    assert.deepEqual([...new Set(items.map((item) => item.outcome))], ['unanswered']);
  });

  test('hides the review of a final test ("sau-han") while attempts are left and the test is not passed', async () => {
    const learner = freshLearner();
    const { id } = await (await start(FINAL, learner.cookie)).json();

    const body = await (await submit(id, learner.cookie)).json();

    assert.equal(body.result.passed, false);
    assert.equal(body.review, null);
    assert.equal(
      body.feedbackRule,
      'Đáp án, giải thích và căn cứ pháp lý hiển thị khi anh/chị đã đạt hoặc đã dùng hết số lần làm bài.',
    );
  });

  test('grades an abandoned attempt at its deadline when it is next read', async () => {
    const learner = freshLearner();
    const { id } = await (await start(FINAL, learner.cookie)).json();
    const attempt = await storedAttempt(id);
    const [slot] = answerSlots(attempt.questions, attempt.drawn);
    await save(id, learner.cookie, { [slot.publicId]: rightAnswer(slot) });
    const late = await backdate(id, 90);

    const body = await (await call('GET', `/api/v1/attempts/${id}`, learner.cookie)).json();

    assert.equal(body.status, 'expired');
    assert.equal(body.submittedAt, late.deadlineAt!.toISOString());
    assert.ok(body.result.earned > 0);
  });
});

describe('the sweeper', () => {
  test('grades an abandoned attempt at its deadline without anyone reading it', async () => {
    const learner = freshLearner();
    const { id } = await (await start(FINAL, learner.cookie)).json();
    const late = await backdate(id, 10);
    // A third instance sweeping every 200 ms; any request to it starts its sweeper.
    const sweeping = await startServer({ DATABASE_URL: databaseUrl, QUIZ_SWEEP_INTERVAL_MS: '200' });
    try {
      await call('POST', `/api/v1/quizzes/${PRACTICE}/attempts`, freshLearner().cookie, undefined, sweeping);
      let stored = await storedAttempt(id);
      for (let waited = 0; stored.status === 'in_progress' && waited < 5000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stored = await storedAttempt(id);
      }

      assert.equal(stored.status, 'expired');
      assert.equal(stored.submittedAt!.getTime(), late.deadlineAt!.getTime());
    } finally {
      await sweeping.stop();
    }
  });
});
