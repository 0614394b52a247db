/**
 * Course statistics and given classes in Debian Chromium, at phone size: after a learner's quiz
 * attempt and case decision are in the database, the instructor who writes the course sees them
 * in the overview, the item analysis and the case-study page (each page axe-clean); a signed-out
 * visitor is sent to sign in and a learner gets 404; an administrator gives a class to the
 * instructor in the class form, who then sees its attendees by name, and nobody else does.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { lessonProgress, officials, progressEvents, quizAnswers, quizAttempts, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import type { Question } from '../../src/schemas/question-bank.ts';
import { gradeAttempt } from '../../src/lib/assessment/grade.ts';
import { openTestDatabase } from '../support/database.ts';

const site = useSite();
const passwordOf = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const STATS = `/giang-vien/thong-ke/${COURSE}/`;
const PROMPT = 'Thời hạn thụ lý đơn khiếu nại lần đầu là bao nhiêu ngày?';
const QUESTIONS: Question[] = [
  {
    id: 'thu-ly',
    type: 'single',
    prompt: PROMPT,
    points: 1,
    tags: [],
    difficulty: 'de',
    options: [
      { id: 'a', text: 'Ba ngày làm việc' },
      { id: 'b', text: 'Mười ngày làm việc' },
    ],
    correct: ['a'],
  },
];

let opened: Database | undefined;
const database = () => (opened ??= openTestDatabase(site.databaseUrl));
after(() => opened?.$client.close());

async function signedIn(username: string): Promise<Page> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, passwordOf(username));
  return page;
}

async function expectClean(page: Page): Promise<void> {
  assert.deepEqual(await seriousViolations(page), []);
  assert.equal(await sidewaysOverflow(page), 0);
}

/** hocvien's closed final-test attempt (choosing the wrong option b), a lesson opened and a case decision. */
async function learnerActivity(): Promise<void> {
  const db = database();
  const [learner] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'hocvien'));
  const now = Date.now();
  const grade = gradeAttempt(QUESTIONS, { 'thu-ly': 'b' }, 70);
  await db.insert(quizAttempts).values({
    id: 'phan-tich-e2e',
    userId: learner.id,
    courseId: COURSE,
    quizId: `${COURSE}/kiem-tra-cuoi-khoa`,
    attemptNumber: 1,
    quizVersion: 'e2e',
    final: true,
    passPercent: 70,
    drawn: [],
    questions: QUESTIONS,
    status: 'submitted',
    startedAt: new Date(now - 600_000),
    submittedAt: new Date(now - 60_000),
    earned: grade.earned,
    maxPoints: grade.max,
    percent: grade.percent,
    passed: grade.passed,
    grade,
  });
  await db
    .insert(quizAnswers)
    .values({ attemptId: 'phan-tich-e2e', questionId: 'thu-ly', answer: 'b', savedAt: new Date(now - 120_000) });
  await db.insert(lessonProgress).values({
    userId: learner.id,
    courseId: COURSE,
    lessonId: `${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa`,
    openedAt: new Date(now - 3_600_000),
    completedAt: new Date(now - 3_000_000),
  });
  await db.insert(progressEvents).values({
    userId: learner.id,
    eventId: '00000000-0000-4000-8000-0000000000e2',
    kind: 'case_decision',
    courseId: COURSE,
    caseStudyId: 'tcd-doan-dong-nguoi-phan-anh-o-nhiem',
    data: { decisionId: 'don-tiep', optionId: 'b' },
    occurredAt: new Date(now),
    receivedAt: new Date(now),
  });
}

describe('course statistics', () => {
  test('the instructor sees a learner\u2019s attempt in the overview, the item analysis and the case-study page, each axe-clean', async () => {
    await learnerActivity();
    const page = await signedIn('giangvien');
    await page.goto(`${site.baseUrl}/giang-vien/thong-ke/`);
    await expectClean(page);
    await page.locator(`a[href="${STATS}"]`).click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, STATS);
    assert.ok((await page.locator('main').innerText()).includes('Người học dừng lại ở bài nào'));
    await expectClean(page);

    await page.goto(`${site.baseUrl}${STATS}cau-hoi/`);
    const body = await page.locator('main').innerText();
    assert.ok(body.includes(PROMPT), 'the question appears');
    assert.match(body, /Mười ngày làm việc \(1 lượt\)/, 'the wrong option chosen by the learner is named');
    assert.match(body, /Cần ít nhất 10 bài làm/);
    await expectClean(page);

    await page.goto(`${site.baseUrl}${STATS}tinh-huong/`);
    const decision = page
      .locator('table', { has: page.locator('caption', { hasText: '1 người đã đến bước này' }) })
      .first();
    assert.match(await decision.innerText(), /100%/);
    await expectClean(page);
  });

  test('a signed-out visitor is sent to sign in and a learner gets 404', async () => {
    const anonymous = await fetch(`${site.baseUrl}${STATS}`, { redirect: 'manual' });
    assert.equal(anonymous.status, 302);
    assert.equal(anonymous.headers.get('location'), `/dang-nhap/?next=${encodeURIComponent(STATS)}`);
    const page = await signedIn('hocvien');
    const response = await page.goto(`${site.baseUrl}${STATS}cau-hoi/`);
    assert.equal(response?.status(), 404);
  });
});

describe('classes given to an instructor', () => {
  test('an administrator sets the instructor in the class form and only that instructor sees the attendees', async () => {
    const admin = await signedIn('quantri.quangloi');
    await admin.goto(`${site.baseUrl}/quan-tri/lop-hoc/moi/`);
    await admin.getByLabel('Loại hình bồi dưỡng').selectOption('tap-huan-nghiep-vu');
    await admin.getByLabel('Nội dung bồi dưỡng').fill('Tập huấn tiếp công dân có giảng viên');
    await admin.getByLabel('Ngày bắt đầu').fill('2026-10-05');
    await admin.getByLabel('Ngày kết thúc').fill('2026-10-06');
    await admin.getByLabel('Số giờ học').fill('16');
    await admin.getByLabel('Địa điểm').fill('Hội trường UBND xã Quảng Lợi');
    await admin.getByLabel('Cơ quan tổ chức lớp').fill('UBND xã Quảng Lợi');
    await admin
      .getByLabel('Giảng viên phụ trách (không bắt buộc)')
      .selectOption({ label: 'ThS. Hoàng Văn Thịnh (giangvien)' });
    await admin.getByRole('button', { name: 'Lưu lớp học' }).click();
    await admin.waitForLoadState();
    const classUrl = new URL(admin.url()).pathname;
    assert.match(classUrl, /^\/quan-tri\/lop-hoc\/[a-z0-9]+\/$/);
    assert.match(await admin.locator('main').innerText(), /Giảng viên phụ trách\s*ThS\. Hoàng Văn Thịnh/);
    await admin.getByLabel('Mã cán bộ').fill('SL-QL-007');
    await admin.getByRole('button', { name: 'Lưu học viên' }).click();
    await admin.waitForLoadState();
    await expectClean(admin);
    const classId = classUrl.split('/')[3];
    const [official] = await database()
      .select({ fullName: officials.fullName })
      .from(officials)
      .where(eq(officials.staffCode, 'SL-QL-007'));

    const instructor = await signedIn('giangvien');
    await instructor.goto(`${site.baseUrl}/giang-vien/lop-hoc/`);
    await expectClean(instructor);
    await instructor.getByRole('link', { name: 'Tập huấn tiếp công dân có giảng viên' }).click();
    await instructor.waitForLoadState();
    assert.ok((await instructor.locator('main').innerText()).includes(official.fullName));
    await expectClean(instructor);

    const other = await signedIn('thamdinh');
    const refused = await other.goto(`${site.baseUrl}/giang-vien/lop-hoc/${classId}/`);
    assert.equal(refused?.status(), 404);
  });
});
