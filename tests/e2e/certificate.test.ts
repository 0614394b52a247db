/**
 * A learner completes the demo course with a final test and gets a certificate: lessons and video
 * through the progress API, the final test through the quiz API, then the PDF (its text read back
 * with pdf.js, its page rendered by pdf.js inside Chromium and its QR code decoded there with jsQR),
 * the verification page the QR code leads to, and its revocation by an administrator.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { certificates, officials, quizAttempts } from '../../db/schema/index.ts';
import { answerSlots } from '../../src/lib/assessment/public-attempt.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { PHONE } from '../support/browser.ts';
import { TCD, TCD_FINAL, demoCompletionCourse, gradedFinalAttempt, userIdOf } from '../support/completion-fixtures.ts';
import { rightAnswer, withDatabase } from '../support/attempts.ts';
import { useSite } from '../support/site.ts';
import { qrCodeOnRenderedPdf } from '../support/pdf-qr.ts';
import { signInThroughForm } from '../support/sign-in.ts';

const site = useSite();
const learner = DEMO_ACCOUNTS.find((account) => account.username === 'hocvien')!;
const communeAdmin = DEMO_ACCOUNTS.find((account) => account.username === 'quantri.quangloi')!;
const course = demoCompletionCourse(TCD);
const REASON = 'Bài kiểm tra cuối khóa do người khác làm thay.';

/** What the tests hand on to each other. */
const story: {
  page?: Page;
  context?: BrowserContext;
  fullName?: string;
  pdf?: Uint8Array;
  verificationUrl?: string;
  finalTestThrough?: string;
} = {};

const withDb = <T>(work: Parameters<typeof withDatabase<T>>[1]) => withDatabase(site.databaseUrl, work);

/** A phone browser signed in as `username`. */
async function signedIn(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, password);
  return { context, page };
}

describe('certificate of a demo course, from the last lesson to its revocation', () => {
  before(async () => {
    story.fullName = await withDb(
      async (db) => (await db.select().from(officials).where(eq(officials.staffCode, learner.staffCode)))[0].fullName,
    );
    ({ context: story.context, page: story.page } = await signedIn(learner.username, learner.password));
  });

  test('the learner’s name carries Vietnamese diacritics (what the PDF check relies on)', () => {
    assert.match(story.fullName!, /[^\x00-\x7f]/);
  });

  test('shows "Làm bài kiểm tra cuối khóa" as the next step once every lesson and video is done', async () => {
    const page = story.page!;
    const now = new Date().toISOString();
    const events = [
      ...course.lessonIds.map((lessonId) => ({
        id: randomUUID(),
        kind: 'lesson_completed',
        courseId: TCD,
        lessonId,
        occurredAt: now,
      })),
      ...course.requirements.requiredVideoIds.map((videoId) => ({
        id: randomUUID(),
        kind: 'video_watched',
        courseId: TCD,
        lessonId: course.lessonIds[0],
        videoId,
        occurredAt: now,
        data: { intervals: [[0, 600]], position: 600, duration: 600 },
      })),
    ];

    const saved = await page.request.post(`${site.baseUrl}/api/v1/progress/events`, {
      data: { events },
      headers: { Origin: site.baseUrl },
    });
    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);

    assert.equal(saved.status(), 200);
    const card = page.locator('.my-course').filter({ has: page.getByRole('heading', { name: course.title }) });
    assert.match(
      (await card.locator('p').first().textContent()) ?? '',
      /Đang học\s*Đã xong \d+%.*bài kiểm tra cuối khóa chưa đạt/,
    );
    const next = card.getByRole('link', { name: /Làm bài kiểm tra cuối khóa/ });
    assert.equal(await next.getAttribute('href'), course.requirements.finalTest!.url);
    assert.equal(await page.getByRole('heading', { name: 'Giấy chứng nhận của tôi' }).count(), 1);
  });

  test('issues the certificate once the final test is passed', async () => {
    const page = story.page!;
    const started = await page.request.post(`${site.baseUrl}/api/v1/quizzes/${TCD}/kiem-tra-cuoi-khoa/attempts`, {
      headers: { Origin: site.baseUrl },
    });
    if (started.status() === 201 || started.status() === 200) {
      // The quiz API: start, answer every question right from the stored draw, submit.
      const { id } = (await started.json()) as { id: string };
      const [attempt] = await withDb((db) => db.select().from(quizAttempts).where(eq(quizAttempts.id, id)));
      const answers = Object.fromEntries(
        answerSlots(attempt.questions, attempt.drawn).map((slot) => [slot.publicId, rightAnswer(slot)]),
      );
      const saved = await page.request.put(`${site.baseUrl}/api/v1/attempts/${id}/answers`, {
        data: { answers },
        headers: { Origin: site.baseUrl },
      });
      const submitted = await page.request.post(`${site.baseUrl}/api/v1/attempts/${id}/submit`, {
        headers: { Origin: site.baseUrl },
      });
      assert.equal(saved.status(), 200, await saved.text());
      assert.equal(submitted.status(), 200, await submitted.text());
      assert.equal(((await submitted.json()) as { result?: { passed: boolean } }).result?.passed, true);
      // The quiz service records the completion after grading, before it answers.
      const issuedBySubmit = await withDb(async (db) =>
        db
          .select()
          .from(certificates)
          .where(eq(certificates.userId, await userIdOf(db, learner.staffCode))),
      );
      assert.equal(issuedBySubmit.length, 1, 'no certificate once the submit was answered');
      story.finalTestThrough = 'quiz API';
    } else {
      // Without the quiz API, a graded passing attempt is written as the quiz service would;
      // "Việc học của tôi" then records the completion the rule now holds for.
      assert.equal(started.status(), 404, `unexpected answer from the quiz API: ${started.status()}`);
      await withDb(async (db) =>
        gradedFinalAttempt(db, await userIdOf(db, learner.staffCode), TCD_FINAL, { percent: 91.7, passed: true }),
      );
      story.finalTestThrough = 'attempt row written by the test (no quiz API)';
    }
    console.log(`certificate e2e: bài kiểm tra cuối khóa qua ${story.finalTestThrough}`);

    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);

    const issued = await withDb(async (db) =>
      db
        .select()
        .from(certificates)
        .where(eq(certificates.userId, await userIdOf(db, learner.staffCode))),
    );
    assert.equal(issued.length, 1);
    const card = page.locator('.my-course').filter({ has: page.getByRole('heading', { name: course.title }) });
    assert.match((await card.locator('p').first().textContent()) ?? '', /Đã hoàn thành\s*Đã xong 100%/);
  });

  test('lists the certificate on "Việc học của tôi" as valid, with links to verify and download it', async () => {
    const page = story.page!;
    const item = page.locator('.my-certificate').filter({ hasText: course.title });

    assert.match((await item.textContent()) ?? '', /Còn hiệu lực/);
    assert.equal(await item.getByRole('link', { name: 'Xem trang xác minh' }).count(), 1);
    assert.equal(await item.getByRole('link', { name: 'Tải giấy chứng nhận (PDF)' }).count(), 1);
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);
  });

  test('gives a PDF whose text has the learner’s full name with its diacritics', async () => {
    const page = story.page!;
    const href = await page
      .locator('.my-certificate')
      .getByRole('link', { name: 'Tải giấy chứng nhận (PDF)' })
      .getAttribute('href');

    const response = await page.request.get(`${site.baseUrl}${href}`);
    const pdf = new Uint8Array(await response.body());
    const document = await pdfjs.getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
    const text = (await (await document.getPage(1)).getTextContent()).items
      .map((item) => ('str' in item ? item.str : ''))
      .join(' ');

    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    assert.ok(text.normalize('NFC').includes(story.fullName!.normalize('NFC')), `“${story.fullName}” not in: ${text}`);
    console.log(
      `certificate e2e: PDF ${pdf.length.toLocaleString('vi-VN')} byte, tạo trong ${response.headers()['server-timing']?.match(/dur=([\d.]+)/)?.[1]} ms`,
    );
    story.pdf = pdf;
  });

  test('leads, through the QR code of the PDF rendered by pdf.js in Chromium, to a verification page saying "Còn hiệu lực"', async () => {
    const { decoded, inkPixels } = await qrCodeOnRenderedPdf(story.context!, story.pdf!);

    assert.ok(inkPixels > 10_000, 'the rendered page is nearly blank');
    assert.ok(decoded, 'no QR code found on the rendered page');
    assert.match(decoded, new RegExp(`^${site.baseUrl}/xac-minh/[A-Z2-7]{4}(-[A-Z2-7]{4}){7}/$`));
    const visitor = await site.browser.newContext({ viewport: PHONE });
    const page = await visitor.newPage();
    const response = await page.goto(decoded);

    assert.equal(response?.status(), 200);
    assert.equal(
      await page.locator('[data-certificate-status]').getAttribute('data-certificate-status'),
      'con-hieu-luc',
    );
    assert.match((await page.locator('main').textContent()) ?? '', /Còn hiệu lực/);
    assert.ok(((await page.locator('main').textContent()) ?? '').includes(story.fullName!));
    story.verificationUrl = decoded;
    await visitor.close();
  });

  test('has a verification page without serious accessibility violations, at 360 px', async () => {
    const visitor = await site.browser.newContext({ viewport: PHONE });
    const page = await visitor.newPage();
    await page.goto(story.verificationUrl!);

    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);
    await page.goto(`${site.baseUrl}/xac-minh/`);
    assert.deepEqual(await seriousViolations(page), []);
    await visitor.close();
  });

  test('has a certificates admin page without serious accessibility violations, at 360 px', async () => {
    const { context, page } = await signedIn(communeAdmin.username, communeAdmin.password);
    await page.goto(`${site.baseUrl}/quan-tri/chung-chi/`);

    assert.ok(((await page.locator('main').textContent()) ?? '').includes(story.fullName!));
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await sidewaysOverflow(page), 0);
    await context.close();
  });

  test('is revoked by an administrator of the unit with a reason, and the same URL then says "Đã thu hồi" and why', async () => {
    const { context, page } = await signedIn(communeAdmin.username, communeAdmin.password);
    await page.goto(`${site.baseUrl}/quan-tri/chung-chi/`);
    await page.getByRole('link', { name: story.fullName! }).click();

    await page.getByRole('button', { name: 'Thu hồi giấy chứng nhận' }).click();
    assert.ok((await page.title()).startsWith('Lỗi: '), 'an empty reason is refused');
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /Hãy nhập lý do thu hồi/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Lý do thu hồi').fill(REASON);
    await page.getByRole('button', { name: 'Thu hồi giấy chứng nhận' }).click();
    await page.getByText('Đã thu hồi giấy chứng nhận.').waitFor();
    await context.close();

    const visitor = await site.browser.newContext({ viewport: PHONE });
    const verification = await visitor.newPage();
    await verification.goto(story.verificationUrl!);
    const text = (await verification.locator('main').textContent()) ?? '';

    assert.equal(
      await verification.locator('[data-certificate-status]').getAttribute('data-certificate-status'),
      'da-thu-hoi',
    );
    assert.match(text, /Đã thu hồi/);
    assert.ok(text.includes(REASON), text);
    assert.deepEqual(await seriousViolations(verification), []);
    await visitor.close();
    await story.context!.close();
  });
});
