/**
 * The live preview of a course draft in Debian Chromium, at phone size: a changed lesson shows its
 * draft text, a new draft video plays from the draft media route (206 on a Range request) and its
 * case study works; nobody but the course's writers sees it; a lesson that does not compile is
 * refused with the line; and an unchanged draft previews exactly the published lesson's article.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { seriousViolations } from '../support/accessibility.ts';
import { getAs } from '../support/http.ts';
import { openTestDatabase } from '../support/database.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { courseDrafts, roleGrants, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { liveCourseFiles } from '../../src/lib/server/authoring/draft-files.ts';
import { parseLessonText, lessonText, yamlText } from '../../src/lib/authoring/content-text.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';

const site = useSite();
const ROOT = process.cwd();
const CHANGED = 'tiep-cong-dan-khieu-nai-to-cao';
const UNCHANGED = 'ky-nang-so-dich-vu-cong';
const DRAFT = 'ban-nhap-xem-truoc-e2e';
const UNCHANGED_DRAFT = 'ban-nhap-nguyen-ven-e2e';
const LESSON_FILE = '01-tiep-cong-dan-tai-tru-so-ubnd-xa';
const BROKEN_FILE = '02-phan-loai-va-xu-ly-don';
const UNCHANGED_LESSON = '04-huong-dan-nguoi-dan-nop-ho-so-truc-tuyen';
const CASE_STUDY = 'tcd-doan-dong-nguoi-phan-anh-o-nhiem';
const NEW_TEXT = 'Đoạn này chỉ có trong bản nháp chưa xuất bản.';
const PREVIEW = `/giang-vien/ban-nhap/${DRAFT}/xem-truoc/`;
const OTHER_INSTRUCTOR = { username: 'giangvien-khac', password: 'mat-khau-giang-vien-khac' };
const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;

let opened: Database | undefined;
const database = () => (opened ??= openTestDatabase(site.databaseUrl));
after(() => {
  opened?.$client.close();
  for (const id of [DRAFT, UNCHANGED_DRAFT]) rmSync(join(ROOT, 'data', 'drafts', id), { recursive: true, force: true });
});

/** Draft files of the changed course: lesson 1 embeds a new draft video and a case study, lesson 2 does not compile. */
function changedFiles(): Record<string, string> {
  const files = liveCourseFiles(CHANGED, ROOT);
  const lessonKey = `courses/${CHANGED}/lessons/${LESSON_FILE}.mdx`;
  const { data, body } = parseLessonText(files[lessonKey]);
  files[lessonKey] = lessonText(
    data!,
    `${NEW_TEXT}\n\n<Video id="video-ban-nhap" />\n\n<CaseStudy id="${CASE_STUDY}" />\n\n<Quiz id="kiem-tra-cuoi-khoa" />\n\n${body}`,
  );
  const brokenKey = `courses/${CHANGED}/lessons/${BROKEN_FILE}.mdx`;
  const broken = parseLessonText(files[brokenKey]);
  files[brokenKey] = lessonText(
    broken.data!,
    `Dòng một.\n\nDòng hai có <Video id="video-ban-nhap"\n\nchưa đóng thẻ.\n`,
  );
  files['videos/video-ban-nhap.yaml'] = yamlText({
    title: 'Video mới của bản nháp',
    sources: [
      { src: '/media/videos/video-ban-nhap.webm', type: 'video/webm' },
      { src: '/media/videos/video-ban-nhap.mp4', type: 'video/mp4' },
    ],
    captions: '/media/videos/video-ban-nhap.vi.vtt',
    poster: '/media/videos/quy-trinh-tiep-cong-dan.jpg',
    durationSeconds: 60,
    transcript: 'Lời thoại của video mới trong bản nháp, đủ dài để qua kiểm tra nội dung của nền tảng.',
  });
  return files;
}

async function seedDrafts(): Promise<void> {
  const db = database();
  const [writer] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'giangvien'));
  const now = new Date();
  const row = { status: 'draft' as const, baseVersion: null, createdBy: writer.id, createdAt: now, updatedAt: now };
  const media = [
    'media/videos/video-ban-nhap.webm',
    'media/videos/video-ban-nhap.mp4',
    'media/videos/video-ban-nhap.vi.vtt',
  ];
  await db.insert(courseDrafts).values([
    { ...row, id: DRAFT, courseId: CHANGED, files: changedFiles(), media },
    { ...row, id: UNCHANGED_DRAFT, courseId: UNCHANGED, files: liveCourseFiles(UNCHANGED, ROOT), media: [] },
  ]);
  const videos = join(ROOT, 'data', 'drafts', DRAFT, 'public', 'media', 'videos');
  mkdirSync(videos, { recursive: true });
  for (const extension of ['webm', 'mp4', 'vi.vtt']) {
    copyFileSync(
      join(ROOT, 'public/media/videos', `quy-trinh-tiep-cong-dan.${extension}`),
      join(videos, `video-ban-nhap.${extension}`),
    );
  }
  const otherId = 'giang-vien-khac-e2e';
  await db.insert(users).values({
    id: otherId,
    username: OTHER_INSTRUCTOR.username,
    displayName: 'Giảng viên khác',
    passwordHash: await hashPassword(OTHER_INSTRUCTOR.password),
  });
  await db.insert(roleGrants).values({ userId: otherId, role: 'instructor', unitId: null });
}

async function signedIn(username: string, password: string = passwordOf(username)): Promise<Page> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, password);
  return page;
}

async function cookieOf(page: Page): Promise<string> {
  return (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/** The inner HTML of a page's <article>, without the search index's marks (the preview has none). */
function articleOf(html: string): string {
  const match = /<article class="prose"[^>]*>([\s\S]*?)<\/article>/.exec(html);
  assert.ok(match, 'the page has a lesson article');
  return match[1].replace(/<span hidden data-pagefind-meta="[^"]*"[^>]*><\/span>/g, '');
}

describe('draft preview', () => {
  before(seedDrafts);

  test('shows a changed lesson to its writer with the banner, no search marks and no serious axe violations', async () => {
    const page = await signedIn('giangvien');

    const response = await page.goto(`${site.baseUrl}${PREVIEW}bai/${LESSON_FILE}/`);

    assert.equal(response?.status(), 200);
    assert.ok((await page.locator('article').innerText()).includes(NEW_TEXT));
    assert.ok((await page.locator('main').innerText()).includes('Bản xem trước – chưa xuất bản'));
    assert.equal(await page.locator('meta[name="robots"]').getAttribute('content'), 'noindex');
    assert.equal(await page.locator('[data-pagefind-body], [data-pagefind-meta]').count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    await page.context().close();
  });

  test('announces a quiz of the course with its settings and no questions', async () => {
    const page = await signedIn('giangvien');

    await page.goto(`${site.baseUrl}${PREVIEW}bai/${LESSON_FILE}/`);
    const card = page.locator(`section[data-quiz-id="${CHANGED}/kiem-tra-cuoi-khoa"]`);
    const text = await card.innerText();

    assert.match(text, /Bài kiểm tra: /);
    assert.match(text, /Số câu hỏi\s+\d+ câu/);
    assert.match(text, /Điểm đạt\s+Từ \d+% /);
    assert.equal(await card.locator('input, label, [data-question-id]').count(), 0);
    assert.equal(
      await card.getByRole('link', { name: 'Xem bài kiểm tra' }).getAttribute('href'),
      `/giang-vien/ban-nhap/${DRAFT}/kiem-tra/kiem-tra-cuoi-khoa/`,
    );
    await page.context().close();
  });

  test('keeps the lesson outline and pager inside the preview', async () => {
    const page = await signedIn('giangvien');

    await page.goto(`${site.baseUrl}${PREVIEW}bai/${LESSON_FILE}/`);
    const hrefs = await page
      .locator('.lesson-outline a, .pager a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));

    assert.ok(hrefs.length > 0);
    for (const href of hrefs) assert.ok(href.startsWith(PREVIEW), href);
    await page.context().close();
  });

  test('plays the new draft video from the draft media route', async () => {
    const page = await signedIn('giangvien');

    await page.goto(`${site.baseUrl}${PREVIEW}bai/${LESSON_FILE}/`);
    const video = page.locator('figure[data-video-id="video-ban-nhap"] video');
    const source = await video.locator('source').first().getAttribute('src');
    const captions = await video.locator('track').getAttribute('src');
    await video.evaluate((element: HTMLVideoElement) => {
      element.muted = true;
      return element.play();
    });
    await page.waitForFunction(
      () =>
        (document.querySelector<HTMLVideoElement>('figure[data-video-id="video-ban-nhap"] video')?.currentTime ?? 0) >
        0.5,
      undefined,
      { timeout: 15_000 },
    );

    assert.equal(source, `/giang-vien/ban-nhap/${DRAFT}/tep/media/videos/video-ban-nhap.webm`);
    assert.equal(captions, `/giang-vien/ban-nhap/${DRAFT}/tep/media/videos/video-ban-nhap.vi.vtt`);
    await page.context().close();
  });

  test('answers a Range request for draft media with 206 and the video type', async () => {
    const page = await signedIn('giangvien');
    const cookie = await cookieOf(page);

    const response = await fetch(`${site.baseUrl}/giang-vien/ban-nhap/${DRAFT}/tep/media/videos/video-ban-nhap.mp4`, {
      headers: { Cookie: cookie, Range: 'bytes=0-99' },
    });

    assert.equal(response.status, 206);
    assert.equal(response.headers.get('content-type'), 'video/mp4');
    assert.match(response.headers.get('content-range') ?? '', /^bytes 0-99\/\d+$/);
    assert.equal((await response.arrayBuffer()).byteLength, 100);
    await page.context().close();
  });

  test('runs the embedded case study: choosing an option shows its consequence', async () => {
    const page = await signedIn('giangvien');

    await page.goto(`${site.baseUrl}${PREVIEW}bai/${LESSON_FILE}/`);
    const study = page.locator(`section[data-case-study="${CASE_STUDY}"]`);
    await study.locator('.case-options a').first().click();

    assert.equal(await study.locator('.case-step[data-step="consequence"]:target').count(), 1);
    assert.ok(await study.locator('.case-step[data-step="consequence"]:target .case-outcome').isVisible());
    await page.context().close();
  });

  test('shows the case study page of the draft', async () => {
    const page = await signedIn('giangvien');

    const response = await page.goto(`${site.baseUrl}${PREVIEW}tinh-huong/${CASE_STUDY}/`);

    assert.equal(response?.status(), 200);
    assert.equal(await page.locator(`section[data-case-study="${CASE_STUDY}"]`).count(), 1);
    assert.equal(await page.locator('[data-pagefind-body]').count(), 0);
    await page.context().close();
  });

  test('refuses a lesson that does not compile, naming the line in Vietnamese', async () => {
    const page = await signedIn('giangvien');

    const response = await page.goto(`${site.baseUrl}${PREVIEW}bai/${BROKEN_FILE}/`);

    assert.equal(response?.status(), 422);
    const text = await page.locator('main').innerText();
    assert.match(text, /Chưa xem trước được/);
    assert.match(text, /dòng \d+/);
    await page.context().close();
  });

  test('is not found for another instructor, a learner, and for their draft media', async () => {
    for (const [username, password] of [
      [OTHER_INSTRUCTOR.username, OTHER_INSTRUCTOR.password],
      ['hocvien', passwordOf('hocvien')],
    ]) {
      const page = await signedIn(username, password);
      const cookie = await cookieOf(page);

      assert.equal((await getAs(site.baseUrl, cookie, `${PREVIEW}bai/${LESSON_FILE}/`)).status, 404, username);
      assert.equal((await getAs(site.baseUrl, cookie, PREVIEW)).status, 404, username);
      assert.equal(
        (await getAs(site.baseUrl, cookie, `/giang-vien/ban-nhap/${DRAFT}/tep/media/videos/video-ban-nhap.mp4`)).status,
        404,
        username,
      );
      await page.context().close();
    }
  });

  test('sends a signed-out visitor to sign in, coming back after', async () => {
    const answer = await getAs(site.baseUrl, undefined, `${PREVIEW}bai/${LESSON_FILE}/`);

    assert.equal(answer.status, 302);
    assert.equal(
      answer.headers.get('location'),
      `/dang-nhap/?next=${encodeURIComponent(`${PREVIEW}bai/${LESSON_FILE}/`)}`,
    );
  });

  test('previews an unchanged lesson with exactly the published article', async () => {
    const page = await signedIn('giangvien');
    const cookie = await cookieOf(page);
    const lessonSlug = UNCHANGED_LESSON.replace(/^\d+-/, '');

    const published = await getAs(site.baseUrl, undefined, `/khoa-hoc/${UNCHANGED}/${lessonSlug}/`);
    const preview = await getAs(
      site.baseUrl,
      cookie,
      `/giang-vien/ban-nhap/${UNCHANGED_DRAFT}/xem-truoc/bai/${UNCHANGED_LESSON}/`,
    );

    assert.equal(published.status, 200);
    assert.equal(preview.status, 200);
    assert.match(published.body, /<video /, 'the compared lesson embeds a video');
    assert.equal(articleOf(preview.body), articleOf(published.body));
    await page.context().close();
  });

  test('previews the course page with links that stay in the preview', async () => {
    const page = await signedIn('giangvien');

    const response = await page.goto(`${site.baseUrl}${PREVIEW}`);

    assert.equal(response?.status(), 200);
    const lessonLinks = await page
      .locator('#noi-dung-khoa-hoc + ol a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    assert.ok(lessonLinks.length > 0);
    for (const href of lessonLinks) assert.ok(href.startsWith(`${PREVIEW}bai/`), href);
    assert.equal(await page.locator('[data-pagefind-body]').count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    await page.context().close();
  });
});
