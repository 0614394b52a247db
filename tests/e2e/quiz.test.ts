/**
 * Taking a quiz in Debian's Chromium on a phone-sized screen: answers saved as the learner goes
 * and still there after a reload, and sent again on their own when a busy server did not take
 * them; the submit with its confirm step, the review; the time limit enforced by the server
 * whatever the device's clock says; the same form without JavaScript.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { quizAnswers } from '../../db/schema/index.ts';
import { DEMO_ACCOUNTS, DEMO_OFFICIAL_PASSWORD } from '../../db/seed.ts';
import { answerSlots } from '../../src/lib/assessment/public-attempt.ts';
import { PHONE } from '../support/browser.ts';
import { backdateAttempt, storedAttempt as storedAttemptAt, withDatabase } from '../support/attempts.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';

const site = useSite();
const learner = DEMO_ACCOUNTS.find((account) => account.username === 'hocvien')!;
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const PRACTICE_URL = `/khoa-hoc/${COURSE}/kiem-tra/on-tap/`;
const FINAL_URL = `/khoa-hoc/${COURSE}/kiem-tra/kiem-tra-cuoi-khoa/`;
const HOURS = 60 * 60 * 1000;

/** A phone browser signed in as `username`, optionally with the device clock set to `clockAt`. */
async function signedIn(
  username: string,
  password: string,
  options: { javaScriptEnabled?: boolean; clockAt?: Date } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({
    viewport: PHONE,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  if (options.clockAt) await page.clock.install({ time: options.clockAt });
  await signInThroughForm(page, site.baseUrl, username, password);
  await page.waitForURL('**/viec-hoc-cua-toi/');
  return { context, page };
}

async function checkPage(page: Page, what: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], what);
  assert.equal(await sidewaysOverflow(page), 0, `${what} scrolls sideways at 360 px`);
}

/** Starts (or continues) the quiz from its page and returns the attempt's id. */
async function startQuiz(page: Page, quizUrl: string): Promise<string> {
  await page.goto(`${site.baseUrl}${quizUrl}`);
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  await page.waitForURL('**/lan-lam/*/');
  return new URL(page.url()).pathname.split('/').at(-2)!;
}

/** The answerable questions of the attempt form (a case group's parts one by one). */
const answerable = (page: Page) => page.locator('fieldset[data-question]:not([data-type="case-group"])');

/** Answers one question with its first choice ("Đúng" for true/false; items in the order shown). */
async function answer(fieldset: Locator): Promise<void> {
  const type = await fieldset.getAttribute('data-type');
  if (type === 'ordering') {
    const selects = fieldset.locator('select');
    for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption(String(i + 1));
  } else {
    await fieldset.locator('input').first().check();
  }
}

/** What the form shows as answered: checked inputs and chosen positions. */
const formState = (page: Page) =>
  page.locator('form[data-attempt-form]').evaluate((form) => ({
    checked: [...form.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.id),
    positions: [...form.querySelectorAll<HTMLSelectElement>('select')].map((select) => `${select.id}=${select.value}`),
  }));

async function waitUntilSaved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => /^Đã lưu lúc \d\d:\d\d$/.test(document.querySelector('[data-save-status]')?.textContent ?? ''),
    undefined,
    { timeout: 15_000 },
  );
}

const withDb = <T>(work: Parameters<typeof withDatabase<T>>[1]) => withDatabase(site.databaseUrl, work);
const storedAttempt = (id: string) => storedAttemptAt(site.databaseUrl, id);
const backdate = (attemptId: string, minutesAgo: number) => backdateAttempt(site.databaseUrl, attemptId, minutesAgo);

describe('Bài kiểm tra', () => {
  test('sends a visitor who is not signed in to sign in, then back to the quiz', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();

    await page.goto(`${site.baseUrl}${PRACTICE_URL}`);

    assert.equal(
      new URL(page.url()).pathname + new URL(page.url()).search,
      `/dang-nhap/?next=${encodeURIComponent(PRACTICE_URL)}`,
    );
    await context.close();
  });

  test('takes the practice quiz: answers are saved as they change, survive a reload, and the review explains them', async () => {
    const { context, page } = await signedIn(learner.username, learner.password);
    await page.goto(`${site.baseUrl}/khoa-hoc/${COURSE}/`);
    await page.getByRole('link', { name: /^Ôn tập/ }).click();
    await page.waitForURL(`**${PRACTICE_URL}`);
    assert.ok(await page.getByText('Câu nhiều lựa chọn có k phương án đúng').isVisible());
    await checkPage(page, 'the quiz page');

    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    await page.waitForURL('**/lan-lam/*/');
    const questions = answerable(page);
    for (let i = 0; i < 3; i++) {
      await answer(questions.nth(i));
      await waitUntilSaved(page);
    }
    const answered = await formState(page);
    await checkPage(page, 'the attempt page');
    await page.reload();
    const afterReload = await formState(page);

    assert.equal(
      answered.checked.length + answered.positions.filter((position) => !position.endsWith('=')).length > 0,
      true,
    );
    assert.deepEqual(afterReload, answered);
    assert.match((await page.locator('[data-save-status]').textContent()) ?? '', /^Đã lưu lúc \d\d:\d\d$/);

    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL('**/nop-bai/');
    assert.ok(await page.getByRole('heading', { name: 'Anh/chị muốn nộp bài?' }).isVisible());
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL(/\/lan-lam\/[a-z0-9]+\/\?da-nop=1$/);

    assert.ok(await page.getByRole('heading', { level: 1, name: /^Kết quả: Ôn tập/ }).isVisible());
    assert.ok(await page.getByRole('heading', { name: 'Xem lại bài làm' }).isVisible());
    assert.ok((await page.getByText('Giải thích:').count()) > 0);
    assert.ok((await page.getByText('Căn cứ pháp lý:').count()) > 0);
    assert.ok(
      (await page.getByText('Câu trả lời của anh/chị:').count()) === (await page.locator('.review__item').count()),
    );
    await checkPage(page, 'the review');
    await context.close();
  });

  test('enforces the time limit by the server clock when the device clock is hours behind', async () => {
    const { context, page } = await signedIn('sl-ql-004', DEMO_OFFICIAL_PASSWORD, {
      clockAt: new Date(Date.now() - 3 * HOURS),
    });
    const attemptId = await startQuiz(page, FINAL_URL);
    const questions = answerable(page);
    await answer(questions.nth(0));
    await waitUntilSaved(page);
    const deviceNow = await page.evaluate(() => Date.now());
    assert.ok(Date.now() - deviceNow > 2 * HOURS, 'the device believes it is hours earlier');
    assert.match((await page.locator('[data-countdown]').textContent()) ?? '', /^Thời gian còn lại: (29|30):\d\d$/);

    const late = await backdate(attemptId, 5);
    // A choice question: one change sends it (an ordering waits for every position).
    const types = await questions.evaluateAll((fieldsets) =>
      fieldsets.map((fieldset) => fieldset.getAttribute('data-type')),
    );
    const lateIndex = types.findIndex((type, index) => index > 0 && type !== 'ordering');
    await answer(questions.nth(lateIndex));
    const refusal = page.locator('[data-save-error]');
    await refusal.waitFor({ state: 'visible' });

    assert.match(
      (await refusal.textContent()) ?? '',
      /^Đã hết thời gian làm bài: câu trả lời gửi sau hạn nộp không được lưu\./,
    );
    assert.match(
      (await page.locator('[data-countdown]').textContent()) ?? '',
      /^Thời gian còn lại: \d+:\d\d$/,
      'the device still believes time remains',
    );

    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL(/\?het-gio=1$/);
    const graded = await storedAttempt(attemptId);
    const slots = answerSlots(graded.questions, graded.drawn);
    const saved = await withDb((db) => db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, attemptId)));
    const results = new Map(
      graded
        .grade!.questions.flatMap((result) => [result, ...(result.parts ?? [])])
        .map((result) => [result.questionId, result]),
    );

    assert.ok(await page.getByText('Đã hết thời gian làm bài.').isVisible());
    assert.equal(graded.status, 'expired');
    assert.equal(graded.submittedAt!.getTime(), late.deadlineAt!.getTime());
    assert.deepEqual(
      saved.map((row) => row.questionId),
      [slots[0].question.id],
    );
    assert.equal(results.get(slots[lateIndex].question.id)?.answered, false);
    await checkPage(page, 'the graded final test');

    await page.goto(`${site.baseUrl}${FINAL_URL}`);
    assert.match(
      (await page.getByText(/^Anh\/chị cần chờ đến/).textContent()) ?? '',
      /^Anh\/chị cần chờ đến \d\d:\d\d \d\d\/\d\d\/\d{4} mới được làm lần tiếp theo\.$/,
    );
    assert.equal(await page.getByRole('button', { name: 'Bắt đầu làm bài' }).count(), 0);
    assert.ok(
      await page
        .getByRole('table', { name: /Các lần làm bài/ })
        .getByText('hết giờ')
        .isVisible(),
    );
    await checkPage(page, 'the quiz page with a past attempt');
    await context.close();
  });

  test('works without JavaScript: "Lưu bài" keeps the answers, "Nộp bài" confirms and grades', async () => {
    const { context, page } = await signedIn('sl-ql-005', DEMO_OFFICIAL_PASSWORD, { javaScriptEnabled: false });
    await startQuiz(page, PRACTICE_URL);
    const questions = answerable(page);
    await answer(questions.nth(0));
    await answer(questions.nth(1));
    const answered = await formState(page);

    await page.getByRole('button', { name: 'Lưu bài' }).click();
    await page.waitForURL(/\?da-luu=1$/);
    assert.match(
      (await page.getByRole('status').filter({ hasText: 'Đã lưu các câu trả lời' }).textContent()) ?? '',
      /lúc \d\d:\d\d/,
    );
    await page.reload();
    assert.deepEqual(await formState(page), answered);

    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL('**/nop-bai/');
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.waitForURL(/\?da-nop=1$/);

    assert.ok(await page.getByRole('heading', { name: 'Xem lại bài làm' }).isVisible());
    await context.close();
  });

  test('an answer a busy server or its proxy did not take is saved again on its own', async () => {
    const { context, page } = await signedIn('sl-ql-006', DEMO_OFFICIAL_PASSWORD);
    const attemptId = await startQuiz(page, PRACTICE_URL);
    // The first save meets a proxy whose instance has just stopped (Caddy's 502); later ones pass.
    let refused = 0;
    await page.route('**/api/v1/attempts/*/answers', (route) => {
      if (refused > 0) return route.continue();
      refused++;
      return route.fulfill({ status: 502, headers: { 'Retry-After': '1' }, body: '' });
    });
    await answer(answerable(page).first());
    await page.getByText('Máy chủ đang bận nên chưa lưu được. Sẽ tự lưu lại sau ít giây.').waitFor();
    await waitUntilSaved(page);

    assert.equal(refused, 1);
    assert.ok(await page.locator('[data-save-error]').isHidden(), 'the learner was asked to act');
    const saved = await withDb((db) => db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, attemptId)));
    assert.equal(saved.length, 1);
    await context.close();
  });
});
