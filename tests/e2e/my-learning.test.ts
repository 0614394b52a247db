import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_OFFICIAL_PASSWORD } from '../../db/seed.ts';
import { PHONE } from '../support/browser.ts';
import { branchingCaseStudy, demoCourses, demoLessons, lessonWithVideo } from '../support/demo-content.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';

const site = useSite();
const learner = DEMO_ACCOUNTS.find((account) => account.username === 'hocvien')!;

/** A phone browser signed in as `username` (a fresh context: its own cookies and storage). */
async function signedIn(
  username: string,
  password = DEMO_OFFICIAL_PASSWORD,
  javaScriptEnabled = true,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ viewport: PHONE, javaScriptEnabled });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, password);
  await page.waitForURL('**/viec-hoc-cua-toi/');
  return { context, page };
}

/** Waits until the lesson page's status line says everything is saved. */
async function waitUntilSaved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('.lesson-progress [role="status"]')?.textContent === 'Đã lưu tiến độ.',
    undefined,
    { timeout: 15_000 },
  );
}

/** The course's card on "Việc học của tôi". */
const courseCard = (page: Page, title: string) =>
  page.locator('.my-course').filter({ has: page.getByRole('heading', { name: title }) });

/** Status words of each lesson row of a course card, by lesson URL. */
async function taskList(page: Page, title: string): Promise<Record<string, string>> {
  const rows = await courseCard(page, title)
    .locator('.task-list li')
    .evaluateAll((items) =>
      items.map((item) => [
        item.querySelector('a')!.getAttribute('href')!,
        item.querySelector('.task-status')!.textContent!.replace('Trạng thái: ', '').trim(),
      ]),
    );
  return Object.fromEntries(rows);
}

async function checkPage(page: Page): Promise<void> {
  assert.deepEqual(await seriousViolations(page), []);
  assert.equal(await sidewaysOverflow(page), 0, 'the page scrolls sideways at 360 px');
}

describe('Việc học của tôi', () => {
  test('sends a visitor who is not signed in to sign in, then back to it', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();

    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/dang-nhap/?next=/viec-hoc-cua-toi/');
    await page.getByLabel('Mã cán bộ hoặc tên đăng nhập').fill('sl-ql-001');
    await page.getByLabel('Mật khẩu').fill(DEMO_OFFICIAL_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();

    await page.waitForURL('**/viec-hoc-cua-toi/');
    await context.close();
  });

  test('shows a learner who has started nothing the way to the catalog', async () => {
    const { context, page } = await signedIn('sl-ql-002');

    assert.ok(await page.getByText('Anh/chị chưa bắt đầu khóa học nào.').isVisible());
    assert.equal(await page.getByRole('link', { name: 'Xem danh mục khóa học' }).getAttribute('href'), '/khoa-hoc/');
    await checkPage(page);
    await context.close();
  });

  test('confirms a lesson completed without JavaScript and lists the course as a task list', async () => {
    const { context, page } = await signedIn('sl-ql-003', DEMO_OFFICIAL_PASSWORD, false);
    const course = demoCourses()[0];
    const [first, second] = demoLessons().filter((lesson) => lesson.courseId === course.id);

    await page.goto(`${site.baseUrl}${first.url}`);
    await page.getByRole('button', { name: 'Hoàn thành bài học' }).click();

    assert.equal(new URL(page.url()).pathname, '/viec-hoc-cua-toi/');
    assert.match(
      (await page.getByRole('status').filter({ hasText: 'Đã ghi nhận' }).textContent()) ?? '',
      /anh\/chị đã hoàn thành bài “.+”/,
    );
    assert.equal(await page.getByRole('link', { name: /^Học bài tiếp theo:/ }).getAttribute('href'), second.url);
    const card = courseCard(page, course.title);
    assert.match((await card.locator('p').first().textContent()) ?? '', /Đang học\s*Đã xong \d+%: 1\/\d+ bài bắt buộc/);
    const tasks = await taskList(page, course.title);
    assert.equal(tasks[first.url], 'Đã hoàn thành');
    assert.equal(tasks[second.url], 'Chưa bắt đầu');
    assert.ok(await card.getByRole('link', { name: `Tiếp tục học ${course.title}` }).isVisible());
    await page.reload();
    assert.equal(await page.getByText('Đã ghi nhận').count(), 1, 'reloading does not post the form again');
    // (axe-core needs JavaScript: the same page is checked with it in the tests below.)
    await context.close();
  });

  test('lists a course as "Đang học" once the learner has made a choice in one of its case studies', async () => {
    const { context, page } = await signedIn('sl-ql-004');
    const { url, study } = branchingCaseStudy();
    const courseId = url.split('/')[2];
    const course = demoCourses().find((candidate) => candidate.id === courseId)!;
    const start = study.decisions.find((decision) => decision.id === study.start)!;

    await page.goto(`${site.baseUrl}${url}`);
    await page.getByRole('link', { name: start.options[0].label, exact: true }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-progress-course] [role="status"]')?.textContent === 'Đã lưu tiến độ.',
    );
    await checkPage(page);
    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);

    assert.match(
      (await courseCard(page, course.title).locator('.task-status').first().textContent()) ?? '',
      /Đang học/,
    );
    await context.close();
  });
});

describe('progress on the course and lesson pages', () => {
  test('a signed-in learner sees the course status, each lesson tagged and "Tiếp tục học"', async () => {
    const { context, page } = await signedIn('sl-ql-005');
    const course = demoCourses()[0];
    const [first, second] = demoLessons().filter((lesson) => lesson.courseId === course.id);
    await page.goto(`${site.baseUrl}${first.url}`);
    await page.getByRole('button', { name: 'Hoàn thành bài học' }).click();
    await waitUntilSaved(page);
    await page.goto(`${site.baseUrl}${second.url}`);
    await waitUntilSaved(page);

    await page.goto(`${site.baseUrl}${course.url}`);
    const summary = page.getByRole('region', { name: 'Tiến độ của anh/chị' });
    await summary.waitFor();

    assert.match((await summary.textContent()) ?? '', /Đang học\s*Đã xong \d+%: 1\/\d+ bài bắt buộc/);
    const resume = page.getByRole('link', { name: 'Tiếp tục học' });
    assert.equal(await resume.getAttribute('href'), second.url);
    assert.equal(await page.getByRole('link', { name: 'Bắt đầu học' }).count(), 0);
    const outline = page.locator('#noi-dung-khoa-hoc + ol > li');
    assert.match((await outline.nth(0).textContent()) ?? '', /Trạng thái: Đã hoàn thành/);
    assert.match((await outline.nth(1).textContent()) ?? '', /Trạng thái: Đang học/);
    assert.match((await outline.nth(2).textContent()) ?? '', /Trạng thái: Chưa bắt đầu/);
    await checkPage(page);

    await page.goto(`${site.baseUrl}${first.url}`);
    await page.getByText('Anh/chị đã hoàn thành bài học này.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Hoàn thành bài học' }).isVisible(), false);
    assert.match((await page.locator('.lesson-outline li').nth(0).textContent()) ?? '', /Đã hoàn thành/);
    await checkPage(page);

    await page.goto(
      `${site.baseUrl}/viec-hoc-cua-toi/?da-hoan-thanh=${encodeURIComponent(first.url.split('/').slice(2, 4).join('/'))}`,
    );
    assert.ok(await page.getByText('Đã ghi nhận:').isVisible());
    assert.deepEqual(Object.values(await taskList(page, course.title)).slice(0, 3), [
      'Đã hoàn thành',
      'Đang học',
      'Chưa bắt đầu',
    ]);
    await checkPage(page);
    await context.close();
  });

  test('a visitor who is not signed in sees the course page unchanged', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const course = demoCourses()[0];

    const asked = page.waitForResponse('**/api/v1/me/progress?course=*');
    await page.goto(`${site.baseUrl}${course.url}`);
    assert.equal((await asked).status(), 401);
    await page.waitForTimeout(200);

    assert.ok(await page.getByRole('link', { name: 'Bắt đầu học' }).isVisible());
    assert.equal(await page.getByRole('region', { name: 'Tiến độ của anh/chị' }).count(), 0);
    assert.equal(await page.locator('.task-status').count(), 0);
    await context.close();
  });

  test('"Tiếp tục học" returns the learner to the lesson and the video position where they stopped', async () => {
    const { context, page } = await signedIn(learner.username, learner.password);
    const lesson = lessonWithVideo();
    await page.goto(`${site.baseUrl}${lesson.url}`);
    const video = page.locator('figure[data-video-id] video').first();
    const videoId = await page.locator('figure[data-video-id]').first().getAttribute('data-video-id');
    await video.evaluate((element: HTMLVideoElement) => element.play());
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 3.2, undefined, {
      timeout: 15_000,
    });
    await video.evaluate((element: HTMLVideoElement) => element.pause());
    const stoppedAt = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
    await waitUntilSaved(page);

    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);
    const course = demoCourses().find((candidate) => candidate.id === lesson.courseId)!;
    await courseCard(page, course.title)
      .getByRole('link', { name: /^Tiếp tục học/ })
      .click();

    assert.equal(new URL(page.url()).pathname, lesson.url);
    assert.equal(new URL(page.url()).searchParams.get('video'), videoId);
    assert.ok(await page.getByText(/Video sẽ phát tiếp từ 0:0\d/).isVisible());
    await video.evaluate((element: HTMLVideoElement) => element.play());
    await page.waitForFunction(() => !document.querySelector('video')!.paused);
    const resumedAt = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
    assert.ok(Math.abs(resumedAt - stoppedAt) < 1.5, `resumed at ${resumedAt} s, stopped at ${stoppedAt} s`);
    await context.close();
  });
});
