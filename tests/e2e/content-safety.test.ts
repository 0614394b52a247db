/**
 * Author text is data, in Debian Chromium against the real server in a copy of the project: an
 * instructor tries a lesson body with each kind of active content through the lesson form and is
 * refused, naming the line and what to write instead, with nothing saved; the fixed body (the same
 * intentions written safely) is saved, previewed, submitted and published. Then the preview and the
 * published pages are crawled as a learner, an administrator and a reviewer, recording every dialog,
 * every request to another origin and every CSP violation: there must be none. The control: a
 * script injected into a crawled page is blocked by the policy and recorded, so the crawl can fail.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { PHONE } from '../support/browser.ts';
import { submitButton } from '../support/navigation.ts';
import { waitForPublication } from '../support/publication.ts';
import { signInThroughForm } from '../support/sign-in.ts';
import { useSite } from '../support/site.ts';

// Isolated: publishing builds and writes content/ and data/builds/ of the folder the server runs in.
const site = useSite({}, { isolated: true });
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const COURSE_TITLE = 'Tập huấn: tiếp công dân';
const LESSON_FILE = '01-tiep-cong-dan-tai-tru-so-ubnd-xa';
const LESSON_PATH = `/khoa-hoc/${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa/`;

/** [what an author might write, the refusal it gets, the same intention written safely]. */
const CASES: [string, RegExp, string][] = [
  [
    "Kết quả: {process.getBuiltinModule('child_process').execSync('id').toString()}",
    /Không dùng biểu thức/,
    'Kết quả: \\{lệnh\\} chỉ là chữ.',
  ],
  ["import fs from 'node:fs'", /Không dùng import hay export/, 'Bài học không cần import.'],
  [
    '<img src="x" onerror="alert(\'img\')" />',
    /Không dùng thẻ HTML <img>/,
    '![Sơ đồ quy trình tiếp công dân](/media/videos/quy-trinh-tiep-cong-dan.jpg)',
  ],
  [
    "[Mở văn bản](javascript:alert('link'))",
    /giao thức "javascript:" không được phép/,
    '[Mở văn bản](https://vbpl.vn/)',
  ],
  ["[Trang khóa học](&#106;avascript:alert('entity'))", /giao thức "javascript:"/, '[Trang khóa học](/khoa-hoc/)'],
  [
    "[Tham chiếu][vb]\n\n[vb]: JAVASCRIPT:alert('ref')",
    /giao thức "javascript:"/,
    '[Tham chiếu][vb]\n\n[vb]: https://vbpl.vn/',
  ],
  [
    '![Ảnh](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
    /Ảnh .* không được phép/,
    '![Ảnh minh họa](/media/videos/nop-ho-so-dich-vu-cong-truc-tuyen.jpg)',
  ],
  [
    '<Download href="/media/../../data/hoc-lieu-so.db" title="CSDL" />',
    /<Download> thuộc tính href/,
    '<Download href="/media/handouts/phan-loai-don-bang-huong-dan.txt" title="Bảng hướng dẫn phân loại đơn" />',
  ],
  [
    "<script>alert('script')</script>",
    /Không dùng thẻ HTML <script>/,
    "```html\n<script>alert('script')</script>\n```",
  ],
  [
    '<iframe srcdoc="<script>alert(1)</script>" />',
    /Không dùng thẻ HTML <iframe>/,
    'Khung nhúng thay bằng một liên kết: [trang khóa học](/khoa-hoc/).',
  ],
  [
    '<Callout kind="meo" title={alert(\'attr\')}>Chữ.</Callout>',
    /thuộc tính title phải là chữ trong ngoặc kép/,
    '<Callout kind="meo" title="Mẹo &lt;b&gt; an toàn">Chữ thường.</Callout>',
  ],
  [
    '<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" url="javascript:alert(\'legal\')" checked="2026-12-07" />',
    /https:\/\/ hoặc http:\/\//,
    '<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" url="https://vbpl.vn/" checked="2026-12-07" />',
  ],
  [
    "<!-- <script>alert('comment')</script> -->",
    /Không dùng chú thích HTML/,
    'Ghi chú cho người duyệt viết ở phần nhận xét.',
  ],
];

interface Observed {
  dialogs: string[];
  foreignRequests: string[];
  violations: string[];
}

interface Person extends Observed {
  context: BrowserContext;
  page: Page;
}

/** A signed-in person whose browser records dialogs, requests to other origins and CSP violations. */
async function watched(username: string, password: string): Promise<Person> {
  const context = await site.browser.newContext({ viewport: PHONE });
  const person = {
    context,
    page: await context.newPage(),
    dialogs: [] as string[],
    foreignRequests: [] as string[],
    violations: [] as string[],
  };
  const origin = new URL(site.baseUrl).origin;
  context.on('request', (request) => {
    const url = request.url();
    if (/^https?:/.test(url) && new URL(url).origin !== origin) person.foreignRequests.push(url);
  });
  context.on('page', (page) => page.on('dialog', (dialog) => void dialog.dismiss()));
  person.page.on('dialog', (dialog) => {
    person.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Installed by the browser itself before any page script, so the page's policy does not apply to it.
  await context.exposeBinding('reportViolation', (_source, text: string) => void person.violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI} on ${location.pathname}`,
      );
    });
  });
  await signInThroughForm(person.page, site.baseUrl, username, password);
  return person;
}

/** Visits each path; returns the ones that did not answer 200. */
async function crawl(person: Person, paths: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const path of paths) {
    const response = await person.page.goto(`${site.baseUrl}${path}`);
    await person.page.waitForLoadState('load');
    if (response?.status() !== 200) failed.push(`${path} → ${response?.status()}`);
  }
  return failed;
}

function clean(person: Observed): Observed {
  return { dialogs: person.dialogs, foreignRequests: person.foreignRequests, violations: person.violations };
}

const NOTHING: Observed = { dialogs: [], foreignRequests: [], violations: [] };

describe('author text is data', () => {
  let writer: Person;
  let draftUrl = '';
  let cleanBody = '';
  before(async () => {
    writer = await watched('giangvien', 'soan-bai-giang-2026');
    await writer.page.goto(`${site.baseUrl}/giang-vien/`);
    await writer.page
      .getByRole('button', { name: new RegExp(`Sửa khóa học ${COURSE_TITLE}`) })
      .first()
      .click();
    await writer.page.waitForURL(/\/giang-vien\/ban-nhap\/[a-z0-9]+\/$/);
    draftUrl = writer.page.url();
    await writer.page.goto(`${draftUrl}bai/${LESSON_FILE}/`);
    cleanBody = await writer.page.getByRole('textbox', { name: 'Nội dung bài học' }).inputValue();
  });
  after(async () => {
    await writer?.context.close();
  });

  test('each kind of active content is refused through the lesson form, saying what to write instead, and nothing is saved', async () => {
    const body = writer.page.getByRole('textbox', { name: 'Nội dung bài học' });
    for (const [payload, refusal] of CASES) {
      await writer.page.goto(`${draftUrl}bai/${LESSON_FILE}/`);
      await body.fill(`${cleanBody}\n\n${payload}\n`);
      const status = await submitButton(writer.page, 'Lưu bài học');

      assert.equal(status, 400, payload);
      const summary = await writer.page.locator('.error-summary').innerText();
      assert.match(summary, /dòng \d+, cột \d+/, payload);
      assert.match(summary, refusal, `${payload}\n${summary}`);
      assert.equal(await body.inputValue(), `${cleanBody}\n\n${payload}\n`, 'the form keeps what was typed');
      await writer.page.goto(`${draftUrl}bai/${LESSON_FILE}/`);
      assert.equal(await body.inputValue(), cleanBody, `nothing of ${payload} was saved`);
    }
  });

  test('the same intentions written safely are saved and previewed, with nothing active and no violation', async () => {
    const body = writer.page.getByRole('textbox', { name: 'Nội dung bài học' });
    await writer.page.goto(`${draftUrl}bai/${LESSON_FILE}/`);
    await body.fill(`${cleanBody}\n\n${CASES.map(([, , fixed]) => fixed).join('\n\n')}\n`);
    assert.equal(await submitButton(writer.page, 'Lưu bài học'), 200);
    assert.equal(await writer.page.locator('.error-summary').count(), 0, await writer.page.locator('main').innerText());

    await writer.page.goto(`${draftUrl}xem-truoc/bai/${LESSON_FILE}/`);
    const article = writer.page.locator('article').first();
    assert.match(
      await article.innerText(),
      /<script>alert\('script'\)<\/script>/,
      'the code block shows the script as text',
    );
    assert.match(await article.innerText(), /Mẹo <b> an toàn/);
    // The platform's own bundled scripts and H5P frames are allowed; nothing else that runs.
    const active =
      'script:not([src^="/_astro/"]), iframe:not([src^="/h5p/"]), object, embed, [onerror], [onclick], [onload]';
    assert.deepEqual(
      await article.locator(active).evaluateAll((nodes) => nodes.map((node) => node.outerHTML.slice(0, 120))),
      [],
    );
    assert.equal(await writer.page.locator('a[href^="javascript:" i], img[src^="data:" i]').count(), 0);
    assert.equal(await article.getByRole('img', { name: 'Sơ đồ quy trình tiếp công dân' }).count(), 1);
    assert.deepEqual(clean(writer), NOTHING);
  });

  test('submitted and published by the reviewer, who crawls the preview first', async () => {
    await writer.page.goto(draftUrl);
    await writer.page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await writer.page.waitForLoadState();

    const reviewer = await watched('thamdinh', 'tham-dinh-noi-dung-2026');
    try {
      assert.deepEqual(
        await crawl(reviewer, [
          new URL(draftUrl).pathname,
          `${new URL(draftUrl).pathname}xem-truoc/`,
          `${new URL(draftUrl).pathname}xem-truoc/bai/${LESSON_FILE}/`,
        ]),
        [],
      );
      await reviewer.page.goto(draftUrl);
      await reviewer.page.getByRole('button', { name: 'Xuất bản' }).click();
      const ended = await waitForPublication(reviewer.page);
      // The job is marked done with the publication, a moment before the server has loaded the new build.
      for (
        let tries = 0;
        tries < 40 && !(await (await fetch(`${site.baseUrl}${LESSON_PATH}`)).text()).includes('https://vbpl.vn/');
        tries += 1
      ) {
        await reviewer.page.waitForTimeout(250);
      }

      assert.match(ended, /Đã xuất bản xong/, ended);
      assert.deepEqual(clean(reviewer), NOTHING);
    } finally {
      await reviewer.context.close();
    }
  });

  const PUBLIC_PAGES = [
    '/',
    '/khoa-hoc/',
    `/khoa-hoc/${COURSE}/`,
    LESSON_PATH,
    `/khoa-hoc/${COURSE}/phan-loai-va-xu-ly-don/`,
  ];
  const PEOPLE: [string, string, string, string[]][] = [
    ['a learner', 'hocvien', 'hoc-tap-moi-ngay', ['/viec-hoc-cua-toi/']],
    ['an administrator', 'quantri.songlam', 'quan-tri-tinh-2026', ['/quan-tri/']],
    ['a reviewer', 'thamdinh', 'tham-dinh-noi-dung-2026', ['/giang-vien/']],
  ];
  for (const [who, username, password, ownPages] of PEOPLE) {
    test(`${who} crawls the published pages: no dialog, no request to another origin, no CSP violation`, async () => {
      const person = await watched(username, password);
      try {
        assert.deepEqual(await crawl(person, [...PUBLIC_PAGES, ...ownPages]), []);
        await person.page.goto(`${site.baseUrl}${LESSON_PATH}`);
        const html = await person.page.content();

        assert.doesNotMatch(html, /javascript:/i);
        assert.equal(
          await person.page.locator('article a[href="https://vbpl.vn/"]').count(),
          3,
          'link, reference link and legal reference',
        );
        assert.equal(
          await person.page.locator('article a[href="/media/handouts/phan-loai-don-bang-huong-dan.txt"]').count(),
          1,
        );
        assert.deepEqual(clean(person), NOTHING);
      } finally {
        await person.context.close();
      }
    });
  }

  test('the control: a script injected into a crawled page is blocked by the policy and recorded', async () => {
    const person = await watched('hocvien', 'hoc-tap-moi-ngay');
    try {
      await person.page.goto(`${site.baseUrl}${LESSON_PATH}`);
      await person.page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.injectedRan = true; alert("injected")';
        document.body.append(script);
      });
      await person.page.waitForTimeout(300);

      assert.equal(
        await person.page.evaluate(() => (window as unknown as { injectedRan?: boolean }).injectedRan),
        undefined,
      );
      assert.deepEqual(person.dialogs, []);
      assert.equal(person.violations.length, 1, person.violations.join('\n'));
      assert.match(person.violations[0], /^script-src/);
    } finally {
      await person.context.close();
    }
  });
});
