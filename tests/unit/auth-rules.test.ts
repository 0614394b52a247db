import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newPasswordProblem } from '../../src/lib/auth/password-policy.ts';
import { FREE_FAILURES, LOCK_AFTER_FAILURES, waitSeconds } from '../../src/lib/server/auth/throttle.ts';
import { isCrossOriginWrite } from '../../src/lib/server/origin-guard.ts';
import { adminScopePaths, canAdministerPath } from '../../src/lib/auth/access.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';

describe('newPasswordProblem', () => {
  test('accepts a long passphrase without composition rules', () => {
    assert.equal(newPasswordProblem('trời hôm nay thật đẹp'), null);
  });

  test('refuses fewer than 8 characters, counting Vietnamese letters as one each', () => {
    assert.match(newPasswordProblem('đường1') ?? '', /ít nhất 8 ký tự/);
    assert.equal(newPasswordProblem('đườngđời'), null);
  });

  test('refuses very common passwords whatever their case, marks or spaces', () => {
    for (const password of ['12345678', 'Password1', 'Mật Khẩu 123', 'HocLieuSo@123']) {
      assert.match(newPasswordProblem(password) ?? '', /quá phổ biến/, password);
    }
  });

  test('refuses the common passwords of the leaked lists, not only our own few (ASVS 6.2.4: at least the top 3,000)', () => {
    // Deep in zxcvbn-ts's list, far from the hundred the project once listed itself.
    for (const password of ['jennifer', 'corvette', 'marlboro', 'Blink182', 'chocolate1']) {
      assert.match(newPasswordProblem(password) ?? '', /quá phổ biến/, password);
    }
    // The control: a long, personal phrase passes.
    assert.equal(newPasswordProblem('ruộng lúa bờ tre 2026'), null);
  });

  test('refuses a password containing the username', () => {
    assert.match(newPasswordProblem('sl-ql-007-2026', 'sl-ql-007') ?? '', /dễ đoán/);
  });
});

describe('waitSeconds (sign-in throttling schedule)', () => {
  const now = 1_000_000_000;

  test('lets the first failures through at once', () => {
    assert.equal(waitSeconds(FREE_FAILURES - 1, now - 1000, null, now), 0);
  });

  test('makes each further failure wait longer', () => {
    const waits = [FREE_FAILURES, FREE_FAILURES + 1, FREE_FAILURES + 2].map((failures) =>
      waitSeconds(failures, now, null, now),
    );

    assert.deepEqual(waits, [5, 10, 20]);
  });

  test('counts down from the last failure', () => {
    assert.equal(waitSeconds(FREE_FAILURES, now - 3000, null, now), 2);
  });

  test('refuses every try while the account is locked', () => {
    assert.equal(waitSeconds(LOCK_AFTER_FAILURES, now - 120_000, now + 600_000, now), 600);
  });

  test('forgets failures older than an hour', () => {
    assert.equal(waitSeconds(LOCK_AFTER_FAILURES - 1, now - 61 * 60_000, null, now), 0);
  });
});

describe('isCrossOriginWrite', () => {
  const url = new URL('http://127.0.0.1:4321/api/v1/progress/events');
  const request = (method: string, headers: Record<string, string>) => new Request(url, { method, headers });

  test('refuses a POST whose Origin is another site', () => {
    assert.equal(
      isCrossOriginWrite(request('POST', { origin: 'https://evil.example', 'content-type': 'application/json' }), url),
      true,
    );
  });

  test('refuses a POST that the browser marks as cross-site, even without Origin', () => {
    assert.equal(isCrossOriginWrite(request('DELETE', { 'sec-fetch-site': 'cross-site' }), url), true);
  });

  test('refuses the opaque origin of a sandboxed frame', () => {
    assert.equal(isCrossOriginWrite(request('POST', { origin: 'null' }), url), true);
  });

  test('allows the same origin and requests that change nothing', () => {
    assert.equal(
      isCrossOriginWrite(request('POST', { origin: 'http://127.0.0.1:4321', 'sec-fetch-site': 'same-origin' }), url),
      false,
    );
    assert.equal(isCrossOriginWrite(request('GET', { origin: 'https://evil.example' }), url), false);
  });
});

describe('adminScopePaths', () => {
  const user = (roles: SessionUser['roles']): SessionUser => ({
    id: 'u',
    username: 'u',
    displayName: 'U',
    officialId: null,
    mustChangePassword: false,
    roles,
  });

  test('gives a commune administrator their commune subtree only', () => {
    const admin = user([{ role: 'commune_admin', unitId: 'c', unitPath: '/p/c/' }]);

    assert.deepEqual(adminScopePaths(admin), ['/p/c/']);
    assert.equal(canAdministerPath(admin, '/p/c/office/'), true);
    assert.equal(canAdministerPath(admin, '/p/c2/'), false);
    assert.equal(canAdministerPath(admin, '/p/'), false);
  });

  test('gives a learner or instructor no administrative scope', () => {
    assert.deepEqual(
      adminScopePaths(
        user([
          { role: 'learner', unitId: null, unitPath: null },
          { role: 'instructor', unitId: null, unitPath: null },
        ]),
      ),
      [],
    );
  });

  test('gives a system administrator the whole tree', () => {
    assert.equal(
      canAdministerPath(user([{ role: 'system_admin', unitId: null, unitPath: null }]), '/any/where/'),
      true,
    );
  });
});
