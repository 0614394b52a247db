/**
 * The H5P routes over HTTP, on the built server and a fresh seeded database: who may import, what
 * an upload answers, the headers that keep package content in an opaque origin, and the practice
 * results API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { certificates, courseCompletions, h5pPackages, h5pResults, lessonProgress, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { writeZip } from '../../src/lib/server/h5p/zip-writer.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sharedH5p = resolve(repoRoot, process.env.SHARED_DIR ?? '../shared', 'h5p');
if (!existsSync(sharedH5p)) throw new Error(`Không thấy các gói H5P mẫu ở ${sharedH5p}: đặt thư mục shared/ cạnh repo, hoặc SHARED_DIR.`);

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/phan-loai-va-xu-ly-don`;
const DEMO_ID = 'phan-loai-don';

let server: RunningServer;
let databaseUrl: string;
let storage: string;
const cookie: Record<'learner' | 'instructor' | 'admin', string> = { learner: '', instructor: '', admin: '' };
let learnerId: string;

before(async () => {
  storage = await mkdtemp(join(tmpdir(), 'h5p-http-'));
  process.env.H5P_DIR = storage;
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  // sessions.ts opens DATABASE_URL on first use.
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const db = openTestDatabase(databaseUrl);
  const idOf = async (username: string) => (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get())!.id;
  learnerId = await idOf('hocvien');
  cookie.learner = `hls_session=${await createSession(learnerId)}`;
  cookie.instructor = `hls_session=${await createSession(await idOf('giangvien'))}`;
  cookie.admin = `hls_session=${await createSession(await idOf('quantri.quangloi'))}`;
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

function upload(fields: { id?: string; title?: string; file?: { name: string; bytes: Buffer } }, who = cookie.instructor): Promise<Response> {
  const form = new FormData();
  if (fields.id !== undefined) form.set('id', fields.id);
  if (fields.title !== undefined) form.set('title', fields.title);
  if (fields.file) form.set('file', new File([new Uint8Array(fields.file.bytes)], fields.file.name));
  return fetch(`${server.baseUrl}/quan-tri/h5p/`, { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: who, Origin: server.baseUrl } });
}

function postResult(body: unknown, who?: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/h5p/results`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.baseUrl, ...(who ? { Cookie: who } : {}) },
    body: JSON.stringify(body),
  });
}

const validPackage = (name: string) => readFile(join(sharedH5p, 'valid', name));

describe('the import page /quan-tri/h5p/', () => {
  test('sends a signed-out visitor to the sign-in page', async () => {
    const response = await fetch(`${server.baseUrl}/quan-tri/h5p/`, { redirect: 'manual' });

    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `/dang-nhap/?next=${encodeURIComponent('/quan-tri/h5p/')}`);
  });

  test('answers 404 to a learner, as for a page that does not exist', async () => {
    const page = await fetch(`${server.baseUrl}/quan-tri/h5p/`, { headers: { Cookie: cookie.learner } });
    const post = await upload({ id: 'cua-hoc-vien', title: 'x', file: { name: 'a.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') } }, cookie.learner);

    assert.equal(page.status, 404);
    assert.equal(post.status, 404);
    assert.equal(await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, 'cua-hoc-vien')).get()), undefined);
  });

  test('lists the demo activities for an instructor and an administrator', async () => {
    for (const who of [cookie.instructor, cookie.admin]) {
      const response = await fetch(`${server.baseUrl}/quan-tri/h5p/`, { headers: { Cookie: who } });

      assert.equal(response.status, 200);
      assert.match(await response.text(), new RegExp(`data-h5p-package="${DEMO_ID}"`));
    }
  });

  test('imports a valid package and redirects to a page saying so', async () => {
    const response = await upload({ id: 'dung-sai', title: 'Đúng hay sai', file: { name: 'TrueFalse.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') } });
    const row = await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, 'dung-sai')).get());
    const page = await fetch(`${server.baseUrl}${response.headers.get('location')}`, { headers: { Cookie: cookie.instructor } });

    assert.equal(response.status, 303);
    assert.equal(row?.mainLibrary, 'H5P.TrueFalse 1.6');
    assert.match(await page.text(), /Đã nhập gói “Đúng hay sai”/);
  });

  test('says on the page that re-importing an id replaced the old package', async () => {
    await upload({ id: 'thay-the', title: 'Lần đầu', file: { name: 'a.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') } });

    const response = await upload({ id: 'thay-the', title: 'Lần hai', file: { name: 'b.h5p', bytes: await validPackage('H5P.MultiChoice.h5p') } });
    const page = await (await fetch(`${server.baseUrl}${response.headers.get('location')}`, { headers: { Cookie: cookie.instructor } })).text();

    assert.match(page, /Gói cũ cùng mã đã được thay thế/);
    assert.deepEqual((await readdir(join(storage, 'thay-the'))).length, 1);
  });

  test('refuses a broken package with 422 and its reason in Vietnamese, installing nothing', async () => {
    const bytes = await readFile(join(sharedH5p, 'invalid', 'broken-h5p-json.h5p'));

    const response = await upload({ id: 'goi-hong', title: 'Gói hỏng', file: { name: 'broken-h5p-json.h5p', bytes } });
    const html = await response.text();

    assert.equal(response.status, 422);
    assert.match(html, /<title>Lỗi: /);
    assert.match(html, /Có lỗi cần sửa/);
    assert.match(html, /Tệp &quot;h5p\.json&quot; không phải JSON hợp lệ|Tệp "h5p\.json" không phải JSON hợp lệ/);
    assert.equal(existsSync(join(storage, 'goi-hong')), false);
    assert.equal(await query((db) => db.select().from(h5pPackages).where(eq(h5pPackages.id, 'goi-hong')).get()), undefined);
  });

  test('refuses an id with capitals or accents, naming the field', async () => {
    const response = await upload({ id: 'Phân-Loại', title: 'x', file: { name: 'a.h5p', bytes: await validPackage('H5P.TrueFalse.h5p') } });
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
    const response = await upload({ id: 'khong-phai', title: 'x', file: { name: 'bai.pdf', bytes: Buffer.from('%PDF-1.4') } });

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
      headers: { Origin: 'null', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-requested-with' },
    });

    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /X-Requested-With/);
  });

  test('serve part of a file for a Range request', async () => {
    const response = await fetch(`${server.baseUrl}${await demoFilesBase()}/h5p.json`, { headers: { Range: 'bytes=0-0' } });

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
    const file = await fetch(`${server.baseUrl}${await demoFilesBase()}/h5p.json`, { headers: { Cookie: cookie.learner } });

    assert.equal(player.headers.get('set-cookie'), null);
    assert.equal(file.headers.get('set-cookie'), null);
    assert.match(file.headers.get('cache-control') ?? '', /^public/);
  });
});

describe('POST /api/v1/h5p/results', () => {
  const answered = { packageId: DEMO_ID, courseId: COURSE, lessonId: LESSON, verb: 'answered', score: { raw: 1, max: 1 }, success: true, completion: true };

  test('answers 401 in Vietnamese to a signed-out visitor', async () => {
    const response = await postResult(answered);

    assert.equal(response.status, 401);
    assert.match((await response.json()).error, /chưa đăng nhập/);
  });

  test('refuses a score above its maximum, naming the field', async () => {
    const response = await postResult({ ...answered, score: { raw: 5, max: 1 } }, cookie.learner);
    const body = await response.json();

    assert.equal(response.status, 400);
    assert.deepEqual(body.issues, [{ path: 'score.raw', message: 'Điểm đạt được (raw) không được lớn hơn điểm tối đa (max).' }]);
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
    const first = await postResult({ ...answered, packageId: 'dung-sai', score: { raw: 1, max: 2 }, completion: false, success: false }, cookie.learner);
    const second = await postResult({ ...answered, packageId: 'dung-sai', score: { raw: 2, max: 2 } }, cookie.learner);
    const third = await postResult({ ...answered, packageId: 'dung-sai', score: { raw: 0, max: 2 }, verb: 'completed' }, cookie.learner);
    const rows = await query((db) => db.select().from(h5pResults).where(and(eq(h5pResults.userId, learnerId), eq(h5pResults.packageId, 'dung-sai'))));

    assert.deepEqual([first.status, second.status, third.status], [200, 200, 200]);
    assert.equal(rows.length, 1);
    assert.deepEqual({ statements: rows[0].statements, lastRaw: rows[0].lastRaw, lastMax: rows[0].lastMax, bestScaled: rows[0].bestScaled }, { statements: 3, lastRaw: 0, lastMax: 2, bestScaled: 1 });
    assert.ok(rows[0].completedAt instanceof Date);
    assert.equal(rows[0].lessonId, LESSON);
  });

  test('never completes a lesson or a course, nor issues a certificate', async () => {
    for (const verb of ['answered', 'completed']) assert.equal((await postResult({ ...answered, verb }, cookie.learner)).status, 200);

    const completions = await query((db) => db.select().from(courseCompletions).where(eq(courseCompletions.userId, learnerId)));
    const issued = await query((db) => db.select().from(certificates).where(eq(certificates.userId, learnerId)));
    const lessons = await query((db) => db.select().from(lessonProgress).where(eq(lessonProgress.userId, learnerId)));

    assert.deepEqual(completions, []);
    assert.deepEqual(issued, []);
    assert.deepEqual(lessons, []);
  });
});
