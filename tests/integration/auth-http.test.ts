import { after, before, describe, test } from 'node:test';
import { request as httpRequest } from 'node:http';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
let databaseUrl: string;
before(async () => {
  databaseUrl = await createTestDatabase();
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(() => server?.stop());

/** Posts the sign-in form as a browser on this site would. */
function postSignIn(username: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl, ...headers },
    body: new URLSearchParams({ username, password }),
  });
}

describe('sign-in over HTTP', () => {
  test('sets an HttpOnly, SameSite=Lax session cookie and redirects', async () => {
    const response = await postSignIn('quantri.quangloi', 'quan-tri-xa-2026');

    assert.equal(response.status, 302);
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^hls_session=[a-z0-9]+\.[a-z0-9]+;/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i, 'plain http is allowed on localhost only');
  });

  test('marks the cookie Secure when the site is not on localhost', async () => {
    // fetch() may not set Host, so this one request goes through node:http.
    const body = new URLSearchParams({ username: 'quantri.phuthinh', password: 'quan-tri-xa-2026' }).toString();
    const cookie = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(
        `${server.baseUrl}/dang-nhap/?_action=signIn`,
        {
          method: 'POST',
          headers: {
            Host: 'hoclieuso.example.vn',
            Origin: 'http://hoclieuso.example.vn',
            'Content-Type': 'application/x-www-form-urlencoded',
          },
        },
        (response) => {
          response.resume();
          resolve(String(response.headers['set-cookie'] ?? ''));
        },
      );
      request.on('error', reject);
      request.end(body);
    });

    assert.match(cookie, /hls_session=.*Secure/i);
  });

  test('answers an unknown user and a wrong password with the same words and status', async () => {
    const unknown = await postSignIn('khong-co-ai', 'mat-khau-bat-ky');
    const wrong = await postSignIn('quantri.songlam', 'mat-khau-bat-ky');
    const message = (html: string) => /Tên đăng nhập hoặc mật khẩu không đúng\./.test(html);

    assert.equal(unknown.status, wrong.status);
    assert.ok(unknown.status >= 400 && unknown.status < 500);
    assert.ok(message(await unknown.text()) && message(await wrong.text()));
  });

  test('throttles one account without locking out a colleague behind the same address', async () => {
    for (let i = 0; i < 4; i++) await postSignIn('quantri.caonguyen', 'sai-mat-khau-roi');

    const throttled = await postSignIn('quantri.caonguyen', 'quan-tri-tinh-2026');
    const colleague = await postSignIn('quantri.hethong', 'quan-tri-he-thong-2026');

    assert.equal(throttled.status, 429);
    assert.match(await throttled.text(), /Đã nhập sai nhiều lần/);
    assert.equal(colleague.status, 302);
  });

  test('refuses a state change from another origin whatever the content type', async () => {
    for (const [contentType, body] of [
      ['application/json', '{"events":[]}'],
      ['text/plain', 'x'],
      ['application/x-www-form-urlencoded', 'username=a&password=b'],
    ]) {
      const response = await fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
        method: 'POST',
        headers: { 'Content-Type': contentType, Origin: 'https://evil.example' },
        body,
      });
      assert.equal(response.status, 403, contentType);
    }
  });

  test('a disabled account cannot use its session any more', async () => {
    const signedIn = await postSignIn('giangvien', 'soan-bai-giang-2026');
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    const db = openTestDatabase(databaseUrl);

    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.username, 'giangvien'));
    const page = await fetch(`${server.baseUrl}/doi-mat-khau/`, { headers: { Cookie: cookie }, redirect: 'manual' });

    assert.equal(page.status, 302);
    assert.match(page.headers.get('location') ?? '', /\/dang-nhap\//);
    db.$client.close();
  });

  test('keeps pages rendered for a signed-in person out of shared caches', async () => {
    const signedIn = await postSignIn('quantri.quangloi', 'quan-tri-xa-2026');
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];

    const anonymous = await fetch(`${server.baseUrl}/khoa-hoc/`);
    const personal = await fetch(`${server.baseUrl}/khoa-hoc/`, { headers: { Cookie: cookie } });
    const admin = await fetch(`${server.baseUrl}/quan-tri/`, { headers: { Cookie: cookie } });

    assert.match(anonymous.headers.get('cache-control') ?? '', /public/);
    assert.match(anonymous.headers.get('vary') ?? '', /Cookie/i);
    assert.equal(personal.headers.get('cache-control'), 'private, no-store');
    assert.equal(admin.headers.get('cache-control'), 'private, no-store');
  });

  test('never sends a password or token hash in a page', async () => {
    const signedIn = await postSignIn('quantri.songlam', 'quan-tri-tinh-2026');
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];

    const html = await (await fetch(`${server.baseUrl}/doi-mat-khau/`, { headers: { Cookie: cookie } })).text();

    assert.doesNotMatch(html, /\$argon2id\$/);
  });
});
