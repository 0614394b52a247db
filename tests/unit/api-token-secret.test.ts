import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bearerTokenOf,
  displayPrefixOf,
  generateTokenSecret,
  hashTokenSecret,
  looksLikeToken,
  sameHash,
} from '../../src/lib/server/api-tokens/token-secret.ts';

describe('generateTokenSecret', () => {
  test('makes "hls_" and 160 random bits as 32 base32 characters', () => {
    const token = generateTokenSecret();

    assert.match(token, /^hls_[a-z2-7]{32}$/);
    assert.ok(looksLikeToken(token));
  });

  test('never makes the same token twice in a thousand tries', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateTokenSecret));

    assert.equal(tokens.size, 1000);
  });
});

describe('hashTokenSecret', () => {
  test('is the hex SHA-256 of the whole token, the same each time and different for another token', () => {
    const token = 'hls_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

    const hash = hashTokenSecret(token);

    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(hash, hashTokenSecret(token));
    assert.notEqual(hash, hashTokenSecret('hls_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'));
  });
});

describe('sameHash', () => {
  test('accepts equal hashes and refuses different, shorter or empty ones', () => {
    const hash = hashTokenSecret('hls_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');

    assert.equal(sameHash(hash, hash), true);
    assert.equal(sameHash(hash, hashTokenSecret('x')), false);
    assert.equal(sameHash(hash, hash.slice(0, 62)), false);
    assert.equal(sameHash('', ''), false);
  });
});

describe('bearerTokenOf and looksLikeToken', () => {
  test('reads the token of a Bearer header and nothing else', () => {
    assert.equal(bearerTokenOf('Bearer hls_abc'), 'hls_abc');
    assert.equal(bearerTokenOf('bearer  hls_abc '), 'hls_abc');
    assert.equal(bearerTokenOf('Basic dXNlcjpwYXNz'), null);
    assert.equal(bearerTokenOf('Bearer a b'), null);
    assert.equal(bearerTokenOf(null), null);
  });

  test('refuses strings that are not token-shaped before any lookup', () => {
    for (const value of [
      '',
      'hls_',
      'hls_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      `hls_${'a'.repeat(33)}`,
      `xyz_${'a'.repeat(32)}`,
      `hls_${'1'.repeat(32)}`,
    ]) {
      assert.equal(looksLikeToken(value), false, value);
    }
  });

  test('shows only the prefix and four characters of a token in lists', () => {
    assert.equal(displayPrefixOf('hls_abcdefghijklmnopqrstuvwxyz234567'), 'hls_abcd');
  });
});
