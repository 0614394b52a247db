/** The pure parts of the rate limit kept in the database (its counting is in tests/integration/shared-rate-limit.test.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_KEY_LENGTH, bucketKey, retryAfterSeconds } from '../../src/lib/server/rate-limit.ts';

describe('retryAfterSeconds', () => {
  const perMs = 5 / 60_000;

  test('is the time until the bucket holds one whole token again', () => {
    assert.equal(retryAfterSeconds(0, perMs), 12);
    assert.equal(retryAfterSeconds(0.5, perMs), 6);
  });

  test('rounds up and never says less than one second', () => {
    assert.equal(retryAfterSeconds(0.99, perMs), 1);
    assert.equal(retryAfterSeconds(0.999999, perMs), 1);
    assert.equal(retryAfterSeconds(0.1, 30 / 60_000), 2);
  });
});

describe('bucketKey', () => {
  test('keeps an address as it is', () => {
    assert.equal(bucketKey('2001:db8::1'), '2001:db8::1');
  });

  test('cuts a forged, overlong key so that a row stays small', () => {
    assert.equal(bucketKey('x'.repeat(10_000)).length, MAX_KEY_LENGTH);
  });
});
