/**
 * The H5P routes over HTTP, on the built server and a fresh seeded database: who may import, what
 * an upload answers, the headers that keep package content in an opaque origin, the practice
 * results API, and the review of a package that a published lesson embeds (the demo lesson
 * "Phân loại và xử lý đơn" embeds "phan-loai-don").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import {
  auditLog,
  certificates,
  courseCompletions,
  h5pPackages,
  h5pPackageVersions,
  h5pResults,
  lessonProgress,
  users,
} from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { writeZip, type ZipEntrySpec } from '../../src/lib/server/h5p/zip-writer.ts';
import { PLAYER_CORE_API } from '../../src/lib/h5p/core-api.ts';
import { invalidH5p, validH5p, fileInValidH5p } from '../support/h5p-fixtures.ts';

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/phan-loai-va-xu-ly-don`;
const DEMO_ID = 'phan-loai-don';

let server: RunningServer;
let databaseUrl: string;
let storage: string;
const cookie: Record<'learner' | 'instructor' | 'admin' | 'reviewer', string> = {
  learner: '',
  instructor: '',
  admin: '',
  reviewer: '',
};
let learnerId: string;

before(async () => {
  storage = await mkdtemp(join(tmpdir(), 'h5p-http-'));
  process.env.H5P_DIR = storage;
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  // sessions.ts opens DATABASE_URL on first use.
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const db = openTestDatabase(databaseUrl);
  const idOf = async (username: string) =>
    (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get())!.id;
  learnerId = await idOf('hocvien');
  cookie.learner = `hls_session=${await createSession(learnerId)}`;
  cookie.instructor = `hls_session=${await createSession(await idOf('giangvien'))}`;
  cookie.admin = `hls_session=${await createSession(await idOf('quantri.quangloi'))}`;
  cookie.reviewer = `hls_session=${await createSession(await idOf('thamdinh'))}`;
  db.$client.close();
  server = await startServer({ DATABASE_URL: databaseUrl, H5P_DIR: storage });
});
after(async () => {
  await server?.stop();
  await rm(storage, { recursive: true, force: true });
});

async function query<T>(read: (db: ReturnType<typeof openTestDatabase>) => Promise<T>): Promise<T> {
  const db = openTestDatabase(databaseUrl);
  try {
    return await read(db);
  } finally {
    db.$client.close();
  }
}

function upload(
  fields: { id?: string; title?: string; file?: { name: string; bytes: Buffer } },
  who = cookie.instructor,
): Promise<Response> {
  const form = new FormData();
  if (fields.id !== undefined) form.set('id', fields.id);
  if (fields.title !== undefined) form.set('title', fields.title);
  if (fields.file) form.set('file', new File([new Uint8Array(fields.file.bytes)], fields.file.name));
  return fetch(`${server.baseUrl}/quan-tri/h5p/`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { Cookie: who, Origin: server.baseUrl },
  });
}

function postResult(body: unknown, who?: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/h5p/results`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.baseUrl, ...(who ? { Cookie: who } : {}) },
    body: JSON.stringify(body),
  });
}

const validPackage = (name: string) => readFile(validH5p(name));

/** POST a url-encoded form to a package's page, as its buttons do. */
function postAction(id: string, form: Record<string, string>, who: string): Promise<Response> {
  return fetch(`${server.baseUrl}/quan-tri/h5p/${id}/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: who, Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

async function page(path: string, who: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { Cookie: who }, redirect: 'manual' });
  return { status: response.status, html: await response.text() };
}

/** The version folder the player of `id` loads its files from (optionally a given version's player). */
async function filesBaseOf(id: string, version?: string): Promise<{ status: number; base: string | undefined }> {
  const response = await fetch(`${server.baseUrl}/h5p/${id}/${version ? `?phien-ban=${version}` : ''}`);
  return { status: response.status, base: /data-files="([^"]+)"/.exec(await response.text())?.[1] };
}

/** A small valid package, with extra files or a library.json change. */
function smallPackage(changes: { extra?: ZipEntrySpec[]; library?: object } = {}): Buffer {
  return writeZip([
    {
      name: 'h5p.json',
      data: JSON.stringify({
        title: 'Thử',
        language: 'vi',
        mainLibrary: 'H5P.Test',
        embedTypes: ['div'],
        preloadedDependencies: [{ machineName: 'H5P.Test', majorVersion: 1, minorVersion: 0 }],
      }),
    },
    { name: 'content/content.json', data: '{}' },
    {
      name: 'H5P.Test-1.0/library.json',
      data: JSON.stringify({
        title: 'Test',
        machineName: 'H5P.Test',
        majorVersion: 1,
        minorVersion: 0,
        patchVersion: 0,
        runnable: 1,
        preloadedJs: [{ path: 'test.js' }],
        ...changes.library,
      }),
    },
    { name: 'H5P.Test-1.0/test.js', data: 'H5P.Test = function () {};' },
    ...(changes.extra ?? []),
  ]);
}

/** The EICAR antivirus test text, joined so that this file is not itself taken for it. */
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

describe('the import page /quan-tri/h5p/', () => {
  test('sends a signed-out visitor to the sign-in page', async () => {
    const response = await fetch(`${server.baseUrl}/quan-tri/h5p/`, { redirect: 'manual' });

    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `/dang-nhap/?next=${encodeURIComponent('/quan-tri/h5p/')}`);
  });

  test('answers 404 to a learner, as for a page that does not exist', async () => {
    const page = await fetch(`${server.baseUrl}/quan-tri/h5p/`, { headers: { Cookie: cookie.learner } });
    const post = await upload(
      { id: 'cua-hoc-vien', title: 'x', file: { name: 'a.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') } },
      cookie.learner,
    );

    assert.equal(page.status, 404);
    assert.equal(post.status, 404);
    assert.equal(
      await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, 'cua-hoc-vien')).get()),
      undefined,
    );
  });

  test('lists the demo activities for an instructor and an administrator', async () => {
    for (const who of [cookie.instructor, cookie.admin]) {
      const response = await fetch(`${server.baseUrl}/quan-tri/h5p/`, { headers: { Cookie: who } });

      assert.equal(response.status, 200);
      assert.match(await response.text(), new RegExp(`data-h5p-package="${DEMO_ID}"`));
    }
  });

  test('imports a valid package and redirects to a page saying so', async () => {
    const response = await upload({
      id: 'dung-sai',
      title: 'Đúng hay sai',
      file: { name: 'TrueFalse.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') },
    });
    const row = await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, 'dung-sai')).get());
    const page = await fetch(`${server.baseUrl}${response.headers.get('location')}`, {
      headers: { Cookie: cookie.instructor },
    });

    assert.equal(response.status, 303);
    assert.equal(row?.mainLibrary, 'H5P.TrueFalse 1.6');
    assert.match(await page.text(), /Đã nhập gói “Đúng hay sai”/);
  });

  test('says on the page that re-importing an id replaced the old package', async () => {
    await upload({
      id: 'thay-the',
      title: 'Lần đầu',
      file: { name: 'a.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') },
    });

    const response = await upload({
      id: 'thay-the',
      title: 'Lần hai',
      file: { name: 'b.h5p', bytes: await validPackage('H5P.MultiChoice.h5p') },
    });
    const page = await (
      await fetch(`${server.baseUrl}${response.headers.get('location')}`, { headers: { Cookie: cookie.instructor } })
    ).text();

    assert.match(page, /Gói cũ cùng mã đã được thay thế/);
    // The old version's folder stays (for players already open) until housekeeping, after a day.
    assert.deepEqual((await readdir(join(storage, 'thay-the'))).length, 2);
  });

  test('refuses a broken package with 422 and its reason in Vietnamese, installing nothing', async () => {
    const bytes = await readFile(invalidH5p('broken-h5p-json.h5p'));

    const response = await upload({ id: 'goi-hong', title: 'Gói hỏng', file: { name: 'broken-h5p-json.h5p', bytes } });
    const html = await response.text();

    assert.equal(response.status, 422);
    assert.match(html, /<title>Lỗi: /);
    assert.match(html, /Có lỗi cần sửa/);
    assert.match(html, /Tệp &quot;h5p\.json&quot; không phải JSON hợp lệ|Tệp "h5p\.json" không phải JSON hợp lệ/);
    assert.equal(existsSync(join(storage, 'goi-hong')), false);
    assert.equal(
      await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, 'goi-hong')).get()),
      undefined,
    );
  });

  test('refuses an id with capitals or accents, naming the field', async () => {
    const response = await upload({
      id: 'Phân-Loại',
      title: 'x',
      file: { name: 'a.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') },
    });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /href="#ma-hoat-dong"/);
    assert.match(html, /Mã hoạt động chỉ gồm chữ thường không dấu/);
  });

  test('refuses a form without a file or a title', async () => {
    const response = await upload({ id: 'thieu-tep', title: '' });
    const html = await response.text();

    assert.equal(response.status, 400);
    assert.match(html, /Hãy chọn tệp gói H5P \(\.h5p\) để nhập\./);
    assert.match(html, /Hãy nhập tiêu đề hoạt động\./);
  });

  test('refuses a file that is not named .h5p with 415', async () => {
    const response = await upload({
      id: 'khong-phai',
      title: 'x',
      file: { name: 'bai.pdf', bytes: Buffer.from('%PDF-1.4') },
    });

    assert.equal(response.status, 415);
    assert.match(await response.text(), /chỉ nhận tệp \.h5p/);
  });

  test('refuses an upload larger than 64 MB with 413 before opening it', async () => {
    const bytes = writeZip([{ name: 'content/lon.bin', data: Buffer.alloc(65 * 1024 * 1024, 1), method: 'store' }]);

    const response = await upload({ id: 'qua-lon', title: 'Quá lớn', file: { name: 'lon.h5p', bytes } });

    assert.equal(response.status, 413);
    assert.match(await response.text(), /Tệp lớn hơn 64 MB/);
    assert.equal(existsSync(join(storage, 'qua-lon')), false);
  });
});

describe('the player and package files under /h5p/', () => {
  async function demoFilesBase(): Promise<string> {
    const html = await (await fetch(`${server.baseUrl}/h5p/${DEMO_ID}/`)).text();
    return /data-files="([^"]+)"/.exec(html)![1];
  }

  test('serve the player page sandboxed into an opaque origin, framable only by the platform', async () => {
    const response = await fetch(`${server.baseUrl}/h5p/${DEMO_ID}/`);
    const csp = response.headers.get('content-security-policy') ?? '';

    assert.equal(response.status, 200);
    assert.match(csp, /^sandbox allow-scripts;/);
    assert.doesNotMatch(csp, /allow-same-origin/);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'self'/);
    assert.doesNotMatch(csp, /https?:|\*/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });

  test('serve package files with a sandbox policy, nosniff, open CORS and an immutable cache', async () => {
    const response = await fetch(`${server.baseUrl}${await demoFilesBase()}/h5p.json`);

    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(response.headers.get('content-security-policy') ?? '', /^sandbox;/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await response.json()).mainLibrary, 'H5P.MultiChoice');
  });

  test('answer a CORS preflight for package media', async () => {
    const response = await fetch(`${server.baseUrl}${await demoFilesBase()}/h5p.json`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'null',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-requested-with',
      },
    });

    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /X-Requested-With/);
  });

  test('serve part of a file for a Range request', async () => {
    const response = await fetch(`${server.baseUrl}${await demoFilesBase()}/h5p.json`, {
      headers: { Range: 'bytes=0-0' },
    });

    assert.equal(response.status, 206);
    assert.equal(await response.text(), '{');
    assert.match(response.headers.get('content-range') ?? '', /^bytes 0-0\/\d+$/);
  });

  test('answer 404 to paths that try to leave the package folder', async () => {
    const base = await demoFilesBase();
    for (const path of ['..%2F..%2F..%2Fpackage.json', 'content/..%2F..%2Fh5p.json', 'content%00.json']) {
      const response = await fetch(`${server.baseUrl}${base}/${path}`);

      assert.equal(response.status, 404, path);
      assert.match(response.headers.get('content-security-policy') ?? '', /^sandbox;/);
    }
  });

  test('serve h5p-standalone from node_modules under a versioned URL, and nothing else of the package', async () => {
    const html = await (await fetch(`${server.baseUrl}/h5p/${DEMO_ID}/`)).text();
    const main = /src="(\/h5p\/trinh-phat\/[^"]+\/main\.bundle\.js)"/.exec(html)![1];

    const script = await fetch(`${server.baseUrl}${main}`);
    const typings = await fetch(`${server.baseUrl}${main.replace('main.bundle.js', 'h5p.d.ts')}`);
    const manifest = await fetch(`${server.baseUrl}${main.replace('main.bundle.js', '../package.json')}`);
    const otherVersion = await fetch(`${server.baseUrl}${main.replace(/trinh-phat\/[^/]+\//, 'trinh-phat/0.0.1/')}`);

    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(script.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(script.headers.get('access-control-allow-origin'), '*');
    assert.equal(typings.status, 404);
    assert.equal(manifest.status, 404);
    assert.equal(otherVersion.status, 404);
  });

  test('show a Vietnamese notice, with 404, for a package that is not installed', async () => {
    const response = await fetch(`${server.baseUrl}/h5p/chua-co-goi-nay/`);

    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-security-policy') ?? '', /^sandbox allow-scripts;/);
    assert.match(await response.text(), /Hoạt động “chua-co-goi-nay” chưa được cài đặt/);
  });

  test('never read or refresh the session, even when a session cookie is sent', async () => {
    const player = await fetch(`${server.baseUrl}/h5p/${DEMO_ID}/`, { headers: { Cookie: cookie.learner } });
    const file = await fetch(`${server.baseUrl}${await demoFilesBase()}/h5p.json`, {
      headers: { Cookie: cookie.learner },
    });

    assert.equal(player.headers.get('set-cookie'), null);
    assert.equal(file.headers.get('set-cookie'), null);
    assert.match(file.headers.get('cache-control') ?? '', /^public/);
  });
});

describe('POST /api/v1/h5p/results', () => {
  const answered = {
    packageId: DEMO_ID,
    courseId: COURSE,
    lessonId: LESSON,
    verb: 'answered',
    score: { raw: 1, max: 1 },
    success: true,
    completion: true,
  };

  test('answers 401 in Vietnamese to a signed-out visitor', async () => {
    const response = await postResult(answered);

    assert.equal(response.status, 401);
    assert.match((await response.json()).error, /chưa đăng nhập/);
  });

  test('refuses a score above its maximum, naming the field', async () => {
    const response = await postResult({ ...answered, score: { raw: 5, max: 1 } }, cookie.learner);
    const body = await response.json();

    assert.equal(response.status, 400);
    assert.deepEqual(body.issues, [
      { path: 'score.raw', message: 'Điểm đạt được (raw) không được lớn hơn điểm tối đa (max).' },
    ]);
  });

  test('refuses an unknown verb and unknown fields', async () => {
    const response = await postResult({ ...answered, verb: 'passed', userId: 'ai-do' }, cookie.learner);

    assert.equal(response.status, 400);
    const paths = (await response.json()).issues.map((issue: { path: string }) => issue.path);
    assert.ok(paths.includes('verb'));
  });

  test('answers 404 for a package that is not installed', async () => {
    const response = await postResult({ ...answered, packageId: 'khong-co' }, cookie.learner);

    assert.equal(response.status, 404);
    assert.match((await response.json()).error, /chưa được cài đặt/);
  });

  test('refuses a lesson that does not belong to the course', async () => {
    const response = await postResult({ ...answered, lessonId: `${COURSE}/khong-co-bai-nay` }, cookie.learner);

    assert.equal(response.status, 400);
    assert.equal((await response.json()).issues[0].path, 'lessonId');
  });

  test('refuses a cross-site request', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/h5p/results`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'null', Cookie: cookie.learner },
      body: JSON.stringify(answered),
    });

    assert.equal(response.status, 403);
  });

  test('keeps one row per learner and activity: statements counted, last score, best scaled score, first completion', async () => {
    const first = await postResult(
      { ...answered, packageId: 'dung-sai', score: { raw: 1, max: 2 }, completion: false, success: false },
      cookie.learner,
    );
    const second = await postResult({ ...answered, packageId: 'dung-sai', score: { raw: 2, max: 2 } }, cookie.learner);
    const third = await postResult(
      { ...answered, packageId: 'dung-sai', score: { raw: 0, max: 2 }, verb: 'completed' },
      cookie.learner,
    );
    const rows = await query((db) =>
      db
        .select()
        .from(h5pResults)
        .where(and(eq(h5pResults.userId, learnerId), eq(h5pResults.packageId, 'dung-sai'))),
    );

    assert.deepEqual([first.status, second.status, third.status], [200, 200, 200]);
    assert.equal(rows.length, 1);
    assert.deepEqual(
      {
        statements: rows[0].statements,
        lastRaw: rows[0].lastRaw,
        lastMax: rows[0].lastMax,
        bestScaled: rows[0].bestScaled,
      },
      { statements: 3, lastRaw: 0, lastMax: 2, bestScaled: 1 },
    );
    assert.ok(rows[0].completedAt instanceof Date);
    assert.equal(rows[0].lessonId, LESSON);
  });

  test('never completes a lesson or a course, nor issues a certificate', async () => {
    for (const verb of ['answered', 'completed'])
      assert.equal((await postResult({ ...answered, verb }, cookie.learner)).status, 200);

    const completions = await query((db) =>
      db.select().from(courseCompletions).where(eq(courseCompletions.userId, learnerId)),
    );
    const issued = await query((db) => db.select().from(certificates).where(eq(certificates.userId, learnerId)));
    const lessons = await query((db) => db.select().from(lessonProgress).where(eq(lessonProgress.userId, learnerId)));

    assert.deepEqual(completions, []);
    assert.deepEqual(issued, []);
    assert.deepEqual(lessons, []);
  });
});

describe('what an upload must be', () => {
  test('refuses the EICAR test text named content/eicar.jpg with 422, naming the file, while a real JPEG imports', async () => {
    const jpeg = await fileInValidH5p('H5P.TrueFalse.h5p', 'content/images/file-582dbbc081261.jpg');

    const control = await upload({
      id: 'anh-that',
      title: 'Ảnh thật',
      file: { name: 'a.h5p', bytes: smallPackage({ extra: [{ name: 'content/eicar.jpg', data: jpeg }] }) },
    });
    const response = await upload({
      id: 'anh-eicar',
      title: 'Ảnh giả',
      file: { name: 'a.h5p', bytes: smallPackage({ extra: [{ name: 'content/eicar.jpg', data: EICAR }] }) },
    });
    const html = await response.text();

    assert.equal(control.status, 303);
    assert.equal(response.status, 422);
    assert.match(
      html,
      /Tệp (&quot;|")content\/eicar\.jpg(&quot;|") có đuôi (&quot;|")\.jpg(&quot;|") nhưng nội dung không phải ảnh JPEG/,
    );
    assert.equal(existsSync(join(storage, 'anh-eicar')), false);
  });

  test('refuses a library needing a newer H5P core than the player with 422, naming the library and both versions', async () => {
    const newer = { majorVersion: PLAYER_CORE_API.majorVersion, minorVersion: PLAYER_CORE_API.minorVersion + 1 };

    const response = await upload({
      id: 'loi-moi-qua',
      title: 'Lõi mới',
      file: { name: 'a.h5p', bytes: smallPackage({ library: { coreApi: newer } }) },
    });
    const html = await response.text();

    assert.equal(response.status, 422);
    assert.match(
      html,
      new RegExp(
        `Thư viện (&quot;|")H5P\\.Test-1\\.0(&quot;|") \\(H5P\\.Test\\) cần lõi H5P \\(coreApi\\) phiên bản 1\\.${newer.minorVersion}, nhưng trình phát của hệ thống chỉ hỗ trợ đến phiên bản 1\\.${PLAYER_CORE_API.minorVersion}`,
      ),
    );
    assert.equal(existsSync(join(storage, 'loi-moi-qua')), false);
  });

  test('refuses a title with markup or a control character, saying it must be plain text', async () => {
    const bytes = smallPackage();
    const markup = await upload({
      id: 'tieu-de-the',
      title: '<img src=x onerror=alert(1)>',
      file: { name: 'a.h5p', bytes },
    });
    const control = await upload({ id: 'tieu-de-the', title: 'Dòng một\u0007', file: { name: 'a.h5p', bytes } });

    assert.equal(markup.status, 400);
    assert.match(await markup.text(), /Tiêu đề chỉ là văn bản thuần/);
    assert.equal(control.status, 400);
    assert.match(await control.text(), /không được có ký tự điều khiển/);
    assert.equal(
      await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, 'tieu-de-the')).get()),
      undefined,
    );
  });
});

describe('replacing a package that a published lesson embeds', () => {
  let liveBase: string;
  const versionsOfDemo = () =>
    query((db) =>
      db
        .select()
        .from(h5pPackageVersions)
        .where(eq(h5pPackageVersions.packageId, DEMO_ID))
        .orderBy(h5pPackageVersions.versionNumber),
    );

  before(async () => {
    liveBase = (await filesBaseOf(DEMO_ID)).base!;
  });

  test("a commune administrator's upload waits for review, and the lesson keeps playing the old version", async () => {
    const response = await upload(
      {
        id: DEMO_ID,
        title: 'Bản đề xuất của xã',
        file: { name: 'b.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') },
      },
      cookie.admin,
    );
    const notice = await page(response.headers.get('location') ?? '', cookie.admin);

    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /cho-duyet=phan-loai-don&phien-ban=2/);
    assert.match(notice.html, /Đã gửi phiên bản 2 của “phan-loai-don” chờ thẩm định/);
    assert.equal((await filesBaseOf(DEMO_ID)).base, liveBase, 'the player still loads the live version');
    assert.deepEqual(
      (await versionsOfDemo()).map((version) => [version.versionNumber, version.status]),
      [
        [1, 'live'],
        [2, 'pending'],
      ],
    );
  });

  test("an instructor's upload waits too, and each sees only their own pending versions while a reviewer sees all", async () => {
    const response = await upload(
      {
        id: DEMO_ID,
        title: 'Bản đề xuất của giảng viên',
        file: { name: 'c.h5p', bytes: await validPackage('H5P.MultiChoice.h5p') },
      },
      cookie.instructor,
    );

    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /cho-duyet=phan-loai-don&phien-ban=3/);
    assert.equal((await filesBaseOf(DEMO_ID)).base, liveBase);
    const lists = {
      admin: (await page('/quan-tri/h5p/', cookie.admin)).html,
      instructor: (await page('/quan-tri/h5p/', cookie.instructor)).html,
      reviewer: (await page('/quan-tri/h5p/', cookie.reviewer)).html,
    };
    assert.match(lists.admin, /data-h5p-pending="phan-loai-don\/2"/);
    assert.doesNotMatch(lists.admin, /data-h5p-pending="phan-loai-don\/3"/);
    assert.match(lists.instructor, /data-h5p-pending="phan-loai-don\/3"/);
    assert.doesNotMatch(lists.instructor, /data-h5p-pending="phan-loai-don\/2"/);
    assert.match(lists.reviewer, /data-h5p-pending="phan-loai-don\/2"[\s\S]*data-h5p-pending="phan-loai-don\/3"/);
  });

  test('a reviewer opens a pending version in the sandboxed player from the package page', async () => {
    const pending = (await versionsOfDemo())[1];

    const review = await page(`/quan-tri/h5p/${DEMO_ID}/?phien-ban=2`, cookie.reviewer);
    const player = await fetch(`${server.baseUrl}/h5p/${DEMO_ID}/?phien-ban=${pending.folder}`);
    const html = await player.text();

    assert.equal(review.status, 200);
    assert.match(review.html, /Xem thử phiên bản 2 \(chờ thẩm định\)/);
    assert.match(review.html, new RegExp(`src="/h5p/${DEMO_ID}/\\?phien-ban=${pending.folder}"`));
    assert.match(review.html, /Duyệt phiên bản 2/);
    assert.equal(player.status, 200);
    assert.match(player.headers.get('content-security-policy') ?? '', /^sandbox allow-scripts;/);
    assert.match(html, new RegExp(`data-files="/h5p/${DEMO_ID}/tep/${pending.folder}"`));
  });

  test('no one else may approve: 403 with the reason in Vietnamese, nothing changed', async () => {
    for (const who of [cookie.admin, cookie.instructor]) {
      const response = await postAction(DEMO_ID, { action: 'duyet', version: '2' }, who);

      assert.equal(response.status, 403);
      assert.match(
        await response.text(),
        /Chỉ người thẩm định nội dung mới duyệt hoặc từ chối được phiên bản gói H5P\./,
      );
    }
    assert.equal((await filesBaseOf(DEMO_ID)).base, liveBase);
  });

  test("a reviewer approves: the version goes live, and the old version's files are still served to players already open", async () => {
    const pending = (await versionsOfDemo())[1];

    const response = await postAction(DEMO_ID, { action: 'duyet', version: '2' }, cookie.reviewer);
    const after = await filesBaseOf(DEMO_ID);
    const oldFile = await fetch(`${server.baseUrl}${liveBase}/h5p.json`);
    const newFile = await fetch(`${server.baseUrl}${after.base}/h5p.json`);

    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), `/quan-tri/h5p/${DEMO_ID}/?da-duyet=2`);
    assert.equal(after.base, `/h5p/${DEMO_ID}/tep/${pending.folder}`);
    assert.equal(oldFile.status, 200);
    assert.equal((await oldFile.json()).mainLibrary, 'H5P.MultiChoice');
    assert.equal((await newFile.json()).mainLibrary, 'H5P.TrueFalse');
    assert.deepEqual(
      (await versionsOfDemo()).map((version) => version.status),
      ['retired', 'live', 'pending'],
    );
    assert.match((await page(`/quan-tri/h5p/${DEMO_ID}/?da-duyet=2`, cookie.reviewer)).html, /Đã duyệt phiên bản 2\./);
  });

  test('a reviewer rejects with a comment: the version is gone, and its importer reads why', async () => {
    const pending = (await versionsOfDemo())[2];
    const liveNow = (await filesBaseOf(DEMO_ID)).base;

    const noComment = await postAction(DEMO_ID, { action: 'tu-choi', version: '3', comment: '' }, cookie.reviewer);
    const noCommentHtml = await noComment.text();
    const response = await postAction(
      DEMO_ID,
      { action: 'tu-choi', version: '3', comment: 'Gói này là bài khác, không phải bài phân loại đơn.' },
      cookie.reviewer,
    );

    assert.equal(noComment.status, 400);
    assert.match(noCommentHtml, /Hãy ghi lý do từ chối/);
    assert.match(noCommentHtml, /href="#ly-do-tu-choi-3"/);
    assert.equal(response.status, 303);
    assert.equal((await versionsOfDemo())[2].status, 'rejected');
    assert.equal((await fetch(`${server.baseUrl}/h5p/${DEMO_ID}/tep/${pending.folder}/h5p.json`)).status, 404);
    assert.equal((await filesBaseOf(DEMO_ID, pending.folder)).status, 404);
    assert.equal(existsSync(join(storage, DEMO_ID, pending.folder)), false);
    assert.equal((await filesBaseOf(DEMO_ID)).base, liveNow);
    const importerView = await page(`/quan-tri/h5p/${DEMO_ID}/`, cookie.instructor);
    assert.match(importerView.html, /Bị từ chối/);
    assert.match(importerView.html, /Lý do: Gói này là bài khác, không phải bài phân loại đơn\./);
  });

  test('no one but a reviewer may delete it: 403 with the reason in Vietnamese, the package stays', async () => {
    for (const who of [cookie.admin, cookie.instructor]) {
      const response = await postAction(DEMO_ID, { action: 'xoa', confirm: 'co' }, who);

      assert.equal(response.status, 403);
      assert.match(
        await response.text(),
        /Không xóa được: gói đang được dùng trong bài học đã xuất bản “Phân loại và xử lý đơn khiếu nại, tố cáo, kiến nghị, phản ánh”\. Chỉ người thẩm định nội dung mới được xóa gói đang dùng\./,
      );
    }
    assert.ok(await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, DEMO_ID)).get()));
    assert.match((await page(`/quan-tri/h5p/${DEMO_ID}/`, cookie.admin)).html, /data-h5p-delete-refused/);
  });

  test("refuses a form that is not one of the page's with 400, and a version that does not exist with 404", async () => {
    const unknown = await postAction(DEMO_ID, { action: 'xoa-het' }, cookie.reviewer);
    const missing = await postAction(DEMO_ID, { action: 'duyet', version: '99' }, cookie.reviewer);

    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /Thao tác không hợp lệ/);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Không tìm thấy phiên bản này của gói\./);
  });

  test('every step is in the audit log, with who did it', async () => {
    const entries = await query((db) =>
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.target, `h5p:${DEMO_ID}`))
        .orderBy(auditLog.id),
    );

    // Stored as text: the H5P actions are not in AUDIT_ACTIONS yet (src/lib/server/h5p/audit.ts).
    const actions = entries.map((entry) => String(entry.action));
    assert.deepEqual(
      actions.filter((action) => action !== 'h5p-import'),
      ['h5p-submit', 'h5p-submit', 'h5p-approve', 'h5p-reject'],
    );
    assert.ok(entries.every((entry, index) => entry.userId !== null || actions[index] === 'h5p-import'));
  });
});
