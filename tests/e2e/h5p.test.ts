/**
 * H5P in Chromium: an administrator imports every real package (tests/support/h5p-fixtures.ts)
 * through the page; each valid one plays in the lesson embed (a frame sandboxed into an opaque origin), answering
 * a scored one records a practice result for the signed-in learner, every broken one is refused
 * with its reason, and the script hidden in xss-svg.h5p never runs with the platform's origin.
 * A commune administrator's new version of a package a published lesson embeds waits for a
 * content reviewer, who plays it in the sandboxed player and rejects it, the lesson unchanged.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { h5pPackages, h5pPackageVersions, h5pResults, users } from '../../db/schema/index.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { submitButton } from '../support/navigation.ts';
import { useSite } from '../support/site.ts';
import { invalidH5p, validH5p, VALID_H5P_FILES } from '../support/h5p-fixtures.ts';

// This file's own package folder, for the seed (run in this process) and the server alike.
const storage = mkdtempSync(join(tmpdir(), 'h5p-e2e-'));
process.env.H5P_DIR = storage;
const site = useSite({ H5P_DIR: storage });
after(() => rmSync(storage, { recursive: true, force: true }));

const account = (username: string) => DEMO_ACCOUNTS.find((candidate) => candidate.username === username)!;
const ADMIN = account('quantri.hethong');
const LEARNER = account('hocvien');
const COMMUNE_ADMIN = account('quantri.quangloi');
const REVIEWER = account('thamdinh');

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const DEMO_LESSON = {
  url: `/khoa-hoc/${COURSE}/phan-loai-va-xu-ly-don/`,
  lessonId: `${COURSE}/phan-loai-va-xu-ly-don`,
  packageId: 'phan-loai-don',
};
const SECOND_DEMO_LESSON = {
  url: `/khoa-hoc/${COURSE}/giai-quyet-khieu-nai-lan-dau/`,
  packageId: 'khieu-nai-va-thi-hanh',
};

/** The real valid packages: id to import under, the element each library renders, and how to answer it. */
const VALID = [
  { file: 'H5P.MultiChoice.h5p', id: 'thu-multichoice', root: '.h5p-multichoice', answer: answerMultiChoice },
  { file: 'H5P.TrueFalse.h5p', id: 'thu-truefalse', root: '.h5p-true-false', answer: answerTrueFalse },
  {
    file: 'H5P.SingleChoiceSet.h5p',
    id: 'thu-singlechoiceset',
    root: '.h5p-single-choice-set',
    answer: answerSingleChoiceSet,
  },
  { file: 'H5P.DragText.h5p', id: 'thu-dragtext', root: '.h5p-drag-text', answer: answerDragText },
  { file: 'H5P.Accordion.h5p', id: 'thu-accordion', root: '.h5p-accordion', answer: undefined },
] as const;

/** The real broken packages and the reason the page must give. */
const INVALID = [
  { file: 'corrupt_archive.h5p', message: /không phải tệp \.h5p hợp lệ: không đọc được như một tệp nén zip/ },
  { file: 'broken-h5p-json.h5p', message: /Tệp "h5p\.json" không phải JSON hợp lệ/ },
  {
    file: 'missing-preloaded-js.h5p',
    message: /khai báo tệp "greetingcard\.js" trong preloadedJs nhưng gói không có tệp/,
  },
  { file: 'invalid-library-directory-name.h5p', message: /Thư mục thư viện "H5P\.GreetingCard-1\.0" không khớp/ },
];

const importSeconds = new Map<string, number>();

async function signedIn(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, password);
  return { context, page };
}

/** Fills in and sends the import form; resolves with the HTTP status of the upload. */
async function importThroughPage(page: Page, file: string, id: string, title: string): Promise<number> {
  await page.goto(`${site.baseUrl}/quan-tri/h5p/`);
  await page.getByLabel('Mã hoạt động').fill(id);
  await page.getByLabel('Tiêu đề').fill(title);
  await page.getByLabel('Tệp gói H5P (.h5p)').setInputFiles(file);
  const upload = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith('/quan-tri/h5p/'),
  );
  await page.getByRole('button', { name: 'Nhập gói' }).click();
  const status = (await upload).status();
  await page.waitForLoadState();
  return status;
}

async function query<T>(read: (db: ReturnType<typeof openTestDatabase>) => Promise<T>): Promise<T> {
  const db = openTestDatabase(site.databaseUrl);
  try {
    return await read(db);
  } finally {
    db.$client.close();
  }
}

const activity = (page: Page) => page.locator('[data-h5p-activity]').first();
const player = (page: Page): FrameLocator => page.locator('iframe[data-h5p-frame]').first().contentFrame();

/** Scrolls the (lazy) activity into view and waits until its player says it is ready. */
async function waitUntilPlaying(page: Page): Promise<void> {
  await activity(page).scrollIntoViewIfNeeded();
  await page.locator('[data-h5p-activity][data-h5p-state="ready"]').first().waitFor({ timeout: 20_000 });
}

/**
 * Opens the demo lesson with its <H5P> embed pointed at another package: the real lesson page,
 * island and API, for packages no lesson embeds.
 */
async function openLessonEmbedding(page: Page, packageId: string): Promise<void> {
  const url = `${site.baseUrl}${DEMO_LESSON.url}`;
  await page.route(url, async (route) => {
    const response = await route.fetch();
    const html = (await response.text())
      .replaceAll(`src="/h5p/${DEMO_LESSON.packageId}/"`, `src="/h5p/${packageId}/"`)
      .replaceAll(`data-h5p-package="${DEMO_LESSON.packageId}"`, `data-h5p-package="${packageId}"`);
    await route.fulfill({ response, body: html });
  });
  await page.goto(url);
  await page.unroute(url);
}

/**
 * Scrolls the button into view and waits until it stops moving: the player frame above it grows
 * to its content as it renders, and a click aimed before that lands where the button was.
 */
async function settledInView(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name, exact: true }).first();
  let previous = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    await button.scrollIntoViewIfNeeded();
    const box = JSON.stringify(await button.boundingBox());
    if (box === previous) return;
    previous = box;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function check(frame: FrameLocator): Promise<void> {
  await frame.locator('.h5p-question-check-answer').first().click();
}

async function answerMultiChoice(frame: FrameLocator): Promise<void> {
  await frame.getByText('Very dark purple').click();
  await check(frame);
}

async function answerTrueFalse(frame: FrameLocator): Promise<void> {
  await frame.locator('.h5p-true-false-answer', { hasText: 'Yes' }).click();
  await check(frame);
}

async function answerSingleChoiceSet(frame: FrameLocator): Promise<void> {
  // A right answer moves on to the next question by itself; the set reports once, at the end.
  for (let question = 0; question < 10; question++) {
    const right = frame.locator('.h5p-sc-current-slide .h5p-sc-alternative.h5p-sc-is-correct');
    if ((await right.count()) === 0) return;
    await right.click();
    const deadline = Date.now() + 10_000;
    while ((await frame.locator('.h5p-sc-current-slide .h5p-sc-selected').count()) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function answerDragText(frame: FrameLocator): Promise<void> {
  const answers = ['blue', 'red', 'orange'];
  for (const [index, word] of answers.entries()) {
    await frame
      .locator('.ui-draggable', { hasText: word })
      .first()
      .dragTo(frame.locator('.h5p-drag-dropzone-container .ui-droppable').nth(index));
  }
  await check(frame);
}

describe('H5P activities', () => {
  test('an administrator imports every valid real package through the import page', async () => {
    const { context, page } = await signedIn(ADMIN.username, ADMIN.password);
    for (const { file, id } of VALID) {
      const started = performance.now();
      const status = await importThroughPage(page, validH5p(file), id, `Thử ${file}`);
      importSeconds.set(file, (performance.now() - started) / 1000);

      assert.equal(status, 303, file);
      assert.match(
        (await page.getByRole('status').filter({ hasText: 'Đã nhập gói' }).textContent()) ?? '',
        new RegExp(`Đã nhập gói “Thử ${file.replaceAll('.', '\\.')}”`),
      );
      assert.equal(await page.locator(`tr[data-h5p-package="${id}"]`).count(), 1);
    }
    console.log(
      `Thời gian nhập qua trang (giây): ${[...importSeconds].map(([file, seconds]) => `${file} ${seconds.toFixed(2)}`).join('; ')}`,
    );
    await context.close();
  });

  test('each imported package plays in the lesson embed, rendered by its own library', async () => {
    const { context, page } = await signedIn(ADMIN.username, ADMIN.password);
    for (const { id, root } of VALID) {
      await page.goto(`${site.baseUrl}/quan-tri/h5p/${id}/`);
      await waitUntilPlaying(page);

      const rendered = player(page).locator(root);
      assert.equal(await rendered.isVisible(), true, `${id}: ${root} is shown`);
      assert.match(await rendered.innerText(), /\S/);
      assert.ok(
        (await page.locator('iframe[data-h5p-frame]').boundingBox())!.height > 150,
        `${id}: the frame grew to its content`,
      );
    }
    await context.close();
  });

  test('answering each scored package in a lesson records a practice result for the signed-in learner', async () => {
    const { context, page } = await signedIn(LEARNER.username, LEARNER.password);
    const learnerId = await query(
      async (db) =>
        (await db.select({ id: users.id }).from(users).where(eq(users.username, LEARNER.username)).get())!.id,
    );
    for (const { id, answer } of VALID) {
      if (!answer) continue;
      await openLessonEmbedding(page, id);
      await waitUntilPlaying(page);

      await answer(player(page));
      await page
        .locator('[data-h5p-status]')
        .filter({ hasText: 'Đã lưu kết quả luyện tập' })
        .first()
        .waitFor({ timeout: 15_000 });

      const row = await query((db) =>
        db
          .select()
          .from(h5pResults)
          .where(and(eq(h5pResults.userId, learnerId), eq(h5pResults.packageId, id)))
          .get(),
      );
      assert.ok(row, `${id}: a result row`);
      assert.ok(row.statements >= 1);
      assert.ok(row.lastMax! > 0, `${id}: the score's maximum was recorded`);
      assert.equal(row.bestScaled, 1, `${id}: every answer given was right`);
      assert.equal(row.lessonId, DEMO_LESSON.lessonId);
    }
    await context.close();
  });

  test("a demo lesson plays its Vietnamese activity and saves the learner's score", async () => {
    const { context, page } = await signedIn(LEARNER.username, LEARNER.password);

    await page.goto(`${site.baseUrl}${DEMO_LESSON.url}`);
    await waitUntilPlaying(page);
    await player(page).getByText('Tố cáo', { exact: true }).click();
    await player(page)
      .getByRole('button', { name: /Kiểm tra/ })
      .click();

    await page
      .locator('[data-h5p-status]')
      .filter({ hasText: 'Đã lưu kết quả luyện tập: 1/1 điểm.' })
      .waitFor({ timeout: 15_000 });
    await context.close();
  });

  test('a signed-out visitor can play an activity and is told the result is not saved', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();

    await page.goto(`${site.baseUrl}${SECOND_DEMO_LESSON.url}`);
    await waitUntilPlaying(page);
    await player(page).locator('.h5p-true-false-answer', { hasText: 'Sai' }).click();
    await player(page)
      .getByRole('button', { name: /Kiểm tra/ })
      .click();

    await page
      .locator('[data-h5p-status]')
      .filter({ hasText: 'chưa đăng nhập nên kết quả luyện tập không được lưu' })
      .waitFor({ timeout: 15_000 });
    assert.match(await activity(page).innerText(), /Kết quả chỉ được lưu khi anh\/chị đã đăng nhập/);
    await context.close();
  });

  test('each broken real package is refused on the page with its reason, and nothing is installed', async () => {
    const { context, page } = await signedIn(ADMIN.username, ADMIN.password);
    for (const { file, message } of INVALID) {
      const id = `hong-${file.replace(/\.h5p$/, '').replaceAll('_', '-')}`;

      const status = await importThroughPage(page, invalidH5p(file), id, `Gói hỏng ${file}`);

      assert.equal(status, 422, file);
      assert.match(await page.title(), /^Lỗi: /);
      assert.match(await page.locator('.error-summary').innerText(), message);
      assert.equal(existsSync(join(storage, id)), false, `${file}: no folder`);
      assert.equal(
        await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, id)).get()),
        undefined,
        `${file}: no row`,
      );
    }
    await context.close();
  });

  test('the script in xss-svg.h5p never runs with the platform origin, opened directly or in the embed', async () => {
    const { context, page } = await signedIn(ADMIN.username, ADMIN.password);
    // A cookie any script of the platform's origin could read (the session cookie is HttpOnly).
    await context.addCookies([{ name: 'hls_bi_mat', value: 'khong-duoc-lo', url: site.baseUrl }]);
    const dialogs: string[] = [];
    const consoleLines: string[] = [];
    context.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (line) => consoleLines.push(line.text()));

    // Whether it imports or not, no script of it may run as the platform.
    const status = await importThroughPage(page, invalidH5p('xss-svg.h5p'), 'thu-xss-svg', 'Thử SVG có mã độc');
    assert.equal(status, 303, 'the validator accepts it: the SVG is only dangerous if served without the sandbox');
    const row = await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, 'thu-xss-svg')).get());
    const svgUrl = `${site.baseUrl}/h5p/thu-xss-svg/tep/${row!.sha256.slice(0, 16)}/content/images/xss.svg`;

    // 1. The SVG opened directly, as a document.
    const direct = await page.goto(svgUrl);
    assert.equal(direct?.status(), 200);
    assert.match(direct?.headers()['content-security-policy'] ?? '', /^sandbox;/);
    assert.equal(await page.evaluate(() => self.origin), 'null');
    assert.equal(
      await page.evaluate(() => {
        try {
          return document.cookie;
        } catch {
          return 'refused';
        }
      }),
      'refused',
    );

    // 2. The player page opened directly.
    await page.goto(`${site.baseUrl}/h5p/thu-xss-svg/`);
    await page.locator('#h5p-container[data-state="ready"]').waitFor({ timeout: 20_000 });
    assert.equal(await page.evaluate(() => self.origin), 'null');

    // 3. The activity in its embed, as a lesson shows it.
    await page.goto(`${site.baseUrl}/quan-tri/h5p/thu-xss-svg/`);
    await waitUntilPlaying(page);
    const frameBody = player(page).locator('body');
    assert.equal(await player(page).locator('img[src$="xss.svg"]').count(), 1, 'the SVG is shown, as an image');
    assert.equal(await frameBody.evaluate(() => self.origin), 'null');
    assert.equal(
      await frameBody.evaluate(() => {
        try {
          return document.cookie;
        } catch {
          return 'refused';
        }
      }),
      'refused',
    );
    const apiFromFrame = await frameBody.evaluate(async () => {
      try {
        const response = await fetch('/api/v1/me', { credentials: 'include' });
        return `read ${response.status}`;
      } catch {
        return 'blocked';
      }
    });
    assert.equal(apiFromFrame, 'blocked', "the frame cannot read the API with the learner's cookie");

    assert.deepEqual(dialogs, []);
    assert.deepEqual(
      consoleLines.filter((line) => /XSS|khong-duoc-lo/.test(line)),
      [],
    );
    await context.close();
  });

  test('the import page has no serious accessibility violations, also when showing errors', async () => {
    const { context, page } = await signedIn(ADMIN.username, ADMIN.password);

    await page.goto(`${site.baseUrl}/quan-tri/h5p/`);
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0, 'the page scrolls sideways at 360 px');
    await importThroughPage(page, invalidH5p('broken-h5p-json.h5p'), 'loi-a11y', 'Gói lỗi');
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });

  test('a lesson with an activity has no serious accessibility violations', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();

    await page.goto(`${site.baseUrl}${DEMO_LESSON.url}`);
    await waitUntilPlaying(page);

    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0, 'the page scrolls sideways at 360 px');
    await context.close();
  });

  test('the player page weighs what a phone can afford', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const sizes: Promise<number>[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/h5p/'))
        sizes.push(
          response.body().then(
            (body) => body.length,
            () => 0,
          ),
        );
    });

    await page.goto(`${site.baseUrl}${DEMO_LESSON.url}`);
    await waitUntilPlaying(page);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const total = (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
    console.log(
      `Trang phát H5P (${DEMO_LESSON.packageId}): ${sizes.length} yêu cầu, ${(total / 1024).toFixed(0)} KB chưa nén`,
    );
    assert.ok(total < 1.5 * 1024 * 1024, `the player loads ${total} bytes`);
    await context.close();
  });

  test("a commune administrator's new version of a lesson's activity waits; the lesson keeps playing the old one; a reviewer plays it and rejects it", async () => {
    const admin = await signedIn(COMMUNE_ADMIN.username, COMMUNE_ADMIN.password);
    const status = await importThroughPage(
      admin.page,
      validH5p('H5P.TrueFalse.h5p'),
      DEMO_LESSON.packageId,
      'Bản đề xuất của xã',
    );
    assert.equal(status, 303);
    assert.match(
      await admin.page.getByRole('status').filter({ hasText: 'chờ thẩm định' }).innerText(),
      /Đã gửi phiên bản 2 của “phan-loai-don” chờ thẩm định/,
    );
    assert.deepEqual(await seriousViolations(admin.page), [], 'the import page with its pending notice and list');
    assert.equal(await sidewaysOverflow(admin.page), 0);

    // The lesson still plays the Vietnamese multiple choice, not the proposed true/false.
    const learner = await signedIn(LEARNER.username, LEARNER.password);
    await learner.page.goto(`${site.baseUrl}${DEMO_LESSON.url}`);
    await waitUntilPlaying(learner.page);
    assert.equal(await player(learner.page).locator('.h5p-multichoice').count(), 1);
    assert.equal(await player(learner.page).locator('.h5p-true-false').count(), 0);
    await learner.context.close();

    const reviewer = await signedIn(REVIEWER.username, REVIEWER.password);
    await reviewer.page.goto(`${site.baseUrl}/quan-tri/h5p/`);
    // The pending list links straight to the package page previewing that version.
    await reviewer.page.locator('tr[data-h5p-pending="phan-loai-don/2"] a').click();
    await reviewer.page.getByRole('heading', { name: 'Xem thử phiên bản 2 (chờ thẩm định)' }).waitFor();
    await waitUntilPlaying(reviewer.page);
    assert.equal(
      await player(reviewer.page).locator('.h5p-true-false').isVisible(),
      true,
      'the pending version plays in the sandboxed player',
    );
    assert.equal(
      await player(reviewer.page)
        .locator('body')
        .evaluate(() => self.origin),
      'null',
    );
    assert.deepEqual(
      await seriousViolations(reviewer.page),
      [],
      'the package page with a pending version and the review forms',
    );
    assert.equal(await sidewaysOverflow(reviewer.page), 0);

    await settledInView(reviewer.page, 'Từ chối phiên bản 2');
    assert.equal(await submitButton(reviewer.page, 'Từ chối phiên bản 2'), 400, 'a rejection needs a reason');
    assert.match(await reviewer.page.locator('.error-summary').innerText(), /Hãy ghi lý do từ chối/);
    assert.deepEqual(await seriousViolations(reviewer.page), [], 'the package page showing the missing reason');
    await waitUntilPlaying(reviewer.page);
    await reviewer.page
      .getByLabel('Lý do từ chối phiên bản 2')
      .fill('Đây là câu đúng/sai khác, không phải bài phân loại đơn.');
    await settledInView(reviewer.page, 'Từ chối phiên bản 2');
    assert.equal(await submitButton(reviewer.page, 'Từ chối phiên bản 2'), 200);
    assert.match(await reviewer.page.locator('[data-h5p-rejected="2"]').innerText(), /Đã từ chối phiên bản 2\./);
    await reviewer.context.close();

    const rows = await query((db) =>
      db
        .select()
        .from(h5pPackageVersions)
        .where(eq(h5pPackageVersions.packageId, DEMO_LESSON.packageId))
        .orderBy(h5pPackageVersions.versionNumber),
    );
    assert.deepEqual(
      rows.map((row) => row.status),
      ['live', 'rejected'],
    );
    await admin.page.goto(`${site.baseUrl}/quan-tri/h5p/${DEMO_LESSON.packageId}/`);
    assert.match(
      await admin.page.locator('[data-h5p-versions]').innerText(),
      /Bị từ chối[\s\S]*Lý do: Đây là câu đúng\/sai khác/,
    );
    assert.match(
      await admin.page.locator('[data-h5p-delete-refused]').innerText(),
      /Chỉ người thẩm định nội dung mới được xóa gói đang dùng/,
    );
    assert.deepEqual(await seriousViolations(admin.page), [], 'the package page as a non-reviewer sees it');
    await admin.context.close();
  });

  test('a lesson whose activity is not installed shows a Vietnamese notice instead', async () => {
    await query((db) => db.delete(h5pPackages).where(eq(h5pPackages.id, SECOND_DEMO_LESSON.packageId)));
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();

    await page.goto(`${site.baseUrl}${SECOND_DEMO_LESSON.url}`);
    await activity(page).scrollIntoViewIfNeeded();
    await page.locator('[data-h5p-activity][data-h5p-state="missing"]').waitFor({ timeout: 15_000 });

    assert.match(await activity(page).innerText(), /chưa được cài đặt trên hệ thống nên chưa làm được/);
    assert.equal(await page.locator('iframe[data-h5p-frame]').count(), 0);
    await context.close();
  });
});

// Every valid real package is covered above.
assert.deepEqual([...VALID_H5P_FILES], VALID.map(({ file }) => file).sort());
