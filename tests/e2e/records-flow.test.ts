/**
 * Issue 5 end to end, "shown by": a commune administrator reads a Decision 700 indicator, assigns
 * a course through the real form, the learner finds it first on "Việc học của tôi", finishes it
 * (lessons and video through the progress API, the final test through the quiz API) and gets the
 * certificate; the course is a sample, so the administrator then sees the indicator's numerator unchanged; the province
 * administrator drills down to the commune and to the officials behind that numerator; the records
 * screen's XLSX export, filtered to the commune, carries the learner and the course and nothing of
 * another commune; the dashboard pages pass axe. The tests share state and run in order.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { officials, quizAttempts } from '../../db/schema/index.ts';
import { answerSlots } from '../../src/lib/assessment/public-attempt.ts';
import { FIELD_KINDS, GENERAL_KIND, type IndicatorKey } from '../../src/lib/indicators/compute.ts';
import { INDICATOR_DEFINITIONS } from '../../src/lib/indicators/definitions.ts';
import { formatIsoDate } from '../../src/lib/format.ts';
import { todayInVietnam } from '../../src/lib/vietnam-time.ts';
import { seriousViolations } from '../support/accessibility.ts';
import { addClass, addCompletion } from '../support/api-token-fixtures.ts';
import { rightAnswer, withDatabase } from '../support/attempts.ts';
import { PHONE } from '../support/browser.ts';
import { TCD, demoCompletionCourse } from '../support/completion-fixtures.ts';
import { demoCourses } from '../support/demo-content.ts';
import { useSite } from '../support/site.ts';
import { signInThroughForm } from '../support/sign-in.ts';

const site = useSite();
const account = (username: string) => DEMO_ACCOUNTS.find((each) => each.username === username)!;
const communeAdmin = account('quantri.quangloi');
const provinceAdmin = account('quantri.songlam');
const hocvien = account('hocvien');
const learner = {
  username: hocvien.username,
  password: hocvien.password,
  staffCode: 'staffCode' in hocvien ? hocvien.staffCode : '',
};
const COMMUNE = { code: 'SL-QL', name: 'Xã Quảng Lợi' };
const CLASS_HERE = 'Lớp tập huấn tiếp công dân tại xã Quảng Lợi';
/** An official of another commune of the same province, whose record must stay out of the commune's export. */
const ELSEWHERE_STAFF_CODE = 'SL-PT-003';
const REASON = 'Bồi dưỡng kỹ năng tiếp công dân theo kế hoạch năm của xã';

/** The demo course with a final test, and the indicator its training kind moves. */
const course = demoCompletionCourse(TCD);
const courseKind = demoCourses().find((each) => each.id === TCD)!.kind;
const indicator: IndicatorKey = FIELD_KINDS.has(courseKind)
  ? 'field-skills'
  : courseKind === GENERAL_KIND
    ? 'general-management'
    : 'underqualified-sent';
/** The indicator's row label in the dashboard's figures table (shortTitles of the page). */
const ROW_LABELS: Record<IndicatorKey, string> = {
  'underqualified-sent': 'Chưa đáp ứng chuyên môn đã được cử đi bồi dưỡng',
  'general-management': 'Công chức chuyên môn học QLNN',
  'field-skills': 'Tập huấn nghiệp vụ, kỹ năng',
  'leaders-programme': 'Lãnh đạo, quản lý học chương trình lãnh đạo',
};
const year = todayInVietnam().slice(0, 4);

interface Figures {
  numerator: number;
  denominator: number;
  courseCompletions: number;
}

/** What the tests hand on to each other, in order. */
const story: {
  fullName?: string;
  deadline?: string;
  before?: Figures;
  after?: Figures;
  learner?: { context: BrowserContext; page: Page };
  province?: Page;
} = {};

/** A phone browser signed in as this demo account. */
async function signedIn(who: { username: string; password: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ viewport: PHONE, acceptDownloads: true });
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

/** A whole number as formatted on the pages (Vietnamese: "1.234"). */
function parseCount(text: string | null): number {
  const cleaned = (text ?? '').trim().replaceAll('.', '');
  assert.match(cleaned, /^\d+$/, `not a count: “${text}”`);
  return Number(cleaned);
}

/** The indicator's numerator and denominator and the course's completions, read from the dashboard shown. */
async function readFigures(page: Page): Promise<Figures> {
  const figures = page.getByRole('table', { name: /so với chỉ tiêu.*\(số liệu\)/ });
  const row = figures
    .locator('tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: ROW_LABELS[indicator], exact: true }) });
  assert.equal(await row.count(), 1, `no row “${ROW_LABELS[indicator]}” in the figures table`);
  const cells = await row.locator('td').allTextContents();
  const byCourse = page
    .getByRole('table', { name: /^Hoàn thành, tỷ lệ đạt bài kiểm tra cuối khóa/ })
    .locator('tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: course.title, exact: true }) });
  const courseCompletions =
    (await byCourse.count()) === 0 ? 0 : parseCount(await byCourse.locator('td').first().textContent());
  return { numerator: parseCount(cells[0]), denominator: parseCount(cells[1]), courseCompletions };
}

/** Opens the commune's dashboard for the current year. */
async function openCommuneDashboard(page: Page): Promise<void> {
  const response = await page.goto(`${site.baseUrl}/quan-tri/chi-tieu/?don-vi=${COMMUNE.code}&ky=${year}`);
  assert.equal(response?.status(), 200);
  assert.match(
    (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
    new RegExp(`Chỉ tiêu Đề án 700: ${COMMUNE.name}`),
  );
}

describe('Issue 5 shown end to end: from an assignment to the province’s numbers and the export', () => {
  before(async () => {
    await withDatabase(site.databaseUrl, async (db) => {
      story.fullName = (
        await db.select().from(officials).where(eq(officials.staffCode, learner.staffCode))
      )[0].fullName;
      // A record in another commune of the province, which the commune's export must leave out.
      await addCompletion(db, ELSEWHERE_STAFF_CODE, TCD, new Date(), { scorePercent: 85, certificate: 'valid' });
    });
  });

  test('the course moves the chosen indicator, and the learner’s name carries diacritics', () => {
    assert.ok(course.requirements.finalTest, 'the course has a final test');
    assert.equal(indicator, 'field-skills', `kind ${courseKind}`);
    assert.match(story.fullName!, /[^\x00-\x7f]/);
  });

  test('the commune administrator reads the indicator’s numerator and denominator for this year from the dashboard', async () => {
    const { context, page } = await signedIn(communeAdmin);

    await openCommuneDashboard(page);
    story.before = await readFigures(page);

    assert.ok(story.before.denominator > 0, 'nobody in the denominator');
    assert.ok(story.before.numerator < story.before.denominator, 'the numerator cannot go up');
    await context.close();
  });

  test('the commune administrator assigns the course to the learner through the form, with a deadline and a reason', async () => {
    story.deadline = daysFromToday(21);
    const { context, page } = await signedIn(communeAdmin);
    await page.goto(`${site.baseUrl}/quan-tri/giao-khoa-hoc/`);

    await page.getByLabel('Khóa học', { exact: true }).selectOption(TCD);
    await page.getByLabel('Hạn hoàn thành').fill(formatIsoDate(story.deadline));
    await page.getByLabel('Lý do cử đi bồi dưỡng').fill(REASON);
    await page.getByLabel('Chỉ những cán bộ được đánh dấu trong danh sách dưới đây').check();
    await page.getByLabel(`(${learner.staffCode})`).check();
    await page.getByRole('button', { name: 'Giao khóa học' }).click();

    assert.equal(new URL(page.url()).pathname, '/quan-tri/giao-khoa-hoc/');
    assert.ok(await page.getByText(`Đã giao khóa học “${course.title}” cho 1 cán bộ.`).isVisible());
    await context.close();
  });

  test('the learner sees the assigned course first on "Việc học của tôi", with its deadline and reason', async () => {
    story.learner = await signedIn(learner);
    const { page } = story.learner;

    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);

    assert.equal((await page.locator('main h2').allTextContents())[0], 'Khóa học được giao');
    const first = page.locator('.my-assignment').first();
    assert.equal(
      await first.getByRole('heading', { name: course.title }).count(),
      1,
      'the assigned course is not the first card',
    );
    const text = (await first.textContent()) ?? '';
    assert.ok(text.includes(`Hạn hoàn thành: ${formatIsoDate(story.deadline!)}`), text);
    assert.ok(text.includes(`Lý do: ${REASON}`), text);
  });

  test('the learner finishes the lessons and video, passes the final test through the quiz API and sees the certificate', async () => {
    const { page } = story.learner!;
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
    const progress = await page.request.post(`${site.baseUrl}/api/v1/progress/events`, {
      data: { events },
      headers: { Origin: site.baseUrl },
    });
    assert.equal(progress.status(), 200, await progress.text());

    const started = await page.request.post(
      `${site.baseUrl}/api/v1/quizzes/${course.requirements.finalTest!.quizId}/attempts`,
      { headers: { Origin: site.baseUrl } },
    );
    assert.ok([200, 201].includes(started.status()), await started.text());
    const { id } = (await started.json()) as { id: string };
    // The right answers, read from the attempt as stored (only a test may look there).
    const [attempt] = await withDatabase(site.databaseUrl, (db) =>
      db.select().from(quizAttempts).where(eq(quizAttempts.id, id)),
    );
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

    await page.goto(`${site.baseUrl}/viec-hoc-cua-toi/`);

    const card = page.locator('.my-course').filter({ has: page.getByRole('heading', { name: course.title }) });
    assert.match((await card.locator('p').first().textContent()) ?? '', /Đã hoàn thành/);
    const certificate = page.locator('.my-certificate').filter({ hasText: course.title });
    assert.match((await certificate.textContent()) ?? '', /Còn hiệu lực/);
    assert.equal(await certificate.getByRole('link', { name: 'Tải giấy chứng nhận (PDF)' }).count(), 1);
    await story.learner!.context.close();
  });

  // The demo's courses are samples (tài liệu mẫu): a completion earns a certificate marked as a
  // sample and counts toward no indicator (issue 17). Real training moving the figures is shown by
  // tests/e2e/indicator-dashboard.test.ts and the recompute test; here the sample rule is shown end to end.
  test('back on the dashboard, the sample course’s completion moved nothing: numerator, denominator and course completions unchanged', async () => {
    const { context, page } = await signedIn(communeAdmin);

    await openCommuneDashboard(page);
    story.after = await readFigures(page);

    console.log(
      `records-flow e2e: ${indicator} ${COMMUNE.code} năm ${year}: ${story.before!.numerator}/${story.before!.denominator} → ${story.after.numerator}/${story.after.denominator}; hoàn thành ${TCD}: ${story.before!.courseCompletions} → ${story.after.courseCompletions}`,
    );
    assert.equal(story.after.numerator, story.before!.numerator);
    assert.equal(story.after.denominator, story.before!.denominator);
    assert.equal(story.after.courseCompletions, story.before!.courseCompletions);
    await context.close();
  });

  test('the province administrator’s dashboard has no serious accessibility violations', async () => {
    story.province = (await signedIn(provinceAdmin)).page;
    const page = story.province;

    await page.goto(`${site.baseUrl}/quan-tri/chi-tieu/?ky=${year}`);

    assert.match(
      (await page.getByRole('heading', { level: 1 }).textContent()) ?? '',
      /Chỉ tiêu Đề án 700: Tỉnh Sông Lam/,
    );
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('the province administrator drills down to the commune through the sub-unit table and sees the same figures', async () => {
    const page = story.province!;

    await page
      .getByRole('table', { name: /đơn vị trực thuộc/ })
      .getByRole('link', { name: COMMUNE.name, exact: true })
      .click();
    await page.waitForURL(new RegExp(`don-vi=${COMMUNE.code}&ky=${year}`));

    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', new RegExp(COMMUNE.name));
    assert.deepEqual(await readFigures(page), story.after);
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('the list of officials behind the numerator does not name the learner (a sample course counts nowhere)', async () => {
    const page = story.province!;
    const card = page.getByRole('region', { name: INDICATOR_DEFINITIONS[indicator].title });

    await card
      .getByRole('link', { name: /người$/ })
      .first()
      .click();
    await page.waitForURL(/chi-tieu\/can-bo\/.*phan=tu-so/);

    const rows = page.getByRole('table').locator('tbody tr');
    assert.equal(await rows.count(), story.after!.numerator, 'the list has as many people as the numerator');
    const mine = rows.filter({ has: page.getByRole('rowheader', { name: story.fullName!, exact: true }) });
    assert.equal(await mine.count(), 0, `${story.fullName} is counted for a sample course`);
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('the records screen filtered to the commune exports an XLSX with the learner’s name and class, not the sample course, and nothing of another commune', async () => {
    // The demo courses are samples, whose completions are no records: the export's records are
    // classes, added only now so that the indicator steps above see the course alone.
    await withDatabase(site.databaseUrl, async (db) => {
      await addClass(db, COMMUNE.code, [learner.staffCode], { content: CLASS_HERE, endsOn: '2026-05-15' });
      await addClass(db, 'SL-PT', [ELSEWHERE_STAFF_CODE], { content: 'Lớp ở xã Phú Thịnh', endsOn: '2026-05-15' });
    });
    const page = story.province!;
    await page.goto(`${site.baseUrl}/quan-tri/ho-so/`);
    const everything = parseCount(
      /^([\d.]+) lượt bồi dưỡng$/.exec(
        (await page
          .getByRole('heading', { level: 2 })
          .filter({ hasText: /lượt bồi dưỡng$/ })
          .textContent()) ?? '',
      )?.[1] ?? null,
    );

    await page.getByLabel('Đơn vị').selectOption({ label: `— ${COMMUNE.name}` });
    await page.getByRole('button', { name: 'Lọc hồ sơ' }).click();
    await page.waitForURL(/don-vi=/);
    const filtered = parseCount(
      /^Có ([\d.]+) lượt bồi dưỡng phù hợp$/.exec(
        (await page
          .getByRole('heading', { level: 2 })
          .filter({ hasText: /phù hợp$/ })
          .textContent()) ?? '',
      )?.[1] ?? null,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải về tệp Excel (XLSX)' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const texts = workbook.worksheets[0]
      .getSheetValues()
      .flat()
      .filter((value): value is string => typeof value === 'string')
      .map((text) => text.normalize('NFC'));

    assert.ok(filtered >= 1 && filtered < everything, `filtered ${filtered} of ${everything}: the filter did nothing`);
    assert.ok(texts.includes(story.fullName!.normalize('NFC')), `“${story.fullName}” is not in the workbook`);
    assert.ok(texts.includes(learner.staffCode));
    assert.ok(texts.includes(CLASS_HERE.normalize('NFC')), 'the class is not in the workbook');
    // The learner's course is a sample (tài liệu mẫu): its completion is no record (control: the class is).
    assert.ok(!texts.includes(course.title.normalize('NFC')), 'a sample course is in the workbook');
    assert.deepEqual(
      texts.filter((text) => text.includes('SL-PT-') || text.includes('Phú Thịnh')),
      [],
      'another commune’s records are in the export',
    );
    await page.context().close();
  });
});
