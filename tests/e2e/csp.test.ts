/**
 * The Content-Security-Policy in Debian's Chromium: the pages that run scripts (reading pages,
 * video, case study, H5P, search, quiz, the learner's and the administrator's pages, the lesson
 * editor with its live preview) do all they do with no policy violation, no CSP error in the
 * console and no violation report queued, also when reloaded from the browser's cache; and, as the
 * control, a script injected into a loaded page is blocked, does nothing, and is reported.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { PHONE } from '../support/browser.ts';
import { demoCourses, demoLessons, lessonWithVideo } from '../support/demo-content.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { useSite } from '../support/site.ts';

// The seed (run in this process) installs the demo H5P activities here, and the server plays them from here.
const storage = mkdtempSync(join(tmpdir(), 'csp-e2e-h5p-'));
process.env.H5P_DIR = storage;
const site = useSite({ H5P_DIR: storage });
after(() => rmSync(storage, { recursive: true, force: true }));

const VIOLATION = 'csp-violation ';
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;
const lessonWith = (tag: string) => {
  const lesson = demoLessons().find((candidate) => candidate.source.includes(`<${tag} `));
  if (!lesson) throw new Error(`Không có bài học mẫu nào có <${tag}>.`);
  return lesson;
};

/** What the browser said about the policy while a page was open. */
interface Seen {
  /** securitypolicyviolation events, from the page and its frames. */
  violations: string[];
  /** Console messages about Content Security Policy. */
  console: string[];
  /** Violation reports the browser queued (Reporting API) or sent (report-uri). */
  reports: string[];
}

interface Watched {
  context: BrowserContext;
  page: Page;
  seen: Seen;
}

/** A phone-sized browser, signed in as `username` if given, that records everything about the policy. */
async function watchedBrowser(username?: string): Promise<Watched> {
  const context = await site.browser.newContext({ viewport: PHONE });
  // Every document, frames included, logs its violations where the test can read them.
  await context.addInitScript((prefix) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.warn(
        `${prefix}${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber} ${event.sample}`,
      );
    });
  }, VIOLATION);
  const page = await context.newPage();
  const seen: Seen = { violations: [], console: [], reports: [] };
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith(VIOLATION)) seen.violations.push(text.slice(VIOLATION.length));
    else if (/content security policy/i.test(text)) seen.console.push(text);
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/csp-report')
      seen.reports.push(`report-uri: ${request.postData() ?? ''}`);
  });
  const cdp = await context.newCDPSession(page);
  cdp.on('Network.reportingApiReportAdded', ({ report }) =>
    seen.reports.push(`${report.type}: ${JSON.stringify(report.body)}`),
  );
  await cdp.send('Network.enable');
  await cdp.send('Network.enableReportingApi', { enable: true });
  if (username) await signInThroughForm(page, site.baseUrl, username, passwordOf(username));
  return { context, page, seen };
}

/** Waits for late violations, then asserts there were none so far. */
async function assertClean(watched: Watched, what: string): Promise<void> {
  await watched.page.waitForTimeout(300);
  assert.deepEqual(watched.seen, { violations: [], console: [], reports: [] }, what);
}

async function visit(watched: Watched, path: string): Promise<void> {
  const response = await watched.page.goto(`${site.baseUrl}${path}`);
  assert.ok(response && response.status() < 400, `${path}: ${response?.status()}`);
}

describe('pages under the Content-Security-Policy', () => {
  test('the reading pages, a playing video, a case study and search work with no violation', async () => {
    const watched = await watchedBrowser();
    const { page } = watched;

    for (const path of ['/', '/khoa-hoc/', demoCourses().find((course) => course.id === COURSE)!.url]) {
      await visit(watched, path);
      await assertClean(watched, path);
    }

    const video = lessonWithVideo().url;
    await visit(watched, video);
    await page
      .locator('video')
      .first()
      .evaluate((element: HTMLVideoElement) => element.play());
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.3, undefined, {
      timeout: 15_000,
    });
    await assertClean(watched, `${video} (video playing)`);
    // Again from the browser's cache, revalidated with a 304 whose headers replace the stored ones.
    await page.reload();
    await page.getByRole('link', { name: 'Đăng nhập để lưu tiến độ' }).waitFor();
    await assertClean(watched, `${video} (reloaded)`);

    const caseStudy = lessonWith('CaseStudy').url;
    await visit(watched, caseStudy);
    await page.locator('.case-options a').first().click();
    await page.locator('.case-step:visible .case-choice').first().waitFor();
    await assertClean(watched, `${caseStudy} (a choice made)`);

    await visit(watched, '/tim-kiem/');
    await page.getByLabel('Tìm trong bài học, tình huống và khóa học').fill('tiep cong dan');
    await page.getByRole('button', { name: 'Tìm kiếm', exact: true }).click();
    await page.locator('#search-results li').first().waitFor({ timeout: 15_000 });
    await assertClean(watched, '/tim-kiem/ (results shown)');

    await watched.context.close();
  });

  test('a lesson with an H5P activity plays it in its sandboxed frame with no violation', async () => {
    const watched = await watchedBrowser('hocvien');
    const lesson = lessonWith('H5P').url;

    await visit(watched, lesson);
    await watched.page.locator('[data-h5p-activity]').first().scrollIntoViewIfNeeded();
    await watched.page.locator('[data-h5p-activity][data-h5p-state="ready"]').first().waitFor({ timeout: 20_000 });

    await assertClean(watched, `${lesson} (H5P playing)`);
    await watched.context.close();
  });

  test("the learner's pages and a quiz attempt that saves its answers work with no violation", async () => {
    const watched = await watchedBrowser('hocvien');
    const { page } = watched;

    await visit(watched, '/viec-hoc-cua-toi/');
    await assertClean(watched, 'Việc học của tôi');

    await visit(watched, `/khoa-hoc/${COURSE}/kiem-tra/on-tap/`);
    await assertClean(watched, 'the quiz page');
    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    await page.waitForURL('**/lan-lam/*/');
    await page.locator('fieldset[data-question]:not([data-type="case-group"]) input').first().check();
    await page.waitForTimeout(1500);
    await assertClean(watched, 'a quiz attempt');
    // Submitted, so the instructor's item analysis below has bars to draw.
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL('**/nop-bai/');
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL('**/lan-lam/*/?*');
    await assertClean(watched, 'the submitted attempt');

    await watched.context.close();
  });

  test("an administrator's dashboard and indicator charts work with no violation", async () => {
    const watched = await watchedBrowser('quantri.songlam');

    for (const path of ['/quan-tri/', '/quan-tri/chi-tieu/']) {
      await visit(watched, path);
      await assertClean(watched, path);
    }
    await watched.context.close();
  });

  test('the lesson editor with its live preview, the preview itself and the statistics work with no violation', async () => {
    const watched = await watchedBrowser('giangvien');
    const { page } = watched;

    await visit(watched, '/giang-vien/');
    await assertClean(watched, 'the instructor dashboard');
    await page
      .getByRole('button', { name: /Sửa khóa học Tập huấn: tiếp công dân/ })
      .first()
      .click();
    await page.waitForURL(/\/giang-vien\/ban-nhap\/[a-z0-9-]+\/$/);
    const draft = new URL(page.url()).pathname;
    await assertClean(watched, 'the draft overview');

    await visit(watched, `${draft}bai/01-tiep-cong-dan-tai-tru-so-ubnd-xa/`);
    const preview = page.locator('iframe[data-preview-frame]');
    await preview.scrollIntoViewIfNeeded();
    await preview.contentFrame().locator('h1').waitFor({ timeout: 15_000 });
    await assertClean(watched, 'the lesson editor and the preview in its panel');

    for (const path of [`${draft}xem-truoc/`, `${draft}xem-truoc/bai/02-phan-loai-va-xu-ly-don/`]) {
      await visit(watched, path);
      await assertClean(watched, path);
    }

    // The item analysis sizes its bars with style attributes (the learner's attempt above).
    await visit(watched, `/giang-vien/thong-ke/${COURSE}/cau-hoi/`);
    assert.ok((await page.locator('.bar span[style]').count()) > 0, 'the item analysis draws bars');
    await assertClean(watched, 'the item analysis');
    await watched.context.close();
  });

  test('control: a script injected into a loaded page is blocked, does nothing, and is reported', async () => {
    const watched = await watchedBrowser();
    const { page } = watched;
    await visit(watched, lessonWithVideo().url);
    await assertClean(watched, 'the lesson before the injection');

    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedScriptRan = true;';
      document.body.append(script);
    });
    await page.waitForTimeout(500);

    assert.equal(
      await page.evaluate(() => (window as unknown as { injectedScriptRan?: boolean }).injectedScriptRan),
      undefined,
    );
    assert.equal(watched.seen.violations.length, 1, watched.seen.violations.join('\n'));
    assert.match(watched.seen.violations[0], /^script-src-elem inline /);
    assert.ok(
      watched.seen.reports.some((report) => /csp-violation: .*"effectiveDirective":"script-src-elem"/.test(report)),
      watched.seen.reports.join('\n'),
    );
    await watched.context.close();
  });
});
