/**
 * Security headers over HTTP, on the built server (scripts/serve.mjs) and a fresh seeded database:
 * every prerendered page carries its own Content-Security-Policy as a header (no 'unsafe-inline'
 * or 'unsafe-eval' in script-src, every inline script and style of the page allowed by a hash),
 * and so does a page rendered for a signed-in administrator; /media/ files and other non-pages
 * get a sandboxing policy; a draft preview the strictest page policy; the H5P player its own
 * sandbox; nosniff, the referrer policy and framing rules everywhere; HSTS only when the public
 * address is https. The report endpoint logs a posted report as one line and drops what exceeds
 * its rate limit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { courseDrafts, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';
import { getAs } from '../support/http.ts';
import { liveCourseFiles } from '../../src/lib/server/authoring/draft-files.ts';

const ROOT = process.cwd();
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `/khoa-hoc/${COURSE}/phan-loai-va-xu-ly-don/`;
const DRAFT = 'ban-nhap-chinh-sach-bao-mat';
const DRAFT_LESSON = '02-phan-loai-va-xu-ly-don';
const PUBLIC_SITE = 'https://hoc-lieu-so.example';
/** The https server's per-client report limit, low so the throttle shows quickly. */
const REPORT_LIMIT = 3;

// The seed (run in this process) installs the demo H5P activities here, and the servers play them from here.
const storage = mkdtempSync(join(tmpdir(), 'security-headers-h5p-'));
process.env.H5P_DIR = storage;

let server: RunningServer;
let secure: LoggedServer;
let databaseUrl: string;
const cookie = { admin: '', instructor: '' };

interface LoggedServer {
  baseUrl: string;
  /** Everything the server has written to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * The built server as startServer runs it, with its stderr kept for the test to read (the
 * report log): used for the second server, the one behind an https public address.
 */
async function startLoggedServer(env: Record<string, string>): Promise<LoggedServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Máy chủ thử nghiệm đã dừng với mã ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error('Máy chủ thử nghiệm không trả lời sau 20 giây');
    if (
      await fetch(`${baseUrl}/api/v1/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  // sessions.ts opens DATABASE_URL on first use.
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const db = openTestDatabase(databaseUrl);
  const idOf = async (username: string) =>
    (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get())!.id;
  cookie.admin = `hls_session=${await createSession(await idOf('quantri.songlam'))}`;
  const writer = await idOf('giangvien');
  cookie.instructor = `hls_session=${await createSession(writer)}`;
  const now = new Date();
  await db.insert(courseDrafts).values({
    id: DRAFT,
    courseId: COURSE,
    status: 'draft',
    baseVersion: null,
    files: liveCourseFiles(COURSE, ROOT),
    media: [],
    createdBy: writer,
    createdAt: now,
    updatedAt: now,
  });
  db.$client.close();
  const env = { DATABASE_URL: databaseUrl, H5P_DIR: storage };
  server = await startServer({ ...env, SITE_URL: '' });
  secure = await startLoggedServer({
    ...env,
    SITE_URL: PUBLIC_SITE,
    CSP_REPORT_LIMIT_PER_MINUTE: String(REPORT_LIMIT),
  });
});

after(async () => {
  await server?.stop();
  await secure?.stop();
  rmSync(storage, { recursive: true, force: true });
  rmSync(join(ROOT, 'data', 'drafts', DRAFT), { recursive: true, force: true });
});

/** A policy as directive name → sources. */
function directivesOf(policy: string | null): Map<string, string[]> {
  assert.ok(policy, 'the response has a Content-Security-Policy');
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (name) directives.set(name, sources);
  }
  return directives;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The hashes of a page's inline scripts (without src) and <style> elements. */
function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((match) => !/\ssrc=/i.test(` ${match[1]}`))
    .map((match) => sha256(match[2]));
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((match) => sha256(match[1]));
  return { scripts, styles };
}

/** What every site page's policy says, whatever else it allows. */
function assertSitePagePolicy(headers: Headers, what: string): Map<string, string[]> {
  const policy = directivesOf(headers.get('content-security-policy'));
  const scriptSrc = policy.get('script-src') ?? [];
  assert.ok(scriptSrc.includes("'self'"), `${what}: script-src 'self'`);
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'strict-dynamic'"]) {
    assert.ok(!scriptSrc.includes(unsafe), `${what}: no ${unsafe} in script-src`);
    assert.ok(!(policy.get('script-src-elem') ?? []).includes(unsafe), `${what}: no ${unsafe} in script-src-elem`);
  }
  assert.ok(!(policy.get('style-src') ?? []).includes("'unsafe-inline'"), `${what}: no 'unsafe-inline' for <style>`);
  assert.deepEqual(policy.get('default-src'), ["'self'"], what);
  assert.deepEqual(policy.get('object-src'), ["'none'"], what);
  assert.deepEqual(policy.get('base-uri'), ["'none'"], what);
  assert.deepEqual(policy.get('report-uri'), ['/api/csp-report'], what);
  assert.deepEqual(policy.get('report-to'), ['csp'], what);
  assert.equal(headers.get('reporting-endpoints'), 'csp="/api/csp-report"', what);
  return policy;
}

/** The headers every response carries. */
function assertBaseHeaders(headers: Headers, what: string, frameOptions = 'DENY'): void {
  assert.equal(headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(headers.get('referrer-policy'), 'same-origin', what);
  assert.equal(headers.get('x-frame-options'), frameOptions, what);
}

/**
 * The hashes in `policy` are exactly those of the inline scripts and styles of `html`: each is
 * allowed, and none of another page is named (which would swell the header with the whole site's).
 */
function assertInlineAllowed(html: string, policy: Map<string, string[]>, what: string): void {
  const { scripts, styles } = inlineHashes(html);
  const hashesIn = (name: string) => new Set((policy.get(name) ?? []).filter((source) => source.startsWith("'sha")));
  assert.deepEqual(hashesIn('script-src'), new Set(scripts), `${what}: script-src names the page's inline scripts`);
  assert.deepEqual(hashesIn('style-src'), new Set(styles), `${what}: style-src names the page's inline styles`);
}

/** All response headers fit a reverse proxy's default header buffer (nginx: 4 KB). */
function assertHeadersFitProxy(headers: Headers, what: string): void {
  const size = [...headers].reduce((total, [name, value]) => total + name.length + value.length + 4, 0);
  assert.ok(size < 4096, `${what}: ${size} bytes of headers`);
}

describe('prerendered pages', () => {
  test('a lesson carries its page policy as a header, the same for every form of its address', async () => {
    const answers = await Promise.all(
      [LESSON, LESSON.slice(0, -1), `${LESSON}index.html`].map((path) => getAs(server.baseUrl, undefined, path)),
    );

    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assertBaseHeaders(answer.headers, LESSON);
      const policy = assertSitePagePolicy(answer.headers, LESSON);
      assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
      assert.deepEqual(policy.get('form-action'), ["'self'"]);
      assert.deepEqual(policy.get('img-src'), ["'self'"]);
      assert.deepEqual(policy.get('media-src'), ["'self'", 'blob:']);
      assert.deepEqual(policy.get('style-src-attr'), ["'unsafe-inline'"]);
      assert.equal(answer.headers.get('strict-transport-security'), null);
    }
    assert.equal(new Set(answers.map((answer) => answer.headers.get('content-security-policy'))).size, 1);
  });

  test('the home page carries its page policy and no HSTS over plain http', async () => {
    const answer = await getAs(server.baseUrl, undefined, '/');

    assert.equal(answer.status, 200);
    assertBaseHeaders(answer.headers, '/');
    assertInlineAllowed(answer.body, assertSitePagePolicy(answer.headers, '/'), '/');
    assert.equal(answer.headers.get('strict-transport-security'), null);
  });

  test("every prerendered page's policy names exactly its own inline scripts and styles, and its headers fit a proxy's buffer", async () => {
    const pages = (JSON.parse(readFileSync(join(ROOT, 'dist', '_headers.json'), 'utf8')) as { pathname: string }[]).map(
      (entry) => entry.pathname,
    );
    assert.ok(pages.length > 10, 'the build lists its prerendered pages');

    for (const path of pages) {
      const answer = await getAs(
        server.baseUrl,
        undefined,
        path === '/404' ? '/khong-co-trang-nay/' : `${path}/`.replace('//', '/'),
      );
      assertInlineAllowed(answer.body, assertSitePagePolicy(answer.headers, path), path);
      assertHeadersFitProxy(answer.headers, path);
    }
  });

  test("a 304 answer repeats the page's own policy, and a file's 304 none (it would replace the stored one)", async () => {
    for (const path of [LESSON, '/media/videos/quy-trinh-tiep-cong-dan.jpg']) {
      const first = await getAs(server.baseUrl, undefined, path);
      // Cache-Control given, or fetch adds "no-cache", which asks for the whole response.
      const again = await fetch(`${server.baseUrl}${path}`, {
        headers: { 'If-None-Match': first.headers.get('etag')!, 'Cache-Control': 'max-age=0' },
      });

      assert.equal(again.status, 304, path);
      assertBaseHeaders(again.headers, path);
      assert.equal(
        again.headers.get('content-security-policy'),
        path === LESSON ? first.headers.get('content-security-policy') : null,
        path,
      );
    }
  });

  test('a page that is not found is the 404 page under its own policy', async () => {
    const answer = await getAs(server.baseUrl, undefined, '/khong-co-trang-nay/');

    assert.equal(answer.status, 404);
    assertBaseHeaders(answer.headers, '404');
    assertInlineAllowed(answer.body, assertSitePagePolicy(answer.headers, '404'), '404');
  });
});

describe('files', () => {
  test('a /media/ file cannot run script if opened as a document', async () => {
    const answer = await getAs(server.baseUrl, undefined, '/media/handouts/phan-loai-don-bang-huong-dan.txt');

    assert.equal(answer.status, 200);
    assertBaseHeaders(answer.headers, 'media');
    const policy = directivesOf(answer.headers.get('content-security-policy'));
    assert.ok(policy.has('sandbox'));
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.equal(answer.headers.get('reporting-endpoints'), 'csp="/api/csp-report"');
  });

  test('a video opened directly may play: media from this server, and nothing else', async () => {
    const answer = await getAs(server.baseUrl, undefined, '/media/videos/quy-trinh-tiep-cong-dan.mp4');

    assert.equal(answer.status, 200);
    assertBaseHeaders(answer.headers, 'video');
    assert.equal(answer.headers.get('content-security-policy'), "default-src 'none'; media-src 'self'");
  });

  test('a prerendered JSON endpoint and a script get non-page policies', async () => {
    const json = await getAs(server.baseUrl, undefined, '/api/v1/openapi.json');
    const script = /src="(\/_astro\/[^"]+\.js)"/.exec((await getAs(server.baseUrl, undefined, LESSON)).body)![1];
    const js = await getAs(server.baseUrl, undefined, script);

    assert.ok(directivesOf(json.headers.get('content-security-policy')).has('sandbox'));
    assertBaseHeaders(json.headers, 'openapi.json');
    assert.equal(js.status, 200);
    assert.deepEqual(directivesOf(js.headers.get('content-security-policy')).get('default-src'), ["'self'"]);
    assertBaseHeaders(js.headers, script);
  });
});

describe('pages rendered on request', () => {
  test('an administrator page carries the page policy naming its own inline scripts, and is never cached', async () => {
    const answer = await getAs(server.baseUrl, cookie.admin, '/quan-tri/');

    assert.equal(answer.status, 200);
    assertBaseHeaders(answer.headers, '/quan-tri/');
    const policy = assertSitePagePolicy(answer.headers, '/quan-tri/');
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    assertInlineAllowed(answer.body, policy, '/quan-tri/');
    assertHeadersFitProxy(answer.headers, '/quan-tri/');
    assert.equal(answer.headers.get('cache-control'), 'private, no-store');
  });

  test('a JSON answer gets the non-page policy', async () => {
    const answer = await getAs(server.baseUrl, undefined, '/api/v1/health');

    assertBaseHeaders(answer.headers, 'health');
    assert.ok(directivesOf(answer.headers.get('content-security-policy')).has('sandbox'));
  });

  test('a draft lesson preview allows only the inline scripts it has, and only the lesson editor may frame it', async () => {
    const preview = await getAs(
      server.baseUrl,
      cookie.instructor,
      `/giang-vien/ban-nhap/${DRAFT}/xem-truoc/bai/${DRAFT_LESSON}/`,
    );

    assert.equal(preview.status, 200);
    assertBaseHeaders(preview.headers, 'preview', 'SAMEORIGIN');
    const policy = assertSitePagePolicy(preview.headers, 'preview');
    const { scripts, styles } = inlineHashes(preview.body);
    assert.deepEqual(new Set(policy.get('script-src')), new Set(["'self'", ...scripts]));
    assert.deepEqual(new Set(policy.get('style-src')), new Set(["'self'", ...styles]));
    assert.deepEqual(policy.get('connect-src'), ["'self'"]);
    assert.deepEqual(policy.get('worker-src'), ["'none'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'self'"]);
    // The page's one form is the sign-out button; a preview without any form may post nowhere.
    assert.match(preview.body, /<form\b/);
    assert.deepEqual(policy.get('form-action'), ["'self'"]);
  });

  test('a draft course preview, not shown in a frame, may not be framed at all', async () => {
    const preview = await getAs(server.baseUrl, cookie.instructor, `/giang-vien/ban-nhap/${DRAFT}/xem-truoc/`);

    assert.equal(preview.status, 200);
    assertBaseHeaders(preview.headers, 'course preview');
    const policy = assertSitePagePolicy(preview.headers, 'course preview');
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    assertInlineAllowed(preview.body, policy, 'course preview');
  });

  test('the H5P player keeps its own sandbox policy and may be framed by the site', async () => {
    const answer = await getAs(server.baseUrl, undefined, '/h5p/phan-loai-don/');

    assert.equal(answer.status, 200);
    assertBaseHeaders(answer.headers, 'H5P player', 'SAMEORIGIN');
    const csp = answer.headers.get('content-security-policy') ?? '';
    assert.match(csp, /^sandbox allow-scripts;/);
    assert.match(csp, /frame-ancestors 'self'/);
    assert.doesNotMatch(csp, /allow-same-origin/);
  });
});

describe('HSTS', () => {
  test('is sent on pages, files and rendered pages only when the public address is https', async () => {
    for (const path of [LESSON, '/', '/media/videos/quy-trinh-tiep-cong-dan.jpg', '/api/v1/health']) {
      const answer = await getAs(secure.baseUrl, undefined, path);
      const plain = await getAs(server.baseUrl, undefined, path);

      assert.equal(answer.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains', path);
      assert.equal(plain.headers.get('strict-transport-security'), null, path);
      assertBaseHeaders(answer.headers, path);
    }
    const admin = await getAs(secure.baseUrl, cookie.admin, '/quan-tri/');
    assert.equal(admin.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
  });
});

describe('the CSP report endpoint', () => {
  const legacyReport = (n: number) =>
    JSON.stringify({
      'csp-report': {
        'document-uri': `http://127.0.0.1/khoa-hoc/?q=bi-mat-${n}`,
        referrer: '',
        'violated-directive': 'script-src-elem',
        'effective-directive': 'script-src-elem',
        'original-policy': "default-src 'self'; script-src 'self'",
        disposition: 'enforce',
        'blocked-uri': 'inline',
        'line-number': n,
        'column-number': 3,
        'script-sample': 'window.injected = true',
      },
    });
  const apiReports = JSON.stringify([
    { type: 'deprecation', age: 0, url: 'http://127.0.0.1/', body: { id: 'x' } },
    {
      type: 'csp-violation',
      age: 10,
      url: 'http://127.0.0.1/',
      user_agent: 'Chromium',
      body: {
        documentURL: 'http://127.0.0.1/tim-kiem/',
        effectiveDirective: 'img-src',
        blockedURL: 'https://elsewhere.example/a.png',
        disposition: 'enforce',
        statusCode: 200,
      },
    },
  ]);
  const post = (baseUrl: string, type: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/csp-report`, { method: 'POST', headers: { 'Content-Type': type, ...headers }, body });
  const reportLines = () =>
    secure
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('[csp] '));
  async function linesAfter(count: number): Promise<string[]> {
    for (let tries = 0; tries < 40 && reportLines().length < count; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    return reportLines();
  }

  test('answers 204 to a report as a browser sends it, with its own Origin, and is not a page', async () => {
    const response = await post(server.baseUrl, 'application/csp-report', legacyReport(0), {
      Origin: server.baseUrl,
      'Sec-Fetch-Site': 'same-origin',
    });

    assert.equal(response.status, 204);
    assertBaseHeaders(response.headers, 'report endpoint');
    assert.ok(directivesOf(response.headers.get('content-security-policy')).has('sandbox'));
  });

  test('refuses what is not a report: another type 415, bad JSON 400, an unknown shape 400, too large 413', async () => {
    assert.equal((await post(server.baseUrl, 'application/xml', legacyReport(0))).status, 415);
    assert.equal((await post(server.baseUrl, 'application/csp-report', '{"csp-report":')).status, 400);
    assert.equal((await post(server.baseUrl, 'application/csp-report', '{"khac":1}')).status, 400);
    assert.equal((await post(server.baseUrl, 'application/reports+json', 'x'.repeat(100_000))).status, 413);
  });

  test('control: logs each posted report as one [csp] line, both formats, without the query string', async () => {
    const legacy = await post(secure.baseUrl, 'application/csp-report', legacyReport(1));
    const batch = await post(secure.baseUrl, 'application/reports+json', apiReports);

    assert.equal(legacy.status, 204);
    assert.equal(batch.status, 204);
    const lines = await linesAfter(2);
    assert.equal(lines.length, 2, secure.stderr());
    assert.deepEqual(JSON.parse(lines[0].slice('[csp] '.length)), {
      document: 'http://127.0.0.1/khoa-hoc/',
      directive: 'script-src-elem',
      blocked: 'inline',
      disposition: 'enforce',
      line: 1,
      column: 3,
      sample: 'window.injected = true',
    });
    assert.deepEqual(JSON.parse(lines[1].slice('[csp] '.length)), {
      document: 'http://127.0.0.1/tim-kiem/',
      directive: 'img-src',
      blocked: 'https://elsewhere.example/a.png',
      disposition: 'enforce',
    });
  });

  test('control: past its limit per client a report is answered 204 and not logged', async () => {
    const before = reportLines().length;
    assert.equal(before, 2, 'the two reports of the test above');

    const statuses = [];
    for (let n = 10; n < 10 + REPORT_LIMIT + 3; n++)
      statuses.push((await post(secure.baseUrl, 'application/csp-report', legacyReport(n))).status);
    await new Promise((resolve) => setTimeout(resolve, 300));

    assert.deepEqual(statuses, Array(REPORT_LIMIT + 3).fill(204));
    assert.equal(reportLines().length, REPORT_LIMIT, 'only as many lines as the limit, the two above included');
  });
});
