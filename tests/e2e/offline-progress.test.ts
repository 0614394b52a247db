import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { progressEvents, users, videoProgress } from '../../db/schema/index.ts';
import { DEMO_ACCOUNTS, DEMO_OFFICIAL_PASSWORD } from '../../db/seed.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { demoCourses, demoLessons, lessonWithVideo } from '../support/demo-content.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import type { Database } from '../../db/client.ts';

const site = useSite();
const learner = DEMO_ACCOUNTS.find((account) => account.username === 'hocvien')!;
const course = demoCourses()[0];
const lessons = demoLessons().filter((lesson) => lesson.courseId === course.id);
/** "/khoa-hoc/<course>/<slug>/" → "<course>/<slug>". */
const lessonIdOf = (url: string) => url.split('/').slice(2, 4).join('/');

let opened: Database | undefined;
/** This file's database, opened on first use (after the site has created it). */
const database = () => (opened ??= openTestDatabase(site.databaseUrl));
after(() => opened?.$client.close());

async function userId(username: string): Promise<string> {
  const [user] = await database().select({ id: users.id }).from(users).where(eq(users.username, username));
  return user.id;
}

/** Events of a kind stored for a user and lesson. */
async function storedEvents(
  username: string,
  kind: 'lesson_opened' | 'lesson_completed',
  lessonId: string,
): Promise<number> {
  const rows = await database()
    .select({ id: progressEvents.eventId })
    .from(progressEvents)
    .where(
      and(
        eq(progressEvents.userId, await userId(username)),
        eq(progressEvents.kind, kind),
        eq(progressEvents.lessonId, lessonId),
      ),
    );
  return rows.length;
}

const storedCompletions = (username: string, lessonId: string) => storedEvents(username, 'lesson_completed', lessonId);

async function signedIn(username: string, password: string): Promise<BrowserContext> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, password);
  await page.waitForURL('**/viec-hoc-cua-toi/');
  await page.close();
  return context;
}

const statusLine = (page: Page) => page.locator('.lesson-progress [role="status"]');

/** Waits until the lesson page's status line says everything is saved. */
async function waitUntilSaved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('.lesson-progress [role="status"]')?.textContent === 'Đã lưu tiến độ.',
    undefined,
    { timeout: 15_000 },
  );
}

/** Events waiting in the device queue, by kind. */
function queuedKinds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (JSON.parse(localStorage.getItem('hls.progress.v1') ?? '{"events":[]}').events as { kind: string }[]).map(
      (event) => event.kind,
    ),
  );
}

describe('progress taken offline', () => {
  test('lessons completed offline wait on the device, are sent when the connection returns and show on another device', async () => {
    const device = await signedIn(learner.username, learner.password);
    const [first, second] = [await device.newPage(), await device.newPage()];
    await first.goto(`${site.baseUrl}${lessons[0].url}`);
    await second.goto(`${site.baseUrl}${lessons[1].url}`);
    await waitUntilSaved(first);
    await waitUntilSaved(second);

    await device.setOffline(true);
    await first.getByRole('button', { name: 'Hoàn thành bài học' }).click();
    await second.getByRole('button', { name: 'Hoàn thành bài học' }).click();

    assert.match(
      (await statusLine(second).textContent()) ?? '',
      /^2 hoạt động đang chờ đồng bộ \(đang ngoại tuyến\)\.$/,
    );
    assert.ok(await second.getByText('Anh/chị đã hoàn thành bài học này.').isVisible());
    assert.deepEqual(await queuedKinds(second), ['lesson_completed', 'lesson_completed']);
    assert.equal(
      await storedCompletions(learner.username, lessonIdOf(lessons[0].url)),
      0,
      'nothing reached the server while offline',
    );
    assert.deepEqual(await seriousViolations(second), []);
    assert.equal(await sidewaysOverflow(second), 0);

    await device.setOffline(false);
    await waitUntilSaved(first);
    await waitUntilSaved(second);

    assert.deepEqual(await queuedKinds(first), []);
    // Both tabs came back online at once; each completion is still stored once.
    assert.equal(await storedCompletions(learner.username, lessonIdOf(lessons[0].url)), 1);
    assert.equal(await storedCompletions(learner.username, lessonIdOf(lessons[1].url)), 1);

    const otherDevice = await signedIn(learner.username, learner.password);
    const page = await otherDevice.newPage();
    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);
    const courseCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: course.title }) });
    for (const lesson of lessons.slice(0, 2)) {
      const row = courseCard.locator('.task-list li').filter({ has: page.locator(`a[href="${lesson.url}"]`) });
      assert.match(
        (await row.textContent()) ?? '',
        /Đã hoàn thành/,
        `${lesson.url} shows as completed on the other device`,
      );
    }
    await page.goto(`${site.baseUrl}${course.url}`);
    await page.getByText(/Đã xong \d+%/).waitFor();
    assert.match(
      (await page.locator(`li[data-lesson-id="${lessonIdOf(lessons[0].url)}"]`).textContent()) ?? '',
      /Đã hoàn thành/,
    );
    await device.close();
    await otherDevice.close();
  });

  test('a batch whose answer is lost is kept, sent again and stored once', async () => {
    const device = await signedIn(learner.username, learner.password);
    const page = await device.newPage();
    let cut = 0;
    // The server stores the batch, but the answer never reaches the browser (a dropped connection).
    await page.route('**/api/v1/progress/events', async (route) => {
      if (cut++ > 0) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    const lesson = lessons[2];

    await page.goto(`${site.baseUrl}${lesson.url}`);
    await page.getByRole('button', { name: 'Hoàn thành bài học' }).click();
    await waitUntilSaved(page);

    assert.ok(cut >= 2, 'the batch was sent a second time');
    assert.deepEqual(await queuedKinds(page), []);
    assert.equal(await storedEvents(learner.username, 'lesson_opened', lessonIdOf(lesson.url)), 1);
    assert.equal(await storedCompletions(learner.username, lessonIdOf(lesson.url)), 1);
    await device.close();
  });

  test('a busy server’s Retry-After is kept: the batch comes back no sooner than asked, and is stored once', async () => {
    const device = await signedIn(learner.username, learner.password);
    const page = await device.newPage();
    const sentAt: number[] = [];
    // The first batch meets a busy server (nothing stored); it asks for 4 s, twice the tracker's own first wait.
    await page.route('**/api/v1/progress/events', async (route) => {
      sentAt.push(performance.now());
      if (sentAt.length > 1) return route.continue();
      await route.fulfill({
        status: 503,
        headers: { 'Retry-After': '4', 'Content-Type': 'application/json' },
        body: JSON.stringify({ error: 'Chưa lưu được tiến độ học tập. Thiết bị sẽ tự gửi lại sau.' }),
      });
    });
    const lesson = lessons[4];

    await page.goto(`${site.baseUrl}${lesson.url}`);
    await page.getByRole('button', { name: 'Hoàn thành bài học' }).click();
    await waitUntilSaved(page);

    assert.ok(sentAt.length >= 2, 'the batch was sent again');
    assert.ok(sentAt[1] - sentAt[0] >= 4_000, `sent again after ${Math.round(sentAt[1] - sentAt[0])} ms`);
    assert.equal(await storedCompletions(learner.username, lessonIdOf(lesson.url)), 1);
    await device.close();
  });

  test('signed out, the lesson asks to sign in to save progress and sends the kept events once the learner has', async () => {
    const device = await site.browser.newContext({ viewport: PHONE });
    const page = await device.newPage();
    const lesson = lessons[3] ?? lessons[0];
    const username = 'sl-th-004';

    await page.goto(`${site.baseUrl}${lesson.url}`);
    await page.getByRole('link', { name: 'Đăng nhập để lưu tiến độ' }).waitFor();
    await page.getByRole('button', { name: 'Hoàn thành bài học' }).click();
    assert.match(
      (await statusLine(page).textContent()) ?? '',
      /chưa đăng nhập[\s\S]*2 hoạt động đang chờ trên máy này/,
    );
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('link', { name: 'Đăng nhập để lưu tiến độ' }).click();
    await page.getByLabel('Mã cán bộ hoặc tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_OFFICIAL_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`**${lesson.url}`);
    await waitUntilSaved(page);

    assert.equal(await storedCompletions(username, lessonIdOf(lesson.url)), 1);
    await device.close();
  });

  test('events kept for one learner are dropped, not credited, when another learner signs in on the device', async () => {
    const device = await signedIn('sl-th-005', DEMO_OFFICIAL_PASSWORD);
    const page = await device.newPage();
    const lesson = lessons[1];
    await page.goto(`${site.baseUrl}${lesson.url}`);
    await waitUntilSaved(page);
    await device.setOffline(true);
    await page.getByRole('button', { name: 'Hoàn thành bài học' }).click();
    await page.close();
    await device.setOffline(false);
    // The first learner signs out elsewhere (the session ends); a colleague signs in on this browser.
    await device.clearCookies();
    const signIn = await device.newPage();
    await signIn.goto(`${site.baseUrl}/dang-nhap/`);
    await signIn.getByLabel('Mã cán bộ hoặc tên đăng nhập').fill('sl-th-006');
    await signIn.getByLabel('Mật khẩu').fill(DEMO_OFFICIAL_PASSWORD);
    await signIn.getByRole('button', { name: 'Đăng nhập' }).click();
    await signIn.waitForURL('**/viec-hoc-cua-toi/');

    await signIn.goto(`${site.baseUrl}${lessons[0].url}`);
    await waitUntilSaved(signIn);

    assert.deepEqual(await queuedKinds(signIn), []);
    assert.equal(await storedCompletions('sl-th-006', lessonIdOf(lesson.url)), 0);
    assert.equal(await storedCompletions('sl-th-005', lessonIdOf(lesson.url)), 0);
    await device.close();
  });
});

describe('what the lesson page reports', () => {
  test('a playing video is reported every 15 seconds, and the part skipped over does not count', async () => {
    const username = 'sl-th-007';
    const device = await signedIn(username, DEMO_OFFICIAL_PASSWORD);
    const page = await device.newPage();
    await page.goto(`${site.baseUrl}${lessonWithVideo().url}`);
    const video = page.locator('figure[data-video-id] video').first();
    const stored = async () =>
      (
        await database()
          .select()
          .from(videoProgress)
          .where(eq(videoProgress.userId, await userId(username)))
      )[0];

    await video.evaluate((element: HTMLVideoElement) => {
      element.playbackRate = 2;
      return element.play();
    });
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 2);
    await video.evaluate((element: HTMLVideoElement) => (element.currentTime = 40));
    const deadline = Date.now() + 25_000;
    while (!(await stored()) && Date.now() < deadline) await page.waitForTimeout(500);

    assert.equal(
      await video.evaluate((element: HTMLVideoElement) => element.paused),
      false,
      'reported while still playing',
    );
    const row = await stored();
    assert.ok(row, 'a report arrived while the video played');
    const [first, second] = row.intervals;
    assert.ok(first[0] < 0.5 && first[1] >= 2 && first[1] < 10, `first interval ${first}`);
    assert.ok(second[0] >= 39.5 && second[0] <= 41, `second interval ${second}`);
    assert.ok(
      row.watchedSeconds < row.durationSeconds - 30,
      `watched ${row.watchedSeconds} s of ${row.durationSeconds} s`,
    );
    await device.close();
  });
});
