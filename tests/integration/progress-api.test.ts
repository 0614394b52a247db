/** The progress API over HTTP: the built server on a fresh seeded database. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq, isNotNull } from 'drizzle-orm';
import { progressEvents, quizAttempts, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { lessonUrl } from '../../src/lib/content-paths.ts';
import { openApiDocument } from '../../src/schemas/api/openapi.ts';
import { MyProgressSchema } from '../../src/schemas/api/progress.ts';

const KNS = 'ky-nang-so-dich-vu-cong';
const KNS_VIDEO_LESSON = `${KNS}/huong-dan-nguoi-dan-nop-ho-so-truc-tuyen`;
const KNS_VIDEO = 'nop-ho-so-dich-vu-cong-truc-tuyen';
const TCD = 'tiep-cong-dan-khieu-nai-to-cao';
const TCD_LESSON = `${TCD}/tiep-cong-dan-tai-tru-so-ubnd-xa`;
const VHCQ = 'van-hanh-chinh-quyen-dia-phuong-2-cap';

let server: RunningServer;
let databaseUrl: string;
let learnerIds: string[];
const cookies: string[] = [];

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  // sessions.ts opens DATABASE_URL on first use.
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const db = openTestDatabase(databaseUrl);
  learnerIds = (await db.select({ id: users.id }).from(users).where(isNotNull(users.officialId)).limit(8)).map(
    (row) => row.id,
  );
  db.$client.close();
  for (const id of learnerIds) cookies.push(`hls_session=${await createSession(id)}`);
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(() => server?.stop());

const now = () => new Date().toISOString();

function postEvents(body: unknown, options: { cookie?: string; contentType?: string } = {}) {
  return fetch(`${server.baseUrl}/api/v1/progress/events`, {
    method: 'POST',
    headers: {
      'Content-Type': options.contentType ?? 'application/json',
      Origin: server.baseUrl,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function myProgress(cookie: string, course?: string) {
  const response = await fetch(`${server.baseUrl}/api/v1/me/progress${course ? `?course=${course}` : ''}`, {
    headers: { Cookie: cookie },
  });
  assert.equal(response.status, 200);
  // Every answer is read through the schema the OpenAPI document is generated from.
  return MyProgressSchema.parse(await response.json());
}

const opened = (courseId: string, lessonId: string) => ({
  id: randomUUID(),
  kind: 'lesson_opened',
  courseId,
  lessonId,
  occurredAt: now(),
});
const completed = (courseId: string, lessonId: string) => ({
  id: randomUUID(),
  kind: 'lesson_completed',
  courseId,
  lessonId,
  occurredAt: now(),
});
const watched = (intervals: [number, number][], position: number) => ({
  id: randomUUID(),
  kind: 'video_watched',
  courseId: KNS,
  lessonId: KNS_VIDEO_LESSON,
  videoId: KNS_VIDEO,
  occurredAt: now(),
  data: { intervals, position, duration: 103 },
});

describe('POST /api/v1/progress/events', () => {
  test('stores a batch once however often it is sent', async () => {
    const batch = { events: [opened(TCD, TCD_LESSON), completed(TCD, TCD_LESSON)] };

    const first = await postEvents(batch, { cookie: cookies[0] });
    const again = await postEvents(batch, { cookie: cookies[0] });
    const db = openTestDatabase(databaseUrl);
    const stored = await db.select().from(progressEvents).where(eq(progressEvents.userId, learnerIds[0]));
    db.$client.close();

    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { accepted: 2, duplicates: 0 });
    assert.deepEqual(await again.json(), { accepted: 0, duplicates: 2 });
    assert.equal(stored.length, 2);
  });

  test('answers 401 with a JSON error when signed out', async () => {
    const response = await postEvents({ events: [opened(TCD, TCD_LESSON)] });

    assert.equal(response.status, 401);
    assert.match((await response.json()).error, /đăng nhập/);
  });

  test('answers 415 to a body that is not declared as JSON', async () => {
    const response = await postEvents(
      { events: [opened(TCD, TCD_LESSON)] },
      { cookie: cookies[1], contentType: 'text/plain' },
    );

    assert.equal(response.status, 415);
    assert.match((await response.json()).error, /application\/json/);
  });

  test('refuses a batch of 101 events with 400 and a Vietnamese message', async () => {
    const events = Array.from({ length: 101 }, () => opened(TCD, TCD_LESSON));

    const response = await postEvents({ events }, { cookie: cookies[1] });
    const body = await response.json();

    assert.equal(response.status, 400);
    assert.deepEqual(body.issues, [{ path: 'events', message: 'Mỗi lần gửi tối đa 100 hoạt động.' }]);
  });

  test('refuses an event without a UUID, naming the field', async () => {
    const response = await postEvents({ events: [{ ...opened(TCD, TCD_LESSON), id: 'so-7' }] }, { cookie: cookies[1] });
    const body = await response.json();

    assert.equal(response.status, 400);
    assert.equal(body.error, 'Dữ liệu tiến độ gửi lên không hợp lệ.');
    assert.deepEqual(body.issues, [{ path: 'events.0.id', message: 'Mỗi hoạt động cần một mã UUID do thiết bị tạo.' }]);
  });

  test('refuses a course that is not published (a draft) with 400', async () => {
    const response = await postEvents(
      { events: [opened('quan-ly-dat-dai-cap-xa', 'quan-ly-dat-dai-cap-xa/nhiem-vu-quan-ly-dat-dai')] },
      { cookie: cookies[1] },
    );
    const body = await response.json();

    assert.equal(response.status, 400);
    assert.ok(body.issues.some((issue: { path: string }) => issue.path === 'events.0.courseId'));
  });

  test('refuses a body that is not JSON at all with 400', async () => {
    const response = await postEvents('{"events": [', { cookie: cookies[1] });

    assert.equal(response.status, 400);
    assert.match((await response.json()).error, /JSON/);
  });

  test('stores nothing of a batch with one bad event', async () => {
    const good = opened(TCD, TCD_LESSON);

    const response = await postEvents(
      { events: [good, opened(TCD, `${TCD}/khong-co-bai-nay`)] },
      { cookie: cookies[1] },
    );
    const db = openTestDatabase(databaseUrl);
    const stored = await db.select().from(progressEvents).where(eq(progressEvents.eventId, good.id));
    db.$client.close();

    assert.equal(response.status, 400);
    assert.equal(stored.length, 0);
  });
});

describe('GET /api/v1/me/progress', () => {
  test('answers 401 when signed out', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/me/progress`);

    assert.equal(response.status, 401);
  });

  test('shows a course not started yet when asked for it', async () => {
    const { courses } = await myProgress(cookies[2], KNS);

    assert.equal(courses.length, 1);
    assert.deepEqual(
      [courses[0].status, courses[0].percent, courses[0].resume, courses[0].updatedAt],
      ['not_started', 0, null, null],
    );
  });

  test('does not count a video skipped to the end', async () => {
    await postEvents(
      { events: [opened(KNS, KNS_VIDEO_LESSON), watched([[0, 5]], 5), watched([[98, 103]], 103)] },
      { cookie: cookies[3] },
    );

    const [course] = (await myProgress(cookies[3], KNS)).courses;

    assert.deepEqual(course.requiredVideos, { done: 0, total: 1 });
    assert.equal(course.status, 'in_progress');
  });

  test('reports completed lessons, the watched video and where to resume', async () => {
    await postEvents(
      {
        events: [
          opened(KNS, KNS_VIDEO_LESSON),
          watched([[0, 60]], 60),
          watched([[55, 95]], 95),
          completed(KNS, KNS_VIDEO_LESSON),
        ],
      },
      { cookie: cookies[4] },
    );

    const [course] = (await myProgress(cookies[4], KNS)).courses;

    assert.deepEqual(course.requiredLessons, { done: 1, total: 5 });
    assert.deepEqual(course.requiredVideos, { done: 1, total: 1 });
    // 2 of 7 equal items: 5 required lessons, 1 required video and the final test.
    assert.equal(course.percent, 28);
    assert.equal(course.lessons.find((lesson) => lesson.lessonId === KNS_VIDEO_LESSON)?.status, 'completed');
    assert.deepEqual(course.resume, {
      lessonId: KNS_VIDEO_LESSON,
      url: `/khoa-hoc/${KNS_VIDEO_LESSON}/`,
      videoId: KNS_VIDEO,
      positionSeconds: 95,
    });
  });

  test('leaves the final test as the next step when every required lesson and its video are done', async () => {
    const {
      courses: [before],
    } = await myProgress(cookies[5], KNS);
    const lessons = before.lessons.map((lesson) => completed(KNS, lesson.lessonId));

    await postEvents({ events: [...lessons, watched([[0, 103]], 103)] }, { cookie: cookies[5] });
    const [after] = (await myProgress(cookies[5], KNS)).courses;

    assert.ok(after.finalTest, 'the demo course has a final test');
    assert.equal(after.status, 'in_progress');
    assert.ok(after.percent < 100);
    assert.deepEqual(after.nextStep, {
      kind: 'final_test',
      label: 'Làm bài kiểm tra cuối khóa',
      url: after.finalTest.url,
    });
  });

  test('completes a course when its final test is passed too', async () => {
    const {
      courses: [before],
    } = await myProgress(cookies[5], KNS);
    const db = openTestDatabase(databaseUrl);
    // A graded, passed attempt, as the quiz service writes it (its own tests cover taking the test).
    await db.insert(quizAttempts).values({
      id: 'thuprogressapi',
      userId: learnerIds[5],
      courseId: KNS,
      quizId: before.finalTest!.quizId,
      attemptNumber: 1,
      quizVersion: 'thu',
      final: true,
      passPercent: 70,
      drawn: [],
      questions: [],
      status: 'submitted',
      startedAt: new Date(),
      submittedAt: new Date(),
      earned: 9,
      maxPoints: 10,
      percent: 90,
      passed: true,
    });
    db.$client.close();

    const [after] = (await myProgress(cookies[5], KNS)).courses;

    assert.deepEqual(
      [after.status, after.percent, after.finalTest?.passed, after.nextStep],
      ['completed', 100, true, null],
    );
  });

  test('lists the courses started, the most recent first', async () => {
    await postEvents({ events: [opened(TCD, TCD_LESSON)] }, { cookie: cookies[6] });
    await postEvents({ events: [opened(VHCQ, `${VHCQ}/hdnd-va-ubnd-cap-xa`)] }, { cookie: cookies[6] });

    const { courses } = await myProgress(cookies[6]);

    assert.deepEqual(
      courses.map((course) => course.courseId),
      [VHCQ, TCD],
    );
  });

  test('answers an empty list for a course that is not published', async () => {
    const { courses } = await myProgress(cookies[6], 'quan-ly-dat-dai-cap-xa');

    assert.deepEqual(courses, []);
  });
});

describe('completeLesson action (no JavaScript)', () => {
  test('records the lesson as completed from a plain form post', async () => {
    const response = await fetch(`${server.baseUrl}/_actions/completeLesson`, {
      method: 'POST',
      headers: { Cookie: cookies[7], Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ courseId: TCD, lessonId: TCD_LESSON, returnTo: `/khoa-hoc/${TCD}/` }),
    });

    const [course] = (await myProgress(cookies[7], TCD)).courses;

    assert.ok(response.ok, String(response.status));
    assert.equal(course.lessons.find((lesson) => lesson.lessonId === TCD_LESSON)?.status, 'completed');
  });

  test('goes back only to a path of this site: an open-redirect returnTo lands on the lesson', async () => {
    const returnTo = async (value: string) => {
      const response = await fetch(`${server.baseUrl}/_actions/completeLesson`, {
        method: 'POST',
        headers: { Cookie: cookies[7], Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ courseId: TCD, lessonId: TCD_LESSON, returnTo: value }),
      });
      assert.ok(response.ok, String(response.status));
      // Astro sends the action's result in devalue's flat form: [{ redirectTo: 1 }, "<path>"].
      const flat = (await response.json()) as [{ redirectTo: number }, ...string[]];
      return flat[flat[0].redirectTo];
    };

    assert.equal(await returnTo(`/khoa-hoc/${TCD}/`), `/khoa-hoc/${TCD}/`);
    for (const payload of ['/\t/evil.example', '/%09/evil.example', '/\\evil.example', 'https://evil.example']) {
      assert.equal(await returnTo(payload), lessonUrl(TCD_LESSON), payload);
    }
  });

  test('refuses a lesson of another course', async () => {
    const response = await fetch(`${server.baseUrl}/_actions/completeLesson`, {
      method: 'POST',
      headers: { Cookie: cookies[7], Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ courseId: KNS, lessonId: TCD_LESSON }),
    });

    assert.equal(response.status, 400);
  });
});

describe('GET /api/v1/openapi.json', () => {
  test('serves the document generated from src/schemas/api/, with the progress endpoints and the health check', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/openapi.json`);
    const document = (await response.json()) as Record<string, any>;

    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(document.openapi, '3.1.0');
    for (const path of ['/api/v1/health', '/api/v1/me/progress', '/api/v1/progress/events'])
      assert.ok(path in document.paths, path);
    assert.equal(document.components.schemas.ProgressBatch.properties.events.maxItems, 100);
    assert.deepEqual(document, openApiDocument());
  });
});
