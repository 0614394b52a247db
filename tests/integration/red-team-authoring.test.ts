/**
 * The red-team table (tests/fixtures/red-team-payloads.ts) driven through the real authoring
 * forms over HTTP, against the built server with a fresh seeded database: the demo instructor
 * signs in with the sign-in form, opens a draft of a live course with the dashboard's form, and
 * posts every payload into the form field it names. A refused payload answers 4xx (never 500)
 * with its Vietnamese message, the page echoing it only as text, and leaves the draft's stored
 * files byte-identical; an inert payload is saved as typed and the page that shows it (the draft
 * preview, or the draft's own editor where there is no preview) has it only as text. The control
 * rows prove the checks can fail: a harmless body is saved and rendered as markup.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { h5pPackages } from '../../db/schema/index.ts';
import { courseFormValues } from '../../src/lib/authoring-forms/course-form.ts';
import { parseLessonText, parseYamlText } from '../../src/lib/authoring/content-text.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import type { HttpAnswer } from '../support/http.ts';
import {
  openDraftOverHttp,
  postForm,
  postMultipart,
  signInOverHttp,
  storedDraft,
  type FormFields,
} from '../support/authoring-http.ts';
import { decodeEntities, escapedText, markupProblems } from '../support/inert-html.ts';
import {
  ENTRY_POINTS,
  MARKER,
  RED_TEAM_ROWS,
  SVG_WITH_SCRIPT,
  type EntryPoint,
  type RedTeamRow,
} from '../fixtures/red-team-payloads.ts';
import { validH5p } from '../support/h5p-fixtures.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const H5P_PACKAGE = validH5p('H5P.Accordion.h5p');
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = '06-hoa-giai-o-co-so';
const VIDEO = 'quy-trinh-tiep-cong-dan';
/** The lesson that embeds the video, whose preview shows the video's title and transcript. */
const VIDEO_LESSON = '01-tiep-cong-dan-tai-tru-so-ubnd-xa';
const BANK = 'ngan-hang-chung';
const H5P_ID = 'kiem-thu-tieu-de';
/** The first bytes of an MP4 file ("ftyp" box), enough for the form to take it as a video. */
const MP4_BYTES = new Uint8Array([
  0,
  0,
  0,
  0x18,
  ...new TextEncoder().encode('ftypmp42'),
  0,
  0,
  0,
  0,
  ...new TextEncoder().encode('mp42isom'),
]);

let server: RunningServer;
let databaseUrl: string;
let h5pDir: string;
let cookie: string;
let draftId: string;
let caseId: string;
let questionId: string;
let courseBase: FormFields;
let videoTranscript: string;

const base = () => `/giang-vien/ban-nhap/${draftId}`;
const caseKey = () => `courses/${COURSE}/case-studies/${caseId}.yaml`;
const lessonKey = `courses/${COURSE}/lessons/${LESSON}.mdx`;
const bankKey = `courses/${COURSE}/question-banks/${BANK}.yaml`;
const videoKey = `videos/${VIDEO}.yaml`;
const courseKey = `courses/${COURSE}/course.yaml`;

/** Replaces the value of `name` in `fields` (or appends it), keeping the order. */
function withField(fields: FormFields, name: string, value: string): FormFields {
  return fields.some(([key]) => key === name)
    ? fields.map(([key, old]) => [key, key === name ? value : old] as const)
    : [...fields, [name, value] as const];
}

// ── The forms, each with valid values and one field to put a payload in ─────────────────────

const SAFE_BODY = 'Nội dung bài học an toàn, chỉ có chữ.\n';

function lessonFields(where: EntryPoint, payload: string): FormFields {
  const fields: FormFields = [
    ['draft', draftId],
    ['file', LESSON],
    ['title', 'Hòa giải ở cơ sở'],
    ['summary', 'Hòa giải ở cơ sở theo Luật Hòa giải ở cơ sở năm 2013.'],
    ['minutes', '15'],
    ['required', 'true'],
    ['body', SAFE_BODY],
  ];
  return withField(fields, where.slice('lesson.'.length), payload);
}

function caseFields(where: EntryPoint, payload: string): FormFields {
  const fields: FormFields = [
    ['draft', draftId],
    ['id', caseId ?? ''],
    ['so-quyet-dinh', '1'],
    ['so-can-cu', '1'],
    ['title', 'Tình huống kiểm thử an toàn nội dung'],
    ['summary', 'Một tình huống để kiểm thử nội dung tác giả.'],
    ['role', 'Bạn là công chức tiếp công dân của UBND xã.'],
    ['context', 'Một công dân đến trụ sở xã để phản ánh việc hàng xóm lấn chiếm lối đi chung.'],
    ['commentary', 'Cán bộ cần tiếp nhận, hướng dẫn và chuyển đúng thẩm quyền theo quy định của pháp luật.'],
    ['start', 'buoc-1'],
    ['d0-id', 'buoc-1'],
    ['d0-was', 'buoc-1'],
    ['d0-prompt', 'Anh/chị xử lý việc này thế nào?'],
    ['d0-so-lua-chon', '2'],
    ['d0-o0-id', 'a'],
    ['d0-o0-label', 'Tiếp nhận và hướng dẫn công dân'],
    ['d0-o0-consequence', 'Công dân được hướng dẫn đúng nơi giải quyết.'],
    ['d0-o0-outcome', 'tot'],
    ['d0-o0-next', ''],
    ['d0-o1-id', 'b'],
    ['d0-o1-label', 'Từ chối tiếp công dân'],
    ['d0-o1-consequence', 'Công dân bức xúc và khiếu nại vượt cấp.'],
    ['d0-o1-outcome', 'chua-phu-hop'],
    ['d0-o1-next', ''],
    ['l0-type', 'Luật'],
    ['l0-number', '42/2013/QH13'],
    ['l0-year', '2013'],
    ['l0-title', 'Luật Tiếp công dân'],
    ['l0-article', 'Điều 4'],
    ['l0-url', ''],
    ['l0-checked', '2026-12-07'],
  ];
  const field = {
    'case.title': 'title',
    'case.context': 'context',
    'case.step': 'd0-prompt',
    'case.choice': 'd0-o0-label',
    'case.consequence': 'd0-o0-consequence',
    'case.commentary': 'commentary',
    'case.decision-id': 'd0-id',
    'case.option-id': 'd0-o0-id',
    'case.legal-url': 'l0-url',
    'case.legal-title': 'l0-title',
  }[where as string];
  if (field) return withField(fields, field, payload);
  if (where === 'case.field-name') return [...fields, [payload, 'yes']];
  return fields;
}

function courseFields(where: EntryPoint, payload: string): FormFields {
  let fields: FormFields = [['draft', draftId], ...courseBase];
  if (where === 'course.title') fields = withField(fields, 'title', payload);
  if (where === 'course.summary') fields = withField(fields, 'summary', payload);
  if (where === 'course.objectives')
    fields = fields.map(([key, value]) => [key, key === 'objectives' ? `${payload}\n${value}` : value] as const);
  if (where === 'course.legal-url' || where === 'course.legal-title') {
    // The first legal row only (the form posts one value per row for each column).
    const column = where === 'course.legal-url' ? 'legalUrl' : 'legalTitle';
    const first = fields.findIndex(([key]) => key === column);
    fields = fields.map((entry, index) => (index === first ? ([column, payload] as const) : entry));
  }
  if (where === 'course.instructor') {
    const first = fields.findIndex(([key]) => key === 'instructorName');
    fields = fields.map((entry, index) => (index === first ? (['instructorName', payload] as const) : entry));
  }
  if (where === 'course.field-name') fields = [...fields, [payload, 'yes']];
  return fields;
}

function questionFields(where: EntryPoint, payload: string): FormFields {
  let fields: FormFields = [
    ['draft', draftId],
    ['bank', BANK],
    ['qid', questionId ?? ''],
    ['type', 'single'],
    ['prompt', 'Cán bộ tiếp công dân làm gì đầu tiên khi nhận đơn?'],
    ['so-phuong-an', '2'],
    ['o0-id', 'a'],
    ['o0-text', 'Tiếp nhận đơn và vào sổ'],
    ['o1-id', 'b'],
    ['o1-text', 'Trả lại đơn ngay'],
    ['dung', '0'],
    ['tags', 'kiem-thu'],
    ['difficulty', 'de'],
    ['points', '1'],
    ['explanation', 'Vì Luật Tiếp công dân quy định như vậy.'],
    ['lr-type', ''],
    ['lr-number', ''],
    ['lr-year', ''],
    ['lr-title', ''],
    ['lr-article', ''],
    ['lr-url', ''],
    ['lr-checked', ''],
  ];
  if (where === 'question.legal-url' || where === 'question.legal-title') {
    fields = withField(
      withField(withField(withField(fields, 'lr-type', 'Luật'), 'lr-number', '42/2013/QH13'), 'lr-year', '2013'),
      'lr-title',
      'Luật Tiếp công dân',
    );
    fields = withField(fields, 'lr-checked', '2026-12-07');
  }
  const field = {
    'question.prompt': 'prompt',
    'question.option': 'o0-text',
    'question.explanation': 'explanation',
    'question.legal-url': 'lr-url',
    'question.legal-title': 'lr-title',
  }[where as string];
  if (field) return withField(fields, field, payload);
  if (where === 'question.field-name') return [...fields, [payload, 'yes']];
  return fields;
}

function videoForm(where: EntryPoint, payload: string): FormData {
  const form = new FormData();
  form.set('title', where === 'video.title' ? payload : 'Quy trình tiếp công dân tại trụ sở UBND xã');
  form.set('durationSeconds', '101');
  form.set('transcript', where === 'video.transcript' ? payload : videoTranscript);
  if (where === 'video.captions') form.set('tep-phu-de', new File([payload], 'phu-de.vtt', { type: 'text/vtt' }));
  if (where === 'video.file-name') form.set('tep-video', new File([MP4_BYTES], payload, { type: 'video/mp4' }));
  if (where === 'video.poster-name')
    form.set('anh-dai-dien', new File([SVG_WITH_SCRIPT], payload, { type: 'image/png' }));
  return form;
}

function h5pForm(payload: string): FormData {
  const form = new FormData();
  form.set('id', H5P_ID);
  form.set('title', payload);
  form.set('file', new File([readFileSync(H5P_PACKAGE)], 'H5P.Accordion.h5p', { type: 'application/zip' }));
  return form;
}

/** Sends the payload through the form of its entry point. */
function submit(where: EntryPoint, payload: string): Promise<HttpAnswer> {
  const kind = where.split('.')[0];
  if (kind === 'lesson')
    return postForm(
      server.baseUrl,
      cookie,
      `${base()}/bai/${LESSON}/?_action=authoring.saveLesson`,
      lessonFields(where, payload),
    );
  if (kind === 'case')
    return postForm(
      server.baseUrl,
      cookie,
      `${base()}/tinh-huong/${caseId}/?_action=authoringItems.saveCaseStudy`,
      caseFields(where, payload),
    );
  if (kind === 'course')
    return postForm(
      server.baseUrl,
      cookie,
      `${base()}/khoa-hoc/?_action=authoring.saveCourse`,
      courseFields(where, payload),
    );
  if (kind === 'question')
    return postForm(
      server.baseUrl,
      cookie,
      `${base()}/ngan-hang/${BANK}/cau-hoi/${questionId}/?_action=authoringItems.saveQuestion`,
      questionFields(where, payload),
    );
  if (kind === 'video')
    return postMultipart(server.baseUrl, cookie, `${base()}/video/${VIDEO}/`, videoForm(where, payload));
  return postMultipart(server.baseUrl, cookie, '/quan-tri/h5p/', h5pForm(payload));
}

/** The page that shows what the entry point saved. */
function viewOf(where: EntryPoint): string {
  const kind = where.split('.')[0];
  if (kind === 'lesson') return `${base()}/xem-truoc/bai/${LESSON}/`;
  if (kind === 'case') return `${base()}/xem-truoc/tinh-huong/${caseId}/`;
  if (kind === 'course') return `${base()}/xem-truoc/`;
  if (kind === 'question') return `${base()}/ngan-hang/${BANK}/cau-hoi/${questionId}/`;
  if (kind === 'video') return `${base()}/xem-truoc/bai/${VIDEO_LESSON}/`;
  return '/quan-tri/h5p/';
}

// ── What was stored ───────────────────────────────────────────────────────────────────────────

type Data = Record<string, unknown> & {
  decisions?: { id: string; prompt: string; options: { id: string; label: string; consequence: string }[] }[];
};

/** Everything a refused row must leave untouched: the draft's files and media, and the H5P packages. */
async function snapshot(): Promise<unknown> {
  const db = openTestDatabase(databaseUrl);
  try {
    return { draft: await storedDraft(databaseUrl, draftId), h5p: await db.select().from(h5pPackages) };
  } finally {
    db.$client.close();
  }
}

/** Asserts that an inert row's value was stored as typed (or, for field names, not at all). */
async function assertStored(row: RedTeamRow): Promise<void> {
  const { files, media } = await storedDraft(databaseUrl, draftId);
  const typed = row.payload.trim();
  const yaml = (key: string) => parseYamlText(files[key] ?? '') as Data;
  switch (row.where) {
    case 'lesson.body':
      assert.equal(parseLessonText(files[lessonKey]).body, row.payload.replace(/^\n+/, '').replace(/\s*$/, '\n'));
      return;
    case 'lesson.title':
    case 'lesson.summary':
      assert.equal(parseLessonText(files[lessonKey]).data?.[row.where.slice('lesson.'.length)], typed);
      assert.equal(parseLessonText(files[lessonKey]).body, SAFE_BODY, 'a front matter field never reaches the body');
      return;
    case 'case.title':
    case 'case.context':
    case 'case.commentary':
      assert.equal(yaml(caseKey())[row.where.slice('case.'.length)], typed);
      return;
    case 'case.step':
      assert.equal(yaml(caseKey()).decisions?.[0].prompt, typed);
      return;
    case 'case.choice':
      assert.equal(yaml(caseKey()).decisions?.[0].options[0].label, typed);
      return;
    case 'case.consequence':
      assert.equal(yaml(caseKey()).decisions?.[0].options[0].consequence, typed);
      return;
    case 'case.decision-id':
      assert.equal(yaml(caseKey()).decisions?.[0].id, typed);
      return;
    case 'case.option-id':
      assert.equal(yaml(caseKey()).decisions?.[0].options[0].id, typed);
      return;
    case 'case.legal-url':
    case 'case.legal-title':
      assert.equal(
        (yaml(caseKey()).legalBasis as Record<string, unknown>[])[0][row.where.slice('case.legal-'.length)],
        typed,
      );
      return;
    case 'course.title':
    case 'course.summary':
      assert.equal(yaml(courseKey)[row.where.slice('course.'.length)], typed);
      return;
    case 'course.objectives':
      assert.equal((yaml(courseKey).objectives as string[])[0], typed);
      return;
    case 'course.legal-url':
    case 'course.legal-title':
      assert.equal(
        (yaml(courseKey).legalBases as Record<string, unknown>[])[0][row.where.slice('course.legal-'.length)],
        typed,
      );
      return;
    case 'course.instructor':
      assert.equal((yaml(courseKey).instructors as Record<string, unknown>[])[0].name, typed);
      return;
    case 'question.prompt':
    case 'question.option':
    case 'question.explanation':
    case 'question.legal-url':
    case 'question.legal-title': {
      const question = (yaml(bankKey).questions as Record<string, unknown>[]).find(
        (item) => item.id === questionId,
      ) as Record<string, never>;
      const value = {
        'question.prompt': question.prompt,
        'question.option': (question.options as { text: string }[])[0].text,
        'question.explanation': question.explanation,
        'question.legal-url': (question.legalReference as { url: string })?.url,
        'question.legal-title': (question.legalReference as { title: string })?.title,
      }[row.where];
      assert.equal(value, typed);
      return;
    }
    case 'video.title':
    case 'video.transcript':
      assert.equal(yaml(videoKey)[row.where.slice('video.'.length)], typed);
      return;
    case 'video.captions': {
      assert.ok(media.includes(`media/videos/${VIDEO}.vi.vtt`));
      assert.equal(
        readFileSync(join(repoRoot, 'data', 'drafts', draftId, 'public', 'media', 'videos', `${VIDEO}.vi.vtt`), 'utf8'),
        row.payload,
      );
      assert.equal(yaml(videoKey).captions, `/media/videos/${VIDEO}.vi.vtt`);
      // Served to the preview as captions, never as a page a browser would run.
      const served = await fetch(`${server.baseUrl}${base()}/tep/media/videos/${VIDEO}.vi.vtt`, {
        headers: { Cookie: cookie },
      });
      assert.equal(served.status, 200);
      assert.match(served.headers.get('content-type') ?? '', /^text\/vtt\b/);
      assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
      await served.body?.cancel();
      return;
    }
    case 'video.file-name':
      // The upload's own name is never used: the file is stored under the video's id.
      assert.deepEqual(
        (yaml(videoKey).sources as { src: string }[]).map((source) => source.src),
        [`/media/videos/${VIDEO}.mp4`],
      );
      for (const path of media) assert.match(path, /^media\/videos\/[a-z0-9][a-z0-9.-]*\.[a-z0-9]+$/);
      assert.deepEqual(
        new Uint8Array(
          readFileSync(join(repoRoot, 'data', 'drafts', draftId, 'public', 'media', 'videos', `${VIDEO}.mp4`)),
        ),
        MP4_BYTES,
      );
      for (const text of Object.values(files))
        assert.ok(!text.includes(row.payload), 'the upload name is stored nowhere');
      return;
    case 'case.field-name':
    case 'course.field-name':
    case 'question.field-name':
      for (const [key, text] of Object.entries(files))
        assert.ok(!/polluted|__proto__|constructor|prototype/.test(text), `${key} has a key from a field name`);
      return;
    case 'h5p.title': {
      const db = openTestDatabase(databaseUrl);
      try {
        const rows = await db.select().from(h5pPackages);
        assert.equal(rows.find((item) => item.id === H5P_ID)?.title, typed);
      } finally {
        db.$client.close();
      }
      return;
    }
    default:
      assert.fail(`no stored check for ${row.where}`);
  }
}

// ── The rows ──────────────────────────────────────────────────────────────────────────────────

/** A row's name: where, and the payload in one short line. */
function nameOf(row: RedTeamRow): string {
  const payload = row.note ?? JSON.stringify(row.payload).slice(1, -1);
  const expected = row.expected === 'inert' ? 'inert' : row.expected === 'markup' ? 'markup (control)' : 'refused';
  return `${row.where}: ${payload.length > 90 ? `${payload.slice(0, 87)}…` : payload} → ${expected}`;
}

async function runRow(row: RedTeamRow): Promise<void> {
  const before = await snapshot();
  const answer = await submit(row.where, row.payload);
  assert.ok(answer.status < 500, `never a server error (got ${answer.status})`);
  const isHtml = /text\/html/.test(answer.headers.get('content-type') ?? '');
  if (isHtml) assert.deepEqual(markupProblems(answer.body), [], 'the answering page shows the payload only as text');

  if (typeof row.expected === 'object') {
    assert.ok(
      answer.status >= 400 && answer.status < 500,
      `refused with a 4xx (got ${answer.status}${answer.headers.get('location') ? ` → ${answer.headers.get('location')}` : ''})`,
    );
    assert.match(decodeEntities(answer.body), row.expected.refused, 'the Vietnamese message says why');
    if (row.payload.includes('<') && isHtml)
      assert.ok(!outsideQuotedValues(answer.body).includes(row.payload), 'the form echoes the payload escaped');
    assert.deepEqual(await snapshot(), before, 'nothing was written');
    return;
  }

  assert.ok(
    answer.status >= 300 && answer.status < 400,
    `saved: the form redirects (got ${answer.status}: ${firstError(answer.body)})`,
  );
  await assertStored(row);
  if (row.expected === 'markup')
    assert.notDeepEqual(
      await snapshot(),
      before,
      'the control changed the stored draft, so "nothing was written" can fail',
    );
  const view = await fetch(`${server.baseUrl}${viewOf(row.where)}`, {
    headers: { Cookie: cookie },
    redirect: 'manual',
  });
  const html = await view.text();
  assert.equal(view.status, 200, `the page showing it renders (${viewOf(row.where)}: ${firstError(html)})`);
  assert.deepEqual(markupProblems(html), [], 'the page has the payload only as text');
  if (row.shows === null) {
    assert.ok(
      ![row.payload, escapedText(row.payload), escapedAttribute(row.payload)].some((form) => html.includes(form)),
      'the value is shown nowhere',
    );
  } else if (row.shows === undefined) {
    // As text (& < > " ' escaped), or as the value of a quoted attribute (& " escaped).
    const typed = row.payload.trim();
    assert.ok(
      html.includes(escapedText(typed)) || html.includes(`"${escapedAttribute(typed)}"`),
      `the page shows ${JSON.stringify(escapedText(typed).slice(0, 120))}`,
    );
  } else if (typeof row.shows === 'string') {
    assert.ok(html.includes(row.shows), `the page shows ${JSON.stringify(row.shows.slice(0, 120))}`);
  } else {
    assert.match(html, row.shows);
  }
  if (row.expected === 'inert' && row.payload.includes('<'))
    assert.ok(
      !outsideQuotedValues(html).includes(row.payload.trim()),
      'the raw payload is in the page only inside a quoted attribute value',
    );
}

/** `text` as the value of a double-quoted attribute: Astro escapes & and ". */
function escapedAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** The page with every quoted attribute value emptied (where "<" is only a character). */
function outsideQuotedValues(html: string): string {
  return html.replace(/=\s*"[^"]*"/g, '=""').replace(/=\s*'[^']*'/g, "=''");
}

/** The first error message of a page, for assertion messages. */
function firstError(html: string): string {
  return decodeEntities(
    /class="field-error"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([^<]{1,300})/.exec(html)?.[1] ?? html.slice(0, 200),
  );
}

before(async () => {
  h5pDir = mkdtempSync(join(tmpdir(), 'red-team-h5p-'));
  databaseUrl = await createTestDatabase();
  server = await startServer({ DATABASE_URL: databaseUrl, H5P_DIR: h5pDir });
  cookie = await signInOverHttp(server.baseUrl, 'giangvien', 'soan-bai-giang-2026');
  draftId = await openDraftOverHttp(server.baseUrl, cookie, COURSE);
  const { files } = await storedDraft(databaseUrl, draftId);

  const values = courseFormValues(parseYamlText(files[courseKey]));
  courseBase = [
    ['title', values.title],
    ['summary', values.summary],
    ['kind', values.kind],
    ...values.fields.map((field) => ['fields', field] as const),
    ...values.audiences.map((audience) => ['audiences', audience] as const),
    ['hours', values.hours],
    ['days', values.days],
    ['objectives', values.objectives],
    ['version', values.version],
    ['status', values.status],
    ...(values.sample ? [['sample', 'true'] as const] : []),
    ['updated', values.updated],
    ...values.legalBases.flatMap(
      (row) =>
        [
          ['legalType', row.type],
          ['legalNumber', row.number],
          ['legalYear', row.year],
          ['legalTitle', row.title],
          ['legalArticle', row.article],
          ['legalUrl', row.url],
          ['legalChecked', row.checked],
        ] as const,
    ),
    ...values.instructors.flatMap(
      (row) =>
        [
          ['instructorName', row.name],
          ['instructorOrganisation', row.organisation],
        ] as const,
    ),
  ];
  assert.ok(
    values.legalBases.length > 0 && values.instructors.length > 0,
    'the demo course has legal bases and instructors to edit',
  );
  videoTranscript = String((parseYamlText(files[videoKey]) as { transcript: string }).transcript).trim();

  // A case study and a question of the draft's own, made with their "new" forms.
  const createdCase = await postForm(
    server.baseUrl,
    cookie,
    `${base()}/tinh-huong/moi/?_action=authoringItems.saveCaseStudy`,
    caseFields('case.title', 'Tình huống kiểm thử an toàn nội dung'),
  );
  caseId = /\/tinh-huong\/([a-z0-9-]+)\/\?da-luu=1$/.exec(createdCase.headers.get('location') ?? '')?.[1] ?? '';
  assert.ok(caseId, `the case study should be created (status ${createdCase.status}: ${firstError(createdCase.body)})`);
  const createdQuestion = await postForm(
    server.baseUrl,
    cookie,
    `${base()}/ngan-hang/${BANK}/cau-hoi/moi/?_action=authoringItems.saveQuestion`,
    questionFields('question.prompt', 'Cán bộ tiếp công dân làm gì đầu tiên khi nhận đơn?'),
  );
  questionId = /\?da-luu=([a-z0-9-]+)$/.exec(createdQuestion.headers.get('location') ?? '')?.[1] ?? '';
  assert.ok(
    questionId,
    `the question should be created (status ${createdQuestion.status}: ${firstError(createdQuestion.body)})`,
  );
});

after(async () => {
  await server?.stop();
  if (h5pDir) rmSync(h5pDir, { recursive: true, force: true });
  // Uploads of the draft land in the served folder's data/drafts/<draft>/.
  if (draftId) rmSync(join(repoRoot, 'data', 'drafts', draftId), { recursive: true, force: true });
});

describe('the red-team table', () => {
  test('has at least 60 rows covering every entry point, and every inert payload carries the marker', () => {
    assert.ok(RED_TEAM_ROWS.length >= 60, `${RED_TEAM_ROWS.length} rows`);
    for (const where of ENTRY_POINTS)
      assert.ok(
        RED_TEAM_ROWS.some((row) => row.where === where),
        `a row for ${where}`,
      );
    for (const row of RED_TEAM_ROWS) {
      if (row.expected === 'inert' && row.shows === undefined)
        assert.ok(row.payload.includes(MARKER), `${nameOf(row)} carries ${MARKER}`);
      if (row.expected === 'markup') assert.ok(row.shows, `${nameOf(row)} says what markup it renders`);
    }
    assert.ok(
      RED_TEAM_ROWS.some((row) => row.expected === 'markup'),
      'a control row',
    );
  });

  test('the inert check finds markup made from a payload, and passes the same payload escaped', () => {
    const made = [
      '<p><img src=x onerror=alert(1)></p>',
      '<a href="java&#x09;script:alert(1)">x</a>',
      '<p><script>alert(1)</script></p>',
      '<textarea></textarea><script>alert(1)</script></textarea>',
      '<meta content="" onmouseover="alert(1)">',
      '<iframe srcdoc="&lt;b&gt;"></iframe>',
      '<!-- alert(1) -->',
    ];
    for (const html of made) assert.notDeepEqual(markupProblems(html), [], html);
    assert.deepEqual(
      markupProblems(
        `<p>${escapedText('<img src=x onerror=alert(1)>')}</p><meta content="${escapedText('" onmouseover="alert(1)')}">`,
      ),
      [],
    );
  });

  for (const row of RED_TEAM_ROWS) {
    test(nameOf(row), { todo: row.todo }, () => runRow(row));
  }
});
