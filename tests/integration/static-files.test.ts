/**
 * Build files served by Node (scripts/static-files.mjs, what `npm start` does without Caddy): the
 * .br/.gz copies scripts/precompress.mjs writes, chosen by Accept-Encoding, with validators, 304,
 * HEAD, and nothing outside the build's client folder. First on a small build made here (a plain
 * node:http server whose fallback stands for the build's handler), then through the real
 * scripts/serve.mjs and dist/ (its security headers must still apply), and the data/current-client
 * symlink Caddy roots at.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompress } from '../../scripts/precompress.mjs';
import { chooseEncoding, linkCurrentClient, serveStatic } from '../../scripts/static-files.mjs';
import { createTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One raw request (no decoding, the path sent exactly as given). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

let root: string;
let client: string;
let entry: string;
let port: number;
let server: http.Server;
const script = `console.log(${JSON.stringify('Học Liệu Số '.repeat(200))});\n`;
const page = `<!doctype html><html lang="vi"><body>${'<p>Trang học</p>'.repeat(200)}</body></html>`;
const noise = randomBytes(4096);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'hls-static-'));
  client = join(root, 'build/client');
  entry = join(root, 'build/server/entry.mjs');
  mkdirSync(join(client, '_astro'), { recursive: true });
  mkdirSync(join(client, 'bai-hoc'), { recursive: true });
  writeFileSync(join(client, '_astro/app.AbCd1234.js'), script);
  writeFileSync(join(client, 'bai-hoc/index.html'), page);
  writeFileSync(join(client, 'tiny.txt'), 'ngắn');
  writeFileSync(join(client, 'noise.json'), noise);
  writeFileSync(join(client, 'video.mp4'), noise);
  writeFileSync(join(client, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'build/secret.txt'), 'bí mật');
  const totals = await precompress(client);
  assert.equal(totals.files, 4, 'html, js, json and txt are compressible; mp4 is not');
  server = http.createServer((req, res) => {
    if (serveStatic(req, res, entry)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('fallback');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as { port: number }).port;
});

after(() => {
  server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('precompression (scripts/precompress.mjs)', () => {
  test('writes .br and .gz only for compressible files, and only when smaller', () => {
    for (const suffix of ['.br', '.gz']) {
      assert.ok(existsSync(join(client, `_astro/app.AbCd1234.js${suffix}`)), suffix);
      assert.ok(existsSync(join(client, `bai-hoc/index.html${suffix}`)), suffix);
      assert.ok(!existsSync(join(client, `tiny.txt${suffix}`)), `a tiny file got ${suffix}`);
      assert.ok(!existsSync(join(client, `noise.json${suffix}`)), `an incompressible file got ${suffix}`);
      assert.ok(!existsSync(join(client, `video.mp4${suffix}`)), `a video got ${suffix}`);
    }
    assert.equal(brotliDecompressSync(readFileSync(join(client, '_astro/app.AbCd1234.js.br'))).toString(), script);
    assert.equal(gunzipSync(readFileSync(join(client, '_astro/app.AbCd1234.js.gz'))).toString(), script);
  });
});

describe('Node serves the build files precompressed (scripts/static-files.mjs)', () => {
  const path = '/_astro/app.AbCd1234.js';

  test('br when accepted, gzip when only it is, identity otherwise; each with its length and Vary', async () => {
    const br = await get(port, path, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.equal(br.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(Number(br.headers['content-length']), br.body.length);
    assert.ok(br.body.equals(readFileSync(join(client, `${path}.br`))));

    const gzip = await get(port, path, { 'accept-encoding': 'gzip, br;q=0' });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(Number(gzip.headers['content-length']), gzip.body.length);
    assert.equal(gunzipSync(gzip.body).toString(), script);

    for (const accept of [undefined, 'identity', 'zstd', 'br;q=0, gzip;q=0']) {
      const plain = await get(port, path, accept ? { 'accept-encoding': accept } : {});
      assert.equal(plain.headers['content-encoding'], undefined, `Accept-Encoding: ${accept}`);
      assert.equal(plain.headers.vary, 'Accept-Encoding');
      assert.equal(plain.body.toString(), script, `Accept-Encoding: ${accept}`);
      assert.equal(Number(plain.headers['content-length']), Buffer.byteLength(script));
    }
    // A page by its folder, with or without the slash; not marked immutable.
    for (const address of ['/bai-hoc/', '/bai-hoc', '/bai-hoc/index.html']) {
      const html = await get(port, address, { 'accept-encoding': 'br' });
      assert.equal(html.status, 200, address);
      assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(html.headers['cache-control'], 'public, max-age=0');
      assert.equal(brotliDecompressSync(html.body).toString(), page);
    }
  });

  test('a file without copies is sent as it is, with no Vary', async () => {
    const video = await get(port, '/video.mp4', { 'accept-encoding': 'br, gzip' });
    assert.equal(video.headers['content-encoding'], undefined);
    assert.equal(video.headers.vary, undefined);
    assert.equal(video.headers['content-type'], 'video/mp4');
    assert.equal(video.headers['accept-ranges'], 'bytes');
    assert.ok(video.body.equals(noise));
  });

  test('304 for a matching ETag or an unchanged date, per encoding; 200 for a stale one', async () => {
    const first = await get(port, path, { 'accept-encoding': 'br' });
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/".+-br"$/);
    const again = await get(port, path, { 'accept-encoding': 'br', 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    // The identity representation has another ETag: the br one does not validate it.
    const identity = await get(port, path, { 'if-none-match': etag });
    assert.equal(identity.status, 200);
    assert.notEqual(identity.headers.etag, etag);
    const since = await get(port, path, { 'if-modified-since': String(first.headers['last-modified']) });
    assert.equal(since.status, 304);
    const older = await get(port, path, { 'if-modified-since': new Date(0).toUTCString() });
    assert.equal(older.status, 200);
  });

  test('HEAD: the same headers, no body', async () => {
    const head = await get(port, path, { 'accept-encoding': 'br' }, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'br');
    assert.equal(Number(head.headers['content-length']), readFileSync(join(client, `${path}.br`)).length);
    assert.equal(head.body.length, 0);
  });

  test('nothing outside the client folder, no dot files, no other methods, no ranges: left to the handler', async () => {
    for (const address of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/_astro/..%2f..%2fsecret.txt',
      '/.env',
      '/%2eenv',
      '/tiny.txt%00',
      '/khong-co.js',
    ]) {
      const answer = await get(port, address);
      assert.equal(answer.status, 404, address);
      assert.equal(answer.body.toString(), 'fallback', address);
    }
    const post = await get(port, '/tiny.txt', {}, 'POST');
    assert.equal(post.body.toString(), 'fallback');
    const range = await get(port, '/video.mp4', { range: 'bytes=0-9' });
    assert.equal(range.body.toString(), 'fallback');
    // CONTROL: the same file is served when asked for plainly.
    assert.equal((await get(port, '/tiny.txt')).body.toString(), 'ngắn');
  });

  test('a copy older than its file (the file changed since) is not used', async () => {
    writeFileSync(join(client, 'bai-hoc/doi.html'), page);
    await precompress(client);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(client, 'bai-hoc/doi.html'), later, later);
    const answer = await get(port, '/bai-hoc/doi.html', { 'accept-encoding': 'br' });
    assert.equal(answer.headers['content-encoding'], undefined);
    assert.equal(answer.body.toString(), page);
  });

  test('a file gone since it was looked up is left to the handler, not a 500', async () => {
    writeFileSync(join(client, 'gone.txt'), 'sắp xóa');
    assert.equal((await get(port, '/gone.txt', {}, 'HEAD')).status, 200);
    rmSync(join(client, 'gone.txt'));
    const answer = await get(port, '/gone.txt');
    assert.equal(answer.status, 404);
    assert.equal(answer.body.toString(), 'fallback');
  });

  test('Accept-Encoding by q-values, br preferred on a tie', () => {
    const both = new Map([
      ['br', {}],
      ['gzip', {}],
    ]);
    assert.equal(chooseEncoding('gzip, br', both), 'br');
    assert.equal(chooseEncoding('br;q=0.5, gzip', both), 'gzip');
    assert.equal(chooseEncoding('*', both), 'br');
    assert.equal(chooseEncoding('*;q=0', both), 'identity');
    assert.equal(chooseEncoding('BR', both), 'br');
    assert.equal(chooseEncoding('br', new Map([['gzip', {}]])), 'identity');
    assert.equal(chooseEncoding('', both), 'identity');
  });

  test('data/current-client: a symlink replaced whole, relative to its folder', () => {
    const link = join(root, 'data/current-client');
    linkCurrentClient(entry, assert.fail, link);
    assert.equal(readlinkSync(link), '../build/client');
    assert.equal(readFileSync(join(link, 'tiny.txt'), 'utf8'), 'ngắn');
    const other = join(root, 'other/server/entry.mjs');
    linkCurrentClient(other, assert.fail, link);
    assert.equal(readlinkSync(link), '../other/client');
    assert.deepEqual(
      readdirSync(join(root, 'data')).filter((name) => name.endsWith('.tmp')),
      [],
      'a temporary link was left behind',
    );
    // A folder in its place is not replaced, and the error is told, not thrown.
    const blocked = join(root, 'blocked/current-client');
    mkdirSync(join(blocked, 'x'), { recursive: true });
    let told = '';
    linkCurrentClient(entry, (message: string) => (told = message), blocked);
    assert.match(told, /Không trỏ được/);
  });
});

describe('through the real server (scripts/serve.mjs, dist/)', () => {
  let real: RunningServer;
  before(async () => {
    real = await startServer({ DATABASE_URL: await createTestDatabase() });
  });
  after(() => real?.stop());

  test('a hashed script comes precompressed with the security headers, and data/current-client names dist/client', async () => {
    const dist = resolve('dist/client');
    const name = readdirSync(join(dist, '_astro')).find((file) => /\.[A-Za-z0-9_-]{8}\.js$/.test(file));
    assert.ok(name && existsSync(join(dist, `_astro/${name}.br`)), 'npm run build wrote no .br copy');
    const { port: realPort } = new URL(real.baseUrl);
    const answer = await get(Number(realPort), `/_astro/${name}`, { 'accept-encoding': 'br' });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-encoding'], 'br');
    assert.ok(answer.body.equals(readFileSync(join(dist, `_astro/${name}.br`))));
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['content-security-policy'], "default-src 'self'; object-src 'none'; base-uri 'none'");
    assert.match(String(answer.headers['x-request-id']), /^[0-9a-f-]{36}$/);

    const home = await get(Number(realPort), '/', { 'accept-encoding': 'br' });
    assert.equal(home.headers['content-encoding'], 'br');
    assert.match(String(home.headers['content-security-policy']), /script-src 'self'/);
    assert.match(brotliDecompressSync(home.body).toString(), /<html/);

    assert.equal(resolve('data', readlinkSync(resolve('data/current-client'))), dist);
  });
});
