/**
 * Sending officials to training through the real pages: a commune administrator assigns a course
 * to one official, the learner finds it first on "Việc học của tôi" with its deadline, an overdue
 * assignment shows to both and can be cancelled; both administrator pages pass axe.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { assignments, officials, units, users } from '../../db/schema/index.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { formatIsoDate } from '../../src/lib/format.ts';
import { todayInVietnam } from '../../src/lib/vietnam-time.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { demoCourses } from '../support/demo-content.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';

const site = useSite();
const account = (username: string) => DEMO_ACCOUNTS.find((each) => each.username === username)!;
const admin = account('quantri.quangloi');
const hocvien = account('hocvien');
const learner = {
  username: hocvien.username,
  password: hocvien.password,
  staffCode: 'staffCode' in hocvien ? hocvien.staffCode : '',
};
const course = demoCourses().find((each) => each.id === 'van-hanh-chinh-quyen-dia-phuong-2-cap')!;
const overdueCourse = demoCourses().find((each) => each.id === 'ky-nang-so-dich-vu-cong')!;

/** A phone browser signed in as this demo account. */
async function signedIn(who: { username: string; password: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, who.username, who.password);
  return { context, page };
}

/** A date `days` from today in Vietnam, as YYYY-MM-DD. */
function daysFromToday(days: number): string {
  const date = new Date(`${todayInVietnam()}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function checkPage(page: Page): Promise<void> {
  assert.deepEqual(await seriousViolations(page), []);
  assert.equal(await sidewaysOverflow(page), 0, 'the page scrolls sideways at 360 px');
}

/** Writes an assignment straight into the site's database (for a deadline already past). */
async function insertAssignment(courseId: string, deadline: string): Promise<void> {
  const db = openTestDatabase(site.databaseUrl);
  try {
    const [official] = await db
      .select({ id: officials.id, unitId: officials.unitId })
      .from(officials)
      .where(eq(officials.staffCode, learner.staffCode));
    const [learnerUser] = await db.select({ id: users.id }).from(users).where(eq(users.username, learner.username));
    const [adminUser] = await db.select({ id: users.id }).from(users).where(eq(users.username, admin.username));
    await db.insert(assignments).values({
      id: `quahan${Date.now()}`,
      officialId: official.id,
      userId: learnerUser.id,
      courseId,
      unitId: official.unitId,
      deadline,
      reason: 'Bồi dưỡng kỹ năng số theo kế hoạch',
      assignedBy: adminUser.id,
      assignedAt: new Date(),
    });
  } finally {
    db.$client.close();
  }
}

describe('Giao khóa học', () => {
  test('the assignment page passes axe and shows how many officials the filter reaches', async () => {
    const { context, page } = await signedIn(admin);

    await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/`);

    assert.match(
      (await page.getByRole('status').filter({ hasText: 'cán bộ trong phạm vi quản lý' }).textContent()) ?? '',
      /^Có \d+ cán bộ trong phạm vi quản lý\.$/,
    );
    await checkPage(page);
    await page.getByLabel('Chỉ cán bộ chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm').check();
    await page.getByRole('button', { name: 'Lọc danh sách cán bộ' }).click();
    assert.match(
      (await page.getByRole('status').filter({ hasText: 'phù hợp bộ lọc' }).textContent()) ?? '',
      /^Có \d+ cán bộ phù hợp bộ lọc\.$/,
    );
    await context.close();
  });

  test('an incomplete form comes back with the error summary and a 400, nothing assigned', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/`);

    const [response] = await Promise.all([
      page.waitForResponse(
        (each) => each.request().method() === 'POST' && new URL(each.url()).pathname === '/quan-tri/giao-khoa-hoc/',
      ),
      page.getByRole('button', { name: 'Giao khóa học' }).click(),
    ]);
    await page.waitForLoadState();

    assert.equal(response.status(), 400);
    assert.match(await page.title(), /^Lỗi: /);
    const summary = page.locator('.error-summary');
    assert.ok(await summary.getByRole('link', { name: 'Hãy chọn khóa học.' }).isVisible());
    assert.ok(await summary.getByRole('link', { name: 'Hãy nhập hạn hoàn thành.' }).isVisible());
    assert.ok(await summary.getByRole('link', { name: 'Hãy nhập lý do cử đi bồi dưỡng.' }).isVisible());
    assert.ok(await summary.getByRole('link', { name: 'Hãy chọn giao cho những cán bộ nào.' }).isVisible());
    const db = openTestDatabase(site.databaseUrl);
    assert.equal((await db.select({ id: assignments.id }).from(assignments)).length, 0);
    db.$client.close();
    await checkPage(page);
    await context.close();
  });

  test('a deadline in the past is refused next to the field, keeping what was entered', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/`);

    await page.getByLabel('Khóa học', { exact: true }).selectOption(course.id);
    await page.getByLabel('Hạn hoàn thành').fill(formatIsoDate(daysFromToday(-1)));
    await page.getByLabel('Lý do cử đi bồi dưỡng').fill('Theo kế hoạch');
    await page.getByRole('button', { name: 'Giao khóa học' }).click();

    assert.equal(await page.locator('#han-hoan-thanh-loi').textContent(), 'Lỗi: Hạn hoàn thành phải sau ngày hôm nay.');
    assert.equal(
      await page.getByLabel('Khóa học', { exact: true }).inputValue(),
      course.id,
      'the chosen course is kept',
    );
    assert.equal(await page.getByLabel('Lý do cử đi bồi dưỡng').inputValue(), 'Theo kế hoạch', 'the reason is kept');
    await context.close();
  });

  test('ticked officials with “all of them” chosen are refused rather than assigning the whole filter', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/`);

    await page.getByLabel('Khóa học', { exact: true }).selectOption(course.id);
    await page.getByLabel('Hạn hoàn thành').fill(formatIsoDate(daysFromToday(10)));
    await page.getByLabel('Lý do cử đi bồi dưỡng').fill('Theo kế hoạch');
    await page.getByLabel(/^Tất cả \d+ cán bộ/).check();
    await page.getByLabel(`(${learner.staffCode})`).check();
    await page.getByRole('button', { name: 'Giao khóa học' }).click();

    assert.match(
      (await page.locator('#giao-cho-loi').textContent()) ?? '',
      /đã đánh dấu cán bộ trong danh sách nhưng lại chọn giao cho tất cả/,
    );
    assert.ok(await page.getByLabel(`(${learner.staffCode})`).isChecked(), 'the ticks are kept');
    const db = openTestDatabase(site.databaseUrl);
    assert.equal((await db.select({ id: assignments.id }).from(assignments)).length, 0);
    db.$client.close();
    await context.close();
  });

  test('a unit outside the administrator’s commune answers 404 as a filter', async () => {
    const db = openTestDatabase(site.databaseUrl);
    const [elsewhere] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'SL-PT'));
    db.$client.close();
    const { context, page } = await signedIn(admin);

    const response = await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/?don-vi=${elsewhere.id}`);

    assert.equal(response?.status(), 404);
    await context.close();
  });

  test('the commune administrator assigns a course to one official, and the learner sees it first with its deadline', async () => {
    const deadline = daysFromToday(30);
    const { context, page } = await signedIn(admin);
    await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/`);

    await page.getByLabel('Khóa học', { exact: true }).selectOption(course.id);
    await page.getByLabel('Hạn hoàn thành').fill(formatIsoDate(deadline));
    await page.getByLabel('Lý do cử đi bồi dưỡng').fill('Công chức chuyên môn học kiến thức chung về quản lý nhà nước');
    await page.getByLabel('Chỉ những cán bộ được đánh dấu trong danh sách dưới đây').check();
    await page.getByLabel(`(${learner.staffCode})`).check();
    await page.getByRole('button', { name: 'Giao khóa học' }).click();

    assert.equal(new URL(page.url()).pathname, '/quan-tri/giao-khoa-hoc/');
    assert.ok(await page.getByText(`Đã giao khóa học “${course.title}” cho 1 cán bộ.`).isVisible());
    const summaryRow = page.locator('table.summary tbody tr').filter({ hasText: course.title });
    assert.deepEqual(await summaryRow.locator('td').allTextContents(), ['1', '0', '0']);
    await context.close();

    const own = await signedIn(learner);
    await own.page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);
    const headings = await own.page.locator('main h2').allTextContents();
    assert.equal(headings[0], 'Khóa học được giao');
    const card = own.page
      .locator('.my-assignment')
      .filter({ has: own.page.getByRole('heading', { name: course.title }) });
    assert.match(
      (await card.textContent()) ?? '',
      new RegExp(`Hạn hoàn thành: ${formatIsoDate(deadline).replaceAll('/', '\\/')}`),
    );
    assert.match((await card.textContent()) ?? '', /Lý do: Công chức chuyên môn học kiến thức chung/);
    assert.match((await card.textContent()) ?? '', /Chưa bắt đầu/);
    assert.equal(await card.getByText(/Quá hạn/).count(), 0);
    await checkPage(own.page);
    await own.context.close();
  });

  test('assigning the same course again skips the official and says so', async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/`);

    await page.getByLabel('Khóa học', { exact: true }).selectOption(course.id);
    await page.getByLabel('Hạn hoàn thành').fill(formatIsoDate(daysFromToday(60)));
    await page.getByLabel('Lý do cử đi bồi dưỡng').fill('Giao lại');
    await page.getByLabel('Chỉ những cán bộ được đánh dấu trong danh sách dưới đây').check();
    await page.getByLabel(`(${learner.staffCode})`).check();
    await page.getByRole('button', { name: 'Giao khóa học' }).click();

    assert.ok(await page.getByText(`Đã giao khóa học “${course.title}” cho 0 cán bộ.`).isVisible());
    assert.ok(
      await page
        .getByText(`1 cán bộ đã được giao khóa học này từ trước nên được bỏ qua: ${learner.staffCode}.`)
        .isVisible(),
    );
    await context.close();
  });

  test('an overdue assignment is tagged for the learner and listed, then cancelled, on the overdue page', async () => {
    await insertAssignment(overdueCourse.id, daysFromToday(-3));

    const own = await signedIn(learner);
    await own.page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);
    const card = own.page
      .locator('.my-assignment')
      .filter({ has: own.page.getByRole('heading', { name: overdueCourse.title }) });
    assert.equal(await card.locator('.overdue-tag').textContent(), 'Quá hạn 3 ngày');
    await own.context.close();

    const { context, page } = await signedIn(admin);
    await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/qua-han/`);
    const row = page.getByRole('row').filter({ hasText: learner.staffCode });
    assert.match((await row.textContent()) ?? '', new RegExp(overdueCourse.title.slice(0, 20)));
    assert.equal((await row.locator('td.number').textContent())?.trim(), '3');
    await checkPage(page);

    await row.getByRole('button', { name: /^Hủy giao/ }).click();

    assert.ok(await page.getByText('Đã hủy việc giao khóa học.', { exact: false }).isVisible());
    assert.ok(await page.getByText('Không có khóa học được giao nào quá hạn.').isVisible());
    await context.close();
  });
});
