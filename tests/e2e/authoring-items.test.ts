/**
 * The item editors of a draft in Chromium, as an instructor uses them on a phone: a case study
 * with two levels of decisions, a video with its captions, a question bank with three questions
 * and a quiz drawing from it, each saved through the real forms; what is saved passes the content
 * schemas and the content check; broken input is refused with a message and nothing written; a
 * learner and an instructor who does not write the course get 404.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import yaml from 'js-yaml';
import type { Page } from 'playwright-core';
import { courseDrafts, roleGrants, users } from '../../db/schema/index.ts';
import { DEMO_ACCOUNTS } from '../../db/seed.ts';
import { CaseStudySchema } from '../../src/schemas/case-study.ts';
import { QuestionBankSchema } from '../../src/schemas/question-bank.ts';
import { QuizSchema } from '../../src/schemas/quiz.ts';
import { VideoSchema } from '../../src/schemas/video.ts';
import { checkContent } from '../../src/integrations/content-check/check-content.ts';
import { liveCourseFiles } from '../../src/lib/server/authoring/draft-files.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { PHONE } from '../support/browser.ts';
import { openTestDatabase } from '../support/database.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { statusOfNavigation, submitButton } from '../support/navigation.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { useSite } from '../support/site.ts';

const site = useSite();
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const DRAFT = 'bannhapthumuc01';
const BASE = `/giang-vien/ban-nhap/${DRAFT}`;
const account = (username: string) => DEMO_ACCOUNTS.find((candidate) => candidate.username === username)!;
const WRITER = account('giangvien');
const LEARNER = account('hocvien');
const OTHER_INSTRUCTOR = { username: 'giangvien.khac', password: 'giang-vien-khac-2026' };
const root = process.cwd();

/** The draft every test edits (and a second instructor), made once on first use. */
let setup: Promise<void> | undefined;
function draftReady(): Promise<void> {
  setup ??= createDraft();
  return setup;
}

async function createDraft(): Promise<void> {
  const db = openTestDatabase(site.databaseUrl);
  const [writer] = await db.select().from(users).where(eq(users.username, WRITER.username));
  const now = new Date();
  await db.insert(courseDrafts).values({
    id: DRAFT,
    courseId: COURSE,
    status: 'draft',
    files: liveCourseFiles(COURSE, root),
    media: [],
    baseVersion: null,
    createdBy: writer.id,
    createdAt: now,
    updatedAt: now,
  });
  await db.insert(users).values({
    id: 'giangvienkhac01',
    username: OTHER_INSTRUCTOR.username,
    displayName: 'Giảng viên khóa khác',
    passwordHash: await hashPassword(OTHER_INSTRUCTOR.password),
  });
  await db.insert(roleGrants).values({ userId: 'giangvienkhac01', role: 'instructor' });
  db.$client.close();
}

async function draftFiles(): Promise<{ files: Record<string, string>; media: string[] }> {
  const db = openTestDatabase(site.databaseUrl);
  const [draft] = await db.select().from(courseDrafts).where(eq(courseDrafts.id, DRAFT));
  db.$client.close();
  return { files: draft.files, media: draft.media };
}

async function writerPage(): Promise<Page> {
  await draftReady();
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signInThroughForm(page, site.baseUrl, WRITER.username, WRITER.password);
  return page;
}

async function fillOption(page: Page, d: number, o: number, label: string, next?: string): Promise<void> {
  await page.locator(`#d${d}-o${o}-label`).fill(label);
  await page.locator(`#d${d}-o${o}-consequence`).fill(`Hệ quả khi cán bộ chọn: ${label.toLowerCase()}.`);
  await page.locator(`#d${d}-o${o}-outcome`).selectOption(o === 0 ? 'tot' : 'chua-phu-hop');
  if (next) await page.locator(`#d${d}-o${o}-next`).selectOption(next);
}

describe('case study editor', () => {
  let caseId = '';

  test('a case study with two levels of decisions saved through the form passes CaseStudySchema and the content check', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/tinh-huong/moi/`);
    await page.getByLabel('Tên tình huống').fill('Công dân khiếu nại quyết định thu hồi đất');
    await page.getByLabel('Tóm tắt (một câu)').fill('Một công dân đến trụ sở xã khiếu nại quyết định thu hồi đất.');
    await page.getByLabel('Vai trò của người học').fill('Bạn là công chức tiếp công dân của UBND xã.');
    await page
      .getByLabel('Bối cảnh')
      .fill('Sáng thứ Hai, ông A mang hồ sơ đến trụ sở UBND xã.\n\nÔng cho rằng việc thu hồi đất không đúng quy định.');
    await page.locator('#d0-id').fill('tiep-nhan');
    await page.locator('#d0-prompt').fill('Bạn tiếp nhận ông A như thế nào?');
    await fillOption(page, 0, 0, 'Mời ông ngồi, nghe trình bày và ghi sổ');
    await fillOption(page, 0, 1, 'Bảo ông về nộp đơn qua bưu điện');

    assert.equal(await submitButton(page, 'Thêm quyết định'), 200);
    await page.locator('#d1-prompt').fill('Ông A đưa đơn, bạn xác minh nội dung ra sao?');
    await fillOption(page, 1, 0, 'Đối chiếu hồ sơ địa chính và biên bản thu hồi');
    await fillOption(page, 1, 1, 'Trả lời ngay theo trí nhớ của mình');
    await page.locator('#d0-o0-next').selectOption('buoc-2');
    await page.locator('#l0-type').selectOption('Luật');
    await page.locator('#l0-number').fill('02/2011/QH13');
    await page.locator('#l0-year').fill('2011');
    await page.locator('#l0-title').fill('Luật Khiếu nại');
    await page.locator('#l0-checked').fill('2026-12-07');
    await page
      .getByLabel('Bình luận của chuyên gia')
      .fill('Tiếp nhận đúng quy trình, ghi sổ và xác minh trước khi trả lời là cách làm đúng luật.');
    const status = await submitButton(page, 'Lưu tình huống');

    assert.equal(status, 200);
    caseId = new URL(page.url()).pathname.split('/').at(-2) ?? '';
    assert.equal(caseId, 'cong-dan-khieu-nai-quyet-dinh');
    const { files } = await draftFiles();
    const key = `courses/${COURSE}/case-studies/${caseId}.yaml`;
    const data = yaml.load(files[key]) as { decisions: { options: { next?: string }[] }[] };
    assert.equal(CaseStudySchema.safeParse(data).success, true);
    assert.equal(data.decisions[0].options[0].next, 'buoc-2');
    const copy = mkdtempSync(join(tmpdir(), 'items-content-'));
    cpSync(join(root, 'content'), join(copy, 'content'), { recursive: true });
    symlinkSync(join(root, 'public'), join(copy, 'public'));
    mkdirSync(dirname(join(copy, 'content', key)), { recursive: true });
    writeFileSync(join(copy, 'content', key), files[key]);
    assert.deepEqual(
      checkContent(copy).filter((problem) => problem.file.includes(caseId)),
      [],
    );
    assert.match(
      await page.locator('[data-case-outline]').innerText(),
      /Quyết định “tiep-nhan”[\s\S]*Quyết định “buoc-2”[\s\S]*Kết thúc tình huống/,
    );
    await page.context().close();
  });

  test('a loop is refused with 400, naming the decision and option, and nothing is written', async () => {
    const page = await writerPage();
    const before = (await draftFiles()).files[`courses/${COURSE}/case-studies/${caseId}.yaml`];
    await page.goto(`${site.baseUrl}${BASE}/tinh-huong/${caseId}/`);
    await page.locator('#d1-o1-next').selectOption('tiep-nhan');

    const status = await submitButton(page, 'Lưu tình huống');

    assert.equal(status, 400);
    assert.match(
      await page.locator('.error-summary').innerText(),
      /Lựa chọn "b" của quyết định "buoc-2" quay lại "tiep-nhan" và tạo vòng lặp/,
    );
    assert.match(await page.title(), /^Lỗi: /);
    assert.equal((await draftFiles()).files[`courses/${COURSE}/case-studies/${caseId}.yaml`], before);
    await page.context().close();
  });

  test('the case study editor showing two decisions and an error has no serious axe violations and no sideways scroll at 360 px', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/tinh-huong/${caseId}/`);
    await page.locator('#d1-o1-next').selectOption('tiep-nhan');
    assert.equal(await submitButton(page, 'Lưu tình huống'), 400);

    const violations = await seriousViolations(page);

    assert.deepEqual(violations, []);
    assert.equal(await sidewaysOverflow(page), 0);
    await page.context().close();
  });
});

describe('video editor', () => {
  const media = (name: string) => resolve(root, 'public/media/videos', name);

  test('captions with a wrong timing line are refused with that line, and nothing is stored', async () => {
    const page = await writerPage();
    const bad = join(mkdtempSync(join(tmpdir(), 'items-vtt-')), 'sai.vtt');
    writeFileSync(bad, 'WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nSai dấu phẩy.\n');
    await page.goto(`${site.baseUrl}${BASE}/video/moi/`);
    await page.getByLabel('Tên video').fill('Ghi sổ tiếp công dân');
    await page.locator('#tep-video').setInputFiles(media('quy-trinh-tiep-cong-dan.mp4'));
    await page.locator('#tep-phu-de').setInputFiles(bad);
    await page.locator('#anh-dai-dien').setInputFiles(media('quy-trinh-tiep-cong-dan.jpg'));

    const status = await submitButton(page, 'Lưu video');

    assert.equal(status, 400);
    assert.match(await page.locator('#tep-phu-de-loi').innerText(), /Dòng 3 có mốc thời gian sai/);
    const { files, media: stored } = await draftFiles();
    assert.equal(files['videos/ghi-so-tiep-cong-dan.yaml'], undefined);
    assert.deepEqual(stored, []);
    await page.context().close();
  });

  test('a video with its captions and poster is uploaded and its YAML passes VideoSchema', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/video/moi/`);
    await page.getByLabel('Tên video').fill('Ghi sổ tiếp công dân');
    await page.locator('#tep-video').setInputFiles(media('quy-trinh-tiep-cong-dan.mp4'));
    await page.locator('#tep-phu-de').setInputFiles(media('quy-trinh-tiep-cong-dan.vi.vtt'));
    await page.locator('#anh-dai-dien').setInputFiles(media('quy-trinh-tiep-cong-dan.jpg'));
    await page.getByLabel('Thời lượng (giây)').fill('101');
    await page
      .getByLabel('Bản ghi lời')
      .fill('Video hướng dẫn cán bộ ghi sổ tiếp công dân đầy đủ các cột: ngày, họ tên, nội dung và hướng xử lý.');

    const status = await submitButton(page, 'Lưu video');

    assert.equal(status, 200);
    assert.equal(new URL(page.url()).pathname, `${BASE}/video/ghi-so-tiep-cong-dan/`);
    const { files, media: stored } = await draftFiles();
    const data = yaml.load(files['videos/ghi-so-tiep-cong-dan.yaml']) as {
      sources: { src: string }[];
      captions: string;
    };
    assert.equal(VideoSchema.safeParse(data).success, true);
    assert.deepEqual(
      data.sources.map((source) => source.src),
      ['/media/videos/ghi-so-tiep-cong-dan.mp4'],
    );
    assert.equal(data.captions, '/media/videos/ghi-so-tiep-cong-dan.vi.vtt');
    assert.deepEqual([...stored].sort(), [
      'media/videos/ghi-so-tiep-cong-dan.jpg',
      'media/videos/ghi-so-tiep-cong-dan.mp4',
      'media/videos/ghi-so-tiep-cong-dan.vi.vtt',
    ]);
    assert.ok(existsSync(join(root, 'data', 'drafts', DRAFT, 'public', 'media/videos/ghi-so-tiep-cong-dan.vi.vtt')));
    await page.context().close();
  });
});

describe('question bank and quiz editors', () => {
  let bankId = '';

  async function addQuestion(
    page: Page,
    type: string,
    prompt: string,
    answer: (page: Page) => Promise<void>,
  ): Promise<void> {
    await page.goto(`${site.baseUrl}${BASE}/ngan-hang/${bankId}/cau-hoi/moi/`);
    if (type !== 'single') await statusOfNavigation(page, () => page.locator('#type').selectOption(type));
    await page.locator('#prompt').fill(prompt);
    await answer(page);
    await page.locator('#tags').fill('khiếu nại');
    assert.equal(await submitButton(page, 'Lưu câu hỏi'), 200);
  }

  test('a bank with three questions of different types is saved and passes QuestionBankSchema', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/ngan-hang/moi/`);
    await page.getByLabel('Tên ngân hàng câu hỏi').fill('Ngân hàng thử khiếu nại');
    assert.equal(await submitButton(page, 'Tạo ngân hàng câu hỏi'), 200);
    bankId = new URL(page.url()).pathname.split('/').at(-2) ?? '';

    await addQuestion(page, 'single', 'Ai ký quyết định giải quyết khiếu nại lần đầu ở xã?', async () => {
      await page.locator('#o0-text').fill('Chủ tịch UBND xã');
      await page.locator('#o1-text').fill('Công chức tư pháp - hộ tịch');
      await page.locator('#o0-dung').check();
    });
    await addQuestion(page, 'multiple', 'Những việc nào phải làm khi tiếp công dân?', async () => {
      await page.locator('#o0-text').fill('Ghi sổ tiếp công dân');
      await page.locator('#o1-text').fill('Từ chối nhận đơn viết tay');
      await page.locator('#o2-text').fill('Hướng dẫn công dân viết đơn');
      await page.locator('#o0-dung').check();
      await page.locator('#o2-dung').check();
    });
    await addQuestion(page, 'true-false', 'Công dân phải nộp lệ phí khi nộp đơn khiếu nại.', async () => {
      await page.locator('#dung-sai-false').check();
    });

    assert.equal(await page.locator('[data-question]').count(), 3);
    const { files } = await draftFiles();
    const parsed = QuestionBankSchema.safeParse(yaml.load(files[`courses/${COURSE}/question-banks/${bankId}.yaml`]));
    assert.equal(parsed.success, true);
    assert.deepEqual(parsed.success && parsed.data.questions.map((question) => question.id), [
      'ai-ky-quyet-dinh-giai-quyet',
      'nhung-viec-nao-phai-lam-khi',
      'cong-dan-phai-nop-le-phi',
    ]);
    await page.context().close();
  });

  test('a quiz drawing all three questions is saved; one drawing four is refused next to the rule', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/kiem-tra/moi/`);
    await page.getByLabel('Tên bài kiểm tra').fill('Kiểm tra nhanh về khiếu nại');
    await page.getByLabel('Ngân hàng câu hỏi').selectOption(bankId);
    await page.locator('#r0-count').fill('3');
    assert.equal(await submitButton(page, 'Lưu bài kiểm tra'), 200);
    const quizKey = `courses/${COURSE}/quizzes/kiem-tra-nhanh-ve-khieu-nai.yaml`;
    const saved = (await draftFiles()).files[quizKey];
    assert.equal(QuizSchema.safeParse(yaml.load(saved)).success, true);

    await page.locator('#r0-count').fill('4');
    const status = await submitButton(page, 'Lưu bài kiểm tra');

    assert.equal(status, 400);
    assert.match(await page.locator('#r0-count-loi').innerText(), /chỉ chắc chắn có 3 câu/);
    assert.equal((await draftFiles()).files[quizKey], saved);
    await page.context().close();
  });

  test('deleting a question the quiz needs is refused, naming the quiz', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/ngan-hang/${bankId}/`);

    const status = await submitButton(page, 'Xóa câu “nhung-viec-nao-phai-lam-khi”');

    assert.equal(status, 400);
    assert.match(await page.locator('.error-summary').innerText(), /bài kiểm tra "Kiểm tra nhanh về khiếu nại"/);
    assert.equal(await page.locator('[data-question]').count(), 3);
    await page.context().close();
  });
});

describe('deleting items', () => {
  test('a case study a lesson embeds cannot be deleted, and the message names the lesson', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/tinh-huong/tcd-khieu-nai-quyet-dinh-xu-phat/`);
    await page.getByLabel('Tôi muốn xóa tình huống “tcd-khieu-nai-quyet-dinh-xu-phat” khỏi bản nháp').check();

    const status = await submitButton(page, 'Xóa tình huống');

    assert.equal(status, 400);
    assert.match(
      await page.locator('.error-summary').innerText(),
      /bài “Giải quyết khiếu nại lần đầu của Chủ tịch UBND xã” đang dùng nó/,
    );
    assert.notEqual(
      (await draftFiles()).files[`courses/${COURSE}/case-studies/tcd-khieu-nai-quyet-dinh-xu-phat.yaml`],
      undefined,
    );
    await page.context().close();
  });

  test('a case study no lesson uses is deleted from the draft once confirmed', async () => {
    const page = await writerPage();
    const key = `courses/${COURSE}/case-studies/cong-dan-khieu-nai-quyet-dinh.yaml`;
    assert.notEqual((await draftFiles()).files[key], undefined);
    await page.goto(`${site.baseUrl}${BASE}/tinh-huong/cong-dan-khieu-nai-quyet-dinh/`);
    assert.equal(await submitButton(page, 'Xóa tình huống'), 400);
    await page.getByLabel(/Tôi muốn xóa tình huống/).check();

    const status = await submitButton(page, 'Xóa tình huống');

    const summary = (await page.locator('.error-summary').count())
      ? await page.locator('.error-summary').innerText()
      : '';
    assert.equal(new URL(page.url()).pathname, `${BASE}/`, `${status} ${page.url()} ${summary}`);
    assert.equal((await draftFiles()).files[key], undefined);
    await page.context().close();
  });
});

describe('who may open the editors', () => {
  const editors = () => [
    `${BASE}/tinh-huong/moi/`,
    `${BASE}/video/moi/`,
    `${BASE}/ngan-hang/moi/`,
    `${BASE}/kiem-tra/moi/`,
  ];

  test('a signed-out visitor is sent to sign in and back', async () => {
    await draftReady();
    const response = await fetch(`${site.baseUrl}${BASE}/tinh-huong/moi/`, { redirect: 'manual' });

    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `/dang-nhap/?next=${encodeURIComponent(`${BASE}/tinh-huong/moi/`)}`);
  });

  for (const who of [
    { label: 'a learner', ...LEARNER },
    { label: 'an instructor who does not write the course', ...OTHER_INSTRUCTOR },
  ]) {
    test(`${who.label} gets 404 on every editor`, async () => {
      await draftReady();
      const context = await site.browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      await signInThroughForm(page, site.baseUrl, who.username, who.password);

      const statuses = [];
      for (const path of editors()) statuses.push((await page.goto(`${site.baseUrl}${path}`))?.status());

      assert.deepEqual(statuses, [404, 404, 404, 404]);
      await context.close();
    });
  }
});

describe('accessibility of the editors on a phone', () => {
  for (const [name, path] of [
    ['case study', '/tinh-huong/moi/'],
    ['video', '/video/moi/'],
    ['question bank', '/ngan-hang/moi/'],
    ['question', '/ngan-hang/ngan-hang-chung/cau-hoi/moi/'],
    ['quiz', '/kiem-tra/moi/'],
  ] as const) {
    test(`the ${name} editor has no serious axe violations at 360 px`, async () => {
      const page = await writerPage();
      const response = await page.goto(`${site.baseUrl}${BASE}${path}`);

      assert.equal(response?.status(), 200);
      assert.deepEqual(await seriousViolations(page), []);
      await page.context().close();
    });
  }
});

describe('duration and a submitted draft', () => {
  test('choosing a WebM file fills in its duration from the file itself', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/video/moi/`);

    await page
      .locator('#tep-video')
      .setInputFiles(resolve(root, 'public/media/videos/nop-ho-so-dich-vu-cong-truc-tuyen.webm'));

    await page.waitForFunction(() => (document.querySelector<HTMLInputElement>('[data-duration]')?.value ?? '') !== '');
    assert.ok(Number(await page.getByLabel('Thời lượng (giây)').inputValue()) > 0);
    await page.context().close();
  });

  test('a draft sent for review cannot be changed: saving answers 409 and writes nothing', async () => {
    const page = await writerPage();
    await page.goto(`${site.baseUrl}${BASE}/kiem-tra/kiem-tra-nhanh-ve-khieu-nai/`);
    const db = openTestDatabase(site.databaseUrl);
    await db.update(courseDrafts).set({ status: 'submitted' }).where(eq(courseDrafts.id, DRAFT));
    db.$client.close();
    const before = (await draftFiles()).files;
    await page.getByLabel('Tên bài kiểm tra').fill('Tên mới không được lưu');

    const status = await submitButton(page, 'Lưu bài kiểm tra');

    assert.equal(status, 409);
    assert.match(await page.locator('.error-summary').innerText(), /đã gửi duyệt hoặc đã xuất bản/);
    assert.deepEqual((await draftFiles()).files, before);
    await page.context().close();
  });
});
