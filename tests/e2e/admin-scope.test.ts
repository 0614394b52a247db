import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { demoCourses } from '../support/demo-content.ts';
import { DEMO_ACCOUNTS, DEMO_OFFICIAL_PASSWORD } from '../../db/seed.ts';
import { lessonIdFromPath } from '../../src/lib/content-paths.ts';
import {
  courseActivity,
  lessonProgress,
  officialChanges,
  officials,
  progressEvents,
  units,
  users,
} from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';

const site = useSite();
const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;

// Opened on first use: the site's database exists only once its own hooks have run.
let opened: Database | undefined;
const database = () => (opened ??= openTestDatabase(site.databaseUrl));
after(() => opened?.$client.close());

/** The demo unit with this administrative code. */
async function unitByCode(code: string) {
  const [unit] = await database().select().from(units).where(eq(units.code, code));
  return unit;
}

/** The demo official with this staff code. */
async function officialByCode(staffCode: string) {
  const [official] = await database().select().from(officials).where(eq(officials.staffCode, staffCode));
  return official;
}

async function phone(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ viewport: PHONE, ...options });
  return { context, page: await context.newPage() };
}

/** Signs in through the form, as a person does. */
async function signIn(page: Page, username: string, password: string): Promise<void> {
  await signInThroughForm(page, site.baseUrl, username, password);
}

/** A phone signed in as one of the demo administrators. */
async function administrator(username: string, options: { javaScriptEnabled?: boolean } = {}) {
  const session = await phone(options);
  await signIn(session.page, username, passwordOf(username));
  return session;
}

/** Fails when the page is not clean for axe (serious/critical) or scrolls sideways at 360 px. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], what);
  assert.equal(await sidewaysOverflow(page), 0, `${what} scrolls sideways at 360 px`);
}

describe('a commune administrator', () => {
  test('gets 404 for another commune’s unit page, the same as for a unit that does not exist', async () => {
    const { context, page } = await administrator('quantri.quangloi');
    const phuThinh = await unitByCode('SL-PT');

    const other = await page.goto(`${site.baseUrl}/quan-tri/don-vi/${phuThinh.id}/`);
    const otherText = await page.locator('main').innerText();
    const missing = await page.goto(`${site.baseUrl}/quan-tri/don-vi/khongcodonvinay/`);

    assert.equal(other?.status(), 404);
    assert.equal(missing?.status(), 404);
    assert.equal(otherText, await page.locator('main').innerText());
    assert.ok(!otherText.includes('Xã Phú Thịnh'));
    await context.close();
  });

  test('gets 404 for another commune’s official, with nothing of their record or progress', async () => {
    const { context, page } = await administrator('quantri.quangloi');
    const official = await officialByCode('SL-PT-004');

    const response = await page.goto(`${site.baseUrl}/quan-tri/can-bo/${official.id}/`);
    const html = await page.content();

    assert.equal(response?.status(), 404);
    assert.ok(await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).isVisible());
    assert.ok(!html.includes(official.fullName), 'the 404 names the official');
    assert.ok(!html.includes('Tiến độ học tập'), 'the 404 shows a progress section');
    assert.ok(!html.includes('SL-PT-004'));
    await context.close();
  });

  test('cannot change another commune’s official through the form endpoint either', async () => {
    const { context, page } = await administrator('quantri.quangloi');
    const official = await officialByCode('SL-PT-004');

    const answer = await page.request.post(`${site.baseUrl}/_actions/admin.setExpertiseFlag`, {
      headers: { Origin: site.baseUrl },
      form: { officialId: official.id, underqualified: 'co', since: '2026-01-15' },
    });

    assert.equal(answer.status(), 404);
    assert.equal((await officialByCode('SL-PT-004')).underqualified, official.underqualified);
    await context.close();
  });

  test('sees their own official’s learning progress per course as a task list', async () => {
    const learner = DEMO_ACCOUNTS.find((account) => account.username === 'hocvien')!;
    const [user] = await database().select().from(users).where(eq(users.username, learner.username));
    const course = demoCourses()[0];
    const lessonFile = readdirSync(join('content', 'courses', course.id, 'lessons')).sort()[0];
    const lessonId = lessonIdFromPath(`${course.id}/lessons/${lessonFile}`);
    const now = new Date();
    // What the progress API stores when a learner finishes a lesson: the event, the lesson row and the course's activity.
    await database().insert(progressEvents).values({
      userId: user.id,
      eventId: crypto.randomUUID(),
      kind: 'lesson_completed',
      courseId: course.id,
      lessonId,
      occurredAt: now,
      receivedAt: now,
    });
    await database()
      .insert(lessonProgress)
      .values({ userId: user.id, courseId: course.id, lessonId, openedAt: now, completedAt: now });
    await database().insert(courseActivity).values({ userId: user.id, courseId: course.id, lastEventAt: now });
    const { context, page } = await administrator('quantri.quangloi');

    await page.goto(`${site.baseUrl}/quan-tri/can-bo/${user.officialId}/`);

    const progress = page.getByRole('table', { name: /Các khóa học .* đã bắt đầu/ });
    assert.ok(await progress.getByRole('rowheader', { name: course.title }).isVisible());
    assert.match(await progress.innerText(), /Đang học/);
    await expectAccessible(page, 'official page');
    await context.close();
  });

  test('can move an official only to units of their own commune', async () => {
    const { context, page } = await administrator('quantri.quangloi');
    const official = await officialByCode('SL-QL-002');

    await page.goto(`${site.baseUrl}/quan-tri/can-bo/${official.id}/`);
    const options = await page.getByLabel('Chuyển sang đơn vị').locator('option').allInnerTexts();

    assert.ok(options.length >= 5);
    assert.ok(
      options.every((option) => option.startsWith('Xã Quảng Lợi')),
      options.join('\n'),
    );
    await context.close();
  });
});

describe('a province administrator', () => {
  test('sees every commune of their province and none of another province', async () => {
    const { context, page } = await administrator('quantri.songlam');

    await page.goto(`${site.baseUrl}/quan-tri/`);
    const links = await page.locator('main').getByRole('link').allInnerTexts();

    for (const name of ['Tỉnh Sông Lam', 'Xã Quảng Lợi', 'Xã Phú Thịnh', 'Phường Tân Hòa'])
      assert.ok(links.includes(name), `missing ${name}`);
    assert.ok(!(await page.content()).includes('Ea Tiêu'));
    assert.ok(!(await page.content()).includes('Cao Nguyên'));
    await expectAccessible(page, 'admin start page');
    await page.getByRole('link', { name: 'Xã Phú Thịnh', exact: true }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Xã Phú Thịnh');
    await expectAccessible(page, 'unit page');
    await context.close();
  });

  test('gets 404 for a commune and an official of another province', async () => {
    const { context, page } = await administrator('quantri.songlam');
    const eaTieu = await unitByCode('CN-EA');
    const official = await officialByCode('CN-EA-003');

    const unitPage = await page.goto(`${site.baseUrl}/quan-tri/don-vi/${eaTieu.id}/`);
    const officialPage = await page.goto(`${site.baseUrl}/quan-tri/can-bo/${official.id}/`);

    assert.equal(unitPage?.status(), 404);
    assert.equal(officialPage?.status(), 404);
    await context.close();
  });

  test('filters a commune’s officials by flag and by a name typed without tone marks, without JavaScript', async () => {
    const { context, page } = await administrator('quantri.songlam', { javaScriptEnabled: false });
    const quangLoi = await unitByCode('SL-QL');
    const someone = await officialByCode('SL-QL-011');
    const folded = someone.fullName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();

    await page.goto(`${site.baseUrl}/quan-tri/don-vi/${quangLoi.id}/`);
    const everyone = await page
      .getByRole('table', { name: /Cán bộ của/ })
      .locator('tbody tr')
      .count();
    await page.getByLabel('Yêu cầu chuyên môn của vị trí việc làm').selectOption('chua-dap-ung');
    await page.getByRole('button', { name: 'Lọc danh sách' }).click();
    await page.waitForLoadState();
    const flaggedRows = await page
      .getByRole('table', { name: /Cán bộ của/ })
      .locator('tbody tr')
      .allInnerTexts();

    assert.ok(flaggedRows.length > 0);
    assert.ok(
      flaggedRows.every((row) => /Có, từ \d{2}\/\d{2}\/\d{4}/.test(row)),
      flaggedRows.join('\n'),
    );
    assert.ok(everyone > flaggedRows.length, 'the filter kept unflagged officials');

    await page.goto(`${site.baseUrl}/quan-tri/don-vi/${quangLoi.id}/?q=${encodeURIComponent(folded)}`);
    const found = await page
      .getByRole('table', { name: /Cán bộ của/ })
      .locator('tbody tr')
      .allInnerTexts();

    assert.equal(found.length, 1);
    assert.match(found[0], new RegExp(someone.staffCode));
    await context.close();
  });
});

describe('editing an official', () => {
  test('setting the expertise flag records the date given and the administrator in the history', async () => {
    const { context, page } = await administrator('quantri.quangloi');
    const official = await officialByCode('SL-QL-008');

    await page.goto(`${site.baseUrl}/quan-tri/can-bo/${official.id}/`);
    await page.getByLabel('Chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm', { exact: true }).check();
    await page.getByLabel('Ngày xác định chưa đáp ứng').fill('2026-03-02');
    await page.getByRole('button', { name: 'Lưu đánh dấu' }).click();
    await page.waitForLoadState();

    assert.match(await page.getByRole('status').first().innerText(), /Đã lưu đánh dấu/);
    const history = page.getByRole('table', { name: /Các thay đổi/ });
    assert.match(await history.innerText(), /Có, từ ngày 02\/03\/2026[\s\S]*Quản trị xã Quảng Lợi/);
    const [change] = await database().select().from(officialChanges).where(eq(officialChanges.officialId, official.id));
    assert.deepEqual([change.field, change.oldValue, change.newValue], ['underqualified', null, '2026-03-02']);
    assert.equal((await officialByCode('SL-QL-008')).underqualifiedSince, '2026-03-02');
    await expectAccessible(page, 'official page with a success banner');
    await context.close();
  });

  test('an empty job title is refused with "Có lỗi cần sửa" and nothing is written', async () => {
    const { context, page } = await administrator('quantri.quangloi');
    const official = await officialByCode('SL-QL-009');

    await page.goto(`${site.baseUrl}/quan-tri/can-bo/${official.id}/`);
    await page.getByLabel('Chức danh', { exact: true }).fill('   ');
    await page.getByRole('button', { name: 'Lưu chức danh, nhóm và lĩnh vực' }).click();
    await page.waitForLoadState();

    assert.match(await page.title(), /^Lỗi: /);
    assert.match(await page.getByRole('alert').innerText(), /Có lỗi cần sửa[\s\S]*Hãy nhập chức danh\./);
    assert.equal((await officialByCode('SL-QL-009')).jobTitle, official.jobTitle);
    await expectAccessible(page, 'official page with errors');
    await context.close();
  });
});

describe('accounts', () => {
  test('a reset gives a temporary password once; the official must change it at sign-in', async () => {
    const official = await officialByCode('SL-QL-005');
    const before = await phone();
    await signIn(before.page, 'sl-ql-005', DEMO_OFFICIAL_PASSWORD);
    const admin = await administrator('quantri.quangloi');

    await admin.page.goto(`${site.baseUrl}/quan-tri/can-bo/${official.id}/`);
    await admin.page.getByRole('button', { name: 'Cấp mật khẩu tạm thời' }).click();
    await admin.page.waitForLoadState();
    const temporary = (await admin.page.locator('.temporary-password__value code').innerText()).trim();
    await admin.page.reload();

    assert.match(temporary, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    assert.equal(
      await admin.page.locator('.temporary-password__value').count(),
      0,
      'the password is shown a second time',
    );
    await before.page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);
    assert.equal(new URL(before.page.url()).pathname, '/dang-nhap/', 'the old session still works after the reset');

    const user = await phone();
    await signIn(user.page, 'sl-ql-005', temporary);
    assert.equal(new URL(user.page.url()).pathname, '/doi-mat-khau/');
    await user.page.getByLabel('Mật khẩu hiện tại').fill(temporary);
    await user.page.getByLabel('Mật khẩu mới', { exact: true }).fill('con-duong-lang-que-2026');
    await user.page.getByLabel('Nhập lại mật khẩu mới').fill('con-duong-lang-que-2026');
    await user.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await user.page.waitForLoadState();

    assert.equal(new URL(user.page.url()).pathname, '/viec-hoc-cua-toi/');
    const [row] = await database().select().from(users).where(eq(users.username, 'sl-ql-005'));
    assert.equal(row.mustChangePassword, false);
    for (const session of [before, admin, user]) await session.context.close();
  });

  test('locking an account ends its sessions and stops sign-in until it is unlocked', async () => {
    const official = await officialByCode('SL-QL-006');
    const learner = await phone();
    await signIn(learner.page, 'sl-ql-006', DEMO_OFFICIAL_PASSWORD);
    const admin = await administrator('quantri.quangloi');

    await admin.page.goto(`${site.baseUrl}/quan-tri/can-bo/${official.id}/`);
    await admin.page.getByRole('button', { name: 'Khóa tài khoản' }).click();
    await admin.page.waitForLoadState();
    await learner.page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);

    assert.equal(new URL(learner.page.url()).pathname, '/dang-nhap/');
    await signIn(learner.page, 'sl-ql-006', DEMO_OFFICIAL_PASSWORD);
    assert.equal(new URL(learner.page.url()).pathname, '/dang-nhap/');

    await admin.page.getByRole('button', { name: 'Mở khóa tài khoản' }).click();
    await admin.page.waitForLoadState();
    await signIn(learner.page, 'sl-ql-006', DEMO_OFFICIAL_PASSWORD);
    assert.equal(new URL(learner.page.url()).pathname, '/viec-hoc-cua-toi/');
    for (const session of [learner, admin]) await session.context.close();
  });
});

describe('who may open the administrator pages', () => {
  test('a signed-out visitor is sent to sign in and comes back', async () => {
    const { context, page } = await phone();
    const quangLoi = await unitByCode('SL-QL');

    await page.goto(`${site.baseUrl}/quan-tri/don-vi/${quangLoi.id}/?nhom=can-bo`);
    assert.equal(new URL(page.url()).pathname, '/dang-nhap/');
    await page.getByLabel('Mã cán bộ hoặc tên đăng nhập').fill('quantri.quangloi');
    await page.getByLabel('Mật khẩu').fill(passwordOf('quantri.quangloi'));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState();

    assert.equal(new URL(page.url()).pathname, `/quan-tri/don-vi/${quangLoi.id}/`);
    assert.equal(new URL(page.url()).searchParams.get('nhom'), 'can-bo');
    await context.close();
  });

  test('a learner without an administrator role gets 404', async () => {
    const { context, page } = await phone();
    await signIn(page, 'hocvien', passwordOf('hocvien'));

    const response = await page.goto(`${site.baseUrl}/quan-tri/`);

    assert.equal(response?.status(), 404);
    await context.close();
  });
});
