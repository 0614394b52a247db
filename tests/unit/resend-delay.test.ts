import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resendDelayMs, retryAfterMs } from '../../src/lib/resend-delay.ts';

const POLICY = { firstMs: 2_000, capMs: 300_000 };
const NOW = Date.parse('2026-12-08T10:00:00Z');
const least = () => 0;
const most = () => 0.999_999;

test('reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
  assert.equal(retryAfterMs('7', NOW), 7_000);
  assert.equal(retryAfterMs(' 120 ', NOW), 120_000);
  assert.equal(retryAfterMs('Tue, 08 Dec 2026 10:00:30 GMT', NOW), 30_000);
  assert.equal(retryAfterMs('Tue, 08 Dec 2026 09:59:00 GMT', NOW), 0, 'a date already past');
  for (const unreadable of [null, undefined, '', '-5', '1.5', 'soon'])
    assert.equal(retryAfterMs(unreadable, NOW), undefined);
});

test('without Retry-After the wait doubles with each failure in a row, up to the cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((failures) => resendDelayMs(failures, null, POLICY, least, NOW)),
    [2_000, 4_000, 8_000, 16_000],
  );
  assert.equal(resendDelayMs(40, null, POLICY, least, NOW), 300_000);
  assert.equal(resendDelayMs(1_200, null, POLICY, most, NOW), 300_000, 'no overflow past the cap');
});

test("the server's Retry-After replaces the doubling, at least a second and at most the cap", () => {
  assert.equal(resendDelayMs(1, '30', POLICY, least, NOW), 30_000, 'longer than the first doubling wait');
  assert.equal(resendDelayMs(6, '5', POLICY, least, NOW), 5_000, 'shorter than the sixth');
  assert.equal(resendDelayMs(1, '0', POLICY, least, NOW), 1_000);
  assert.equal(resendDelayMs(1, '86400', POLICY, least, NOW), 300_000);
  assert.equal(resendDelayMs(1, 'soon', POLICY, least, NOW), 2_000, 'unreadable: as if absent');
});

test('each wait is stretched by up to half at random, so a turned-away crowd spreads out', () => {
  assert.equal(
    resendDelayMs(1, '10', POLICY, () => 0.5, NOW),
    12_500,
  );
  const waits = Array.from({ length: 1_000 }, () => resendDelayMs(1, '10', POLICY));
  assert.ok(waits.every((wait) => wait >= 10_000 && wait < 15_000));
  // Spread over the whole half: a crowd of 1,000 lands in every tenth of it.
  const tenths = new Set(waits.map((wait) => Math.floor((wait - 10_000) / 500)));
  assert.equal(tenths.size, 10);
});
