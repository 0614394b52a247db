/**
 * The whole life of a course, in Debian Chromium against the real server running in a copy of the
 * project: an instructor writes a new course (a lesson, a video with captions, a case study with
 * two levels of decisions, a final quiz) through the forms and the lesson toolbar, previews it and
 * submits it; a reviewer publishes it; the background build makes it appear in the catalog and in
 * search; a learner completes it; the instructor's item analysis shows that learner's answers.
 * Then a draft with a content error is refused, naming the lesson and field, and the live site
 * stays as it was.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { courseCompletions, courseDrafts, coursePublications, quizAttempts, users } from '../../db/schema/index.ts';
import { answerSlots } from '../../src/lib/assessment/public-attempt.ts';
import { seriousViolations } from '../support/accessibility.ts';
import { rightAnswer, withDatabase } from '../support/attempts.ts';
import { PHONE } from '../support/browser.ts';
import { cursorToEnd, statusOfNavigation, submitButton } from '../support/navigation.ts';
import { waitForPublication } from '../support/publication.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { useSite } from '../support/site.ts';

// Isolated: publishing builds and writes content/ and data/builds/ of the folder the server runs in.
const site = useSite({}, { isolated: true });
const COURSE = 'phong-chong-thien-tai-cap-xa';
const COURSE_TITLE = 'Phòng chống thiên tai cấp xã';
const LESSON_TITLE = 'Sơ tán người dân trước bão';
const WRONG_OPTION = 'Chờ bão vào rồi mới sơ tán';
const demoMedia = (name: string) => resolve('public/media/videos', name);

interface Person {
  context: BrowserContext;
  page: Page;
}

async function signedIn(username: string, password: string): Promise<Person> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, username, password);
  return { context, page };
}

/** The error summary of a page, to explain a refused form in a failing assertion. */
async function errorsOn(page: Page): Promise<string> {
  const summary = page.locator('.error-summary');
  return (await summary.count()) > 0 ? summary.innerText() : '';
}

async function insertFromToolbar(page: Page, button: string, dialogName: string, choice: string): Promise<void> {
  await cursorToEnd(page, 'Nội dung bài học');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.getByRole('toolbar').getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.locator('select').first().selectOption(choice);
  await dialog.getByRole('button', { name: 'Chèn' }).click();
}

/** What the first test made, for the ones after it: the draft and the ids the editors gave. */
const story = { draftUrl: '', video: '', caseStudy: '', bank: '', quiz: '' };
/** The last part of the page's path: the id an editor gave the item it just saved. */
const idInUrl = (page: Page) => new URL(page.url()).pathname.split('/').at(-2)!;

describe('an instructor writes a course, a reviewer publishes it, a learner completes it', () => {
  test('the instructor writes the course, its video, case study, question bank and final quiz through the forms', async () => {
    const { context, page } = await signedIn('giangvien', 'soan-bai-giang-2026');
    await page.goto(`${site.baseUrl}/giang-vien/`);
    await page.getByLabel('Tên khóa học').fill(COURSE_TITLE);
    await page.getByLabel('Tóm tắt').fill('Chuẩn bị, ứng phó và khắc phục hậu quả thiên tai tại xã, phường.');
    await page.getByLabel('Loại hình bồi dưỡng').selectOption('tap-huan-nghiep-vu');
    await page.getByLabel('Quản trị rủi ro xã hội').check();
    await page.getByLabel('Công chức chuyên môn').check();
    // No more than the content will support (credited-hours.ts): one 60-minute lesson, one hour.
    await page.getByLabel('Số giờ học').fill('1');
    await page.getByRole('button', { name: 'Tạo khóa học' }).click();
    await page.waitForURL(/\/giang-vien\/ban-nhap\/[a-z0-9]+\/$/);
    story.draftUrl = page.url();

    await page.goto(`${story.draftUrl}khoa-hoc/`);
    await page
      .getByLabel('Mục tiêu')
      .fill('Tổ chức sơ tán người dân an toàn trước bão.\nLập phương án phòng chống thiên tai của xã.');
    assert.equal(await submitButton(page, 'Lưu thông tin khóa học'), 200, await errorsOn(page));

    await page.goto(`${story.draftUrl}video/moi/`);
    await page.getByLabel('Tên video').fill('Sơ tán người dân khi có bão');
    await page.locator('#tep-video').setInputFiles(demoMedia('quy-trinh-tiep-cong-dan.mp4'));
    await page.locator('#tep-phu-de').setInputFiles(demoMedia('quy-trinh-tiep-cong-dan.vi.vtt'));
    await page.locator('#anh-dai-dien').setInputFiles(demoMedia('quy-trinh-tiep-cong-dan.jpg'));
    await page.getByLabel('Thời lượng (giây)').fill('101');
    await page
      .getByLabel('Bản ghi lời')
      .fill('Cán bộ xã hướng dẫn người dân sơ tán tới nơi tránh trú an toàn trước khi bão đổ bộ.');
    assert.equal(await submitButton(page, 'Lưu video'), 200, await errorsOn(page));
    story.video = idInUrl(page);

    await page.goto(`${story.draftUrl}tinh-huong/moi/`);
    await page.getByLabel('Tên tình huống').fill('Hộ dân không chịu sơ tán khi bão sắp đổ bộ');
    await page.getByLabel('Tóm tắt (một câu)').fill('Một hộ dân ven sông không chịu rời nhà khi bão sắp vào.');
    await page.getByLabel('Vai trò của người học').fill('Bạn là công chức phụ trách phòng chống thiên tai của xã.');
    await page
      .getByLabel('Bối cảnh')
      .fill('Bão cấp 12 sẽ đổ bộ trong 6 giờ tới.\n\nGia đình ông B ở ven sông không chịu rời nhà.');
    await page.locator('#d0-id').fill('thuyet-phuc');
    await page.locator('#d0-prompt').fill('Bạn làm gì trước tiên?');
    const option = async (d: number, o: number, label: string, outcome: string) => {
      await page.locator(`#d${d}-o${o}-label`).fill(label);
      await page.locator(`#d${d}-o${o}-consequence`).fill(`Hệ quả: ${label.toLowerCase()}.`);
      await page.locator(`#d${d}-o${o}-outcome`).selectOption(outcome);
    };
    await option(0, 0, 'Đến tận nhà giải thích nguy cơ và phương án tránh trú', 'tot');
    await option(0, 1, 'Gọi điện nhắc một lần rồi thôi', 'chua-phu-hop');
    assert.equal(await submitButton(page, 'Thêm quyết định'), 200, await errorsOn(page));
    await page.locator('#d1-prompt').fill('Ông B vẫn không đồng ý, bạn xử lý thế nào?');
    await option(1, 0, 'Báo Chủ tịch UBND xã để quyết định cưỡng chế sơ tán', 'tot');
    await option(1, 1, 'Để gia đình tự chịu trách nhiệm', 'chua-phu-hop');
    await page.locator('#d0-o0-next').selectOption('buoc-2');
    await page.locator('#l0-type').selectOption('Luật');
    await page.locator('#l0-number').fill('33/2013/QH13');
    await page.locator('#l0-year').fill('2013');
    await page.locator('#l0-title').fill('Luật Phòng, chống thiên tai');
    await page.locator('#l0-checked').fill('2026-12-07');
    await page
      .getByLabel('Bình luận của chuyên gia')
      .fill('Tính mạng người dân là trên hết: thuyết phục trước, cưỡng chế sơ tán khi cần theo đúng thẩm quyền.');
    assert.equal(await submitButton(page, 'Lưu tình huống'), 200, await errorsOn(page));
    story.caseStudy = idInUrl(page);

    await page.goto(`${story.draftUrl}ngan-hang/moi/`);
    await page.getByLabel('Tên ngân hàng câu hỏi').fill('Ngân hàng câu hỏi thiên tai');
    assert.equal(await submitButton(page, 'Tạo ngân hàng câu hỏi'), 200, await errorsOn(page));
    story.bank = idInUrl(page);
    const question = async (type: string, prompt: string, answer: () => Promise<void>) => {
      await page.goto(`${story.draftUrl}ngan-hang/${story.bank}/cau-hoi/moi/`);
      if (type !== 'single') await statusOfNavigation(page, () => page.locator('#type').selectOption(type));
      await page.locator('#prompt').fill(prompt);
      await answer();
      await page.locator('#tags').fill('thien-tai');
      assert.equal(await submitButton(page, 'Lưu câu hỏi'), 200, await errorsOn(page));
    };
    await question('single', 'Khi nào phải hoàn thành sơ tán người dân vùng nguy hiểm?', async () => {
      await page.locator('#o0-text').fill('Trước khi bão đổ bộ');
      await page.locator('#o1-text').fill(WRONG_OPTION);
      await page.locator('#o0-dung').check();
    });
    await question('multiple', 'Những việc nào thuộc phương án phòng chống thiên tai của xã?', async () => {
      await page.locator('#o0-text').fill('Xác định nơi tránh trú an toàn');
      await page.locator('#o1-text').fill('Cấm người dân theo dõi bản tin thời tiết');
      await page.locator('#o2-text').fill('Phân công lực lượng xung kích');
      await page.locator('#o0-dung').check();
      await page.locator('#o2-dung').check();
    });
    await question(
      'true-false',
      'Chủ tịch UBND xã có thẩm quyền quyết định cưỡng chế sơ tán khi có nguy cơ mất an toàn.',
      async () => {
        await page.locator('#dung-sai-true').check();
      },
    );

    await page.goto(`${story.draftUrl}kiem-tra/moi/`);
    await page.getByLabel('Tên bài kiểm tra').fill('Kiểm tra cuối khóa thiên tai');
    await page.getByLabel('Ngân hàng câu hỏi').selectOption(story.bank);
    await page.locator('#r0-count').fill('3');
    await page.getByLabel('Điểm đạt (phần trăm)').fill('50');
    await page.locator('#final').check();
    assert.equal(await submitButton(page, 'Lưu bài kiểm tra'), 200, await errorsOn(page));
    story.quiz = idInUrl(page);

    // The lesson: text typed, then the video, the case study and the quiz inserted from the toolbar.
    await page.goto(`${story.draftUrl}bai/01-gioi-thieu/`);
    await page.getByLabel('Tên bài học').fill(LESSON_TITLE);
    await page.getByLabel('Tóm tắt').fill('Các bước tổ chức sơ tán người dân trước khi bão đổ bộ.');
    await page.getByLabel('Thời lượng (phút)').fill('60');
    await page
      .getByRole('textbox', { name: 'Nội dung bài học' })
      .fill('Khi có tin bão khẩn cấp, UBND xã tổ chức sơ tán người dân vùng nguy hiểm tới nơi tránh trú an toàn.');
    await insertFromToolbar(page, 'Video', 'Chèn video', story.video);
    await insertFromToolbar(page, 'Tình huống', 'Chèn tình huống', story.caseStudy);
    await insertFromToolbar(page, 'Bài kiểm tra', 'Chèn bài kiểm tra', story.quiz);
    assert.equal(await submitButton(page, 'Lưu bài học'), 200, await errorsOn(page));

    const body = await withDatabase(site.databaseUrl, async (db) => {
      const [draft] = await db.select().from(courseDrafts).where(eq(courseDrafts.courseId, COURSE));
      return draft.files[`courses/${COURSE}/lessons/01-gioi-thieu.mdx`];
    });
    assert.match(
      body,
      new RegExp(
        `<Video id="${story.video}" />[\\s\\S]*<CaseStudy id="${story.caseStudy}" />[\\s\\S]*<Quiz id="${story.quiz}" />`,
      ),
    );
    await context.close();
  });

  test('the preview shows the lesson as it will be published, with its video, case study and quiz card', async () => {
    const { context, page } = await signedIn('giangvien', 'soan-bai-giang-2026');
    const response = await page.goto(`${story.draftUrl}xem-truoc/bai/01-gioi-thieu/`);

    assert.equal(response?.status(), 200);
    const article = page.locator('article');
    assert.equal(await article.getByRole('heading', { level: 1 }).innerText(), LESSON_TITLE);
    assert.equal(await article.locator(`[data-video-id="${story.video}"] video`).count(), 1);
    assert.equal(
      await article.getByRole('link', { name: 'Đến tận nhà giải thích nguy cơ và phương án tránh trú' }).count(),
      1,
    );
    assert.match(await article.innerText(), /Kiểm tra cuối khóa thiên tai/);
    assert.ok(await page.getByText('Bản xem trước – chưa xuất bản').first().isVisible());
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });

  test('the instructor submits the draft and the reviewer publishes it; the progress page reaches the end', async () => {
    const writer = await signedIn('giangvien', 'soan-bai-giang-2026');
    await writer.page.goto(story.draftUrl);
    await writer.page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await writer.page.waitForLoadState();
    assert.ok(await writer.page.getByText('Đã gửi duyệt', { exact: true }).first().isVisible());
    await writer.context.close();

    const { context, page } = await signedIn('thamdinh', 'tham-dinh-noi-dung-2026');
    await page.goto(`${site.baseUrl}/giang-vien/`);
    await page
      .getByRole('region', { name: 'Chờ duyệt' })
      .getByRole('link', { name: new RegExp(COURSE_TITLE) })
      .click();
    await page.getByRole('button', { name: 'Xuất bản' }).click();
    const ended = await waitForPublication(page);

    assert.match(ended, /Đã xuất bản xong/, ended);
    assert.deepEqual(await seriousViolations(page), []);
    const [publication] = await withDatabase(site.databaseUrl, (db) =>
      db.select().from(coursePublications).where(eq(coursePublications.courseId, COURSE)),
    );
    assert.equal(publication.versionNumber, 1);
    await context.close();
  });

  test('the new course is in the catalog and its lesson is found by search (typed without diacritics)', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${site.baseUrl}/khoa-hoc/`);
    assert.equal((await page.getByRole('link', { name: COURSE_TITLE }).count()) > 0, true);

    await page.goto(`${site.baseUrl}/tim-kiem/?q=${encodeURIComponent('so tan nguoi dan truoc bao')}`);
    const result = page.locator('#search-results a', { hasText: LESSON_TITLE });
    await result.first().waitFor({ timeout: 15_000 });
    assert.equal(
      new URL((await result.first().getAttribute('href')) ?? '', site.baseUrl).pathname,
      `/khoa-hoc/${COURSE}/gioi-thieu/`,
    );
    await context.close();
  });

  test('a learner completes the course, answering one quiz question wrongly, and is recorded on the published version', async () => {
    const { context, page } = await signedIn('hocvien', 'hoc-tap-moi-ngay');
    const lessonPage = await page.goto(`${site.baseUrl}/khoa-hoc/${COURSE}/gioi-thieu/`);
    assert.equal(lessonPage?.status(), 200);
    const now = new Date().toISOString();
    const lessonId = `${COURSE}/gioi-thieu`;
    const events = [
      { id: randomUUID(), kind: 'lesson_opened', courseId: COURSE, lessonId, occurredAt: now },
      {
        id: randomUUID(),
        kind: 'video_watched',
        courseId: COURSE,
        lessonId,
        videoId: story.video,
        occurredAt: now,
        data: { intervals: [[0, 101]], position: 101, duration: 101 },
      },
      { id: randomUUID(), kind: 'lesson_completed', courseId: COURSE, lessonId, occurredAt: now },
    ];
    const progress = await page.request.post(`${site.baseUrl}/api/v1/progress/events`, {
      data: { events },
      headers: { Origin: site.baseUrl },
    });
    assert.equal(progress.status(), 200, await progress.text());

    const started = await page.request.post(`${site.baseUrl}/api/v1/quizzes/${COURSE}/${story.quiz}/attempts`, {
      headers: { Origin: site.baseUrl },
    });
    assert.ok([200, 201].includes(started.status()), await started.text());
    const { id } = (await started.json()) as { id: string };
    const [attempt] = await withDatabase(site.databaseUrl, (db) =>
      db.select().from(quizAttempts).where(eq(quizAttempts.id, id)),
    );
    const answers = Object.fromEntries(
      answerSlots(attempt.questions, attempt.drawn).map((slot) => {
        if (slot.question.type !== 'single') return [slot.publicId, rightAnswer(slot)];
        const wrong = slot.question.options.find((candidate) => candidate.text === WRONG_OPTION)!;
        return [slot.publicId, String(slot.optionIds.indexOf(wrong.id) + 1)];
      }),
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

    const [completion, publication] = await withDatabase(site.databaseUrl, async (db) => {
      const [learner] = await db.select().from(users).where(eq(users.username, 'hocvien'));
      const [done] = await db.select().from(courseCompletions).where(eq(courseCompletions.userId, learner.id));
      const [published] = await db.select().from(coursePublications).where(eq(coursePublications.courseId, COURSE));
      return [done, published] as const;
    });
    assert.equal(completion?.courseId, COURSE);
    assert.equal(
      completion.courseVersion,
      publication.contentHash,
      'the completion records the version that was published',
    );
    await context.close();
  });

  test('the instructor’s item analysis shows the learner’s answers, the wrong option among them', async () => {
    const { context, page } = await signedIn('giangvien', 'soan-bai-giang-2026');
    const response = await page.goto(`${site.baseUrl}/giang-vien/thong-ke/${COURSE}/cau-hoi/`);

    assert.equal(response?.status(), 200);
    const text = await page.locator('main').innerText();
    assert.match(text, /Khi nào phải hoàn thành sơ tán người dân vùng nguy hiểm\?/);
    assert.match(text, new RegExp(`${WRONG_OPTION} \\(1 lượt\\)`));
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });
});

describe('a publication with a content error', () => {
  test('is refused naming the lesson and the field, and the live site is unchanged', async () => {
    const liveLesson = await (await fetch(`${site.baseUrl}/khoa-hoc/${COURSE}/gioi-thieu/`)).text();
    const currentBuild = readFileSync(join(site.root, 'data/builds/current.json'), 'utf8');
    const liveFile = readFileSync(join(site.root, 'content/courses', COURSE, 'lessons/01-gioi-thieu.mdx'), 'utf8');

    const writer = await signedIn('giangvien', 'soan-bai-giang-2026');
    await writer.page.goto(`${site.baseUrl}/giang-vien/`);
    await writer.page
      .getByRole('button', { name: new RegExp(`Sửa khóa học ${COURSE_TITLE}`) })
      .first()
      .click();
    await writer.page.waitForURL(/\/giang-vien\/ban-nhap\/[a-z0-9]+\/$/);
    const draftUrl = writer.page.url();
    await writer.page.goto(`${draftUrl}bai/01-gioi-thieu/`);
    // A video that does not exist: the draft keeps it (drafts may be incomplete), publishing may not.
    await writer.page
      .getByRole('textbox', { name: 'Nội dung bài học' })
      .fill('Bài học đã sửa nhưng còn lỗi.\n\n<Video id="khong-co-video-nay" />');
    await submitButton(writer.page, 'Lưu bài học');
    await writer.context.close();
    // As if the author had submitted it before the error crept in (submitting also validates).
    await withDatabase(site.databaseUrl, (db) =>
      db
        .update(courseDrafts)
        .set({ status: 'submitted', submittedAt: new Date() })
        .where(eq(courseDrafts.id, /\/ban-nhap\/([a-z0-9]+)\//.exec(draftUrl)![1])),
    );

    const { context, page } = await signedIn('thamdinh', 'tham-dinh-noi-dung-2026');
    await page.goto(draftUrl);
    const status = await submitButton(page, 'Xuất bản');

    assert.equal(status, 422);
    const summary = await page.locator('.error-summary').innerText();
    assert.match(summary, new RegExp(`Bài 1 “${LESSON_TITLE}”`), summary);
    assert.match(summary, /Nội dung bài \(body\), dòng 3/, summary);
    assert.match(summary, /khong-co-video-nay/, summary);
    assert.equal(await (await fetch(`${site.baseUrl}/khoa-hoc/${COURSE}/gioi-thieu/`)).text(), liveLesson);
    assert.equal(readFileSync(join(site.root, 'data/builds/current.json'), 'utf8'), currentBuild);
    assert.equal(
      readFileSync(join(site.root, 'content/courses', COURSE, 'lessons/01-gioi-thieu.mdx'), 'utf8'),
      liveFile,
    );
    await context.close();
  });
});
