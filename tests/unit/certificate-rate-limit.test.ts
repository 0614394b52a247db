/** The per-client limit of public certificate lookups. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRateLimiter } from '../../src/lib/server/certificates/rate-limit.ts';

describe('createRateLimiter', () => {
  test('allows `limit` requests at once, then refuses with the seconds to wait', () => {
    const limiter = createRateLimiter({ limit: 5, windowMs: 60_000 });

    const answers = Array.from({ length: 6 }, () => limiter.take('10.0.0.1', 1_000));

    assert.deepEqual(answers.slice(0, 5), Array(5).fill({ allowed: true }));
    assert.deepEqual(answers[5], { allowed: false, retryAfterSeconds: 12 });
  });

  test('allows again once the wait has passed', () => {
    const limiter = createRateLimiter({ limit: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) limiter.take('10.0.0.1', 0);

    assert.equal(limiter.take('10.0.0.1', 11_000).allowed, false);
    assert.equal(limiter.take('10.0.0.1', 12_000).allowed, true);
  });

  test('counts each client on its own', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000 });
    limiter.take('10.0.0.1', 0);
    limiter.take('10.0.0.1', 0);

    assert.equal(limiter.take('10.0.0.1', 0).allowed, false);
    assert.equal(limiter.take('10.0.0.2', 0).allowed, true);
  });

  test('never lets a steady stream through faster than the limit', () => {
    const limiter = createRateLimiter({ limit: 30, windowMs: 60_000 });

    let allowed = 0;
    for (let ms = 0; ms < 10 * 60_000; ms += 100) if (limiter.take('10.0.0.1', ms).allowed) allowed += 1;

    // Ten minutes at ten requests a second: the burst of 30, then 30 a minute.
    assert.ok(allowed <= 30 + 300, `${allowed} allowed`);
    assert.ok(allowed >= 300, `${allowed} allowed`);
  });
});
