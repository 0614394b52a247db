/** The rules of activation codes (src/lib/accounts/activation-code.ts): shape, entropy, bias, reading back, hashing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIVATION_CODE_ALPHABET,
  ACTIVATION_CODE_LENGTH,
  ACTIVATION_CODE_LIFETIME_MS,
  activationCodeExpiry,
  activationUrl,
  generateActivationCode,
  hashActivationCode,
  normaliseActivationCode,
} from '../../src/lib/accounts/activation-code.ts';

test('a code is 12 characters of an alphabet without 0, O, 1, I or L, in three groups of four, at least 50 bits', () => {
  const code = generateActivationCode();

  assert.match(code, /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  assert.equal(ACTIVATION_CODE_ALPHABET.length, 31);
  assert.doesNotMatch(ACTIVATION_CODE_ALPHABET, /[0O1IL]/);
  assert.ok(ACTIVATION_CODE_LENGTH * Math.log2(ACTIVATION_CODE_ALPHABET.length) >= 50);
});

test('characters are drawn without bias: bytes past the last multiple of 31 are dropped, not folded', () => {
  // 248 = 8 × 31 would fold onto 'A' if it were used; the generator must skip it and use the next byte.
  const bytes = [248, 249, 255, ...Array.from({ length: 30 }, (_, i) => i)];
  let offset = 0;
  const code = generateActivationCode((buffer) => {
    for (let i = 0; i < buffer.length; i++) buffer[i] = bytes[offset++ % bytes.length];
    return buffer;
  });

  assert.equal(code, 'ABCD-EFGH-JKMN');
});

test('what a person types is read back: case, spaces, dashes and dots do not matter; anything else is no code', () => {
  assert.equal(normaliseActivationCode(' k7pq m3xa-2hrt '), 'K7PQM3XA2HRT');
  assert.equal(normaliseActivationCode('K7PQ–M3XA.2HRT'), 'K7PQM3XA2HRT');
  assert.equal(normaliseActivationCode('K7PQ-M3XA-2HR'), undefined);
  assert.equal(normaliseActivationCode('K7PQ-M3XA-2HR0'), undefined);
  assert.equal(normaliseActivationCode(''), undefined);
});

test('stored as SHA-256 hex of the normalised code: the same for every way of typing it, never the code', () => {
  const hash = hashActivationCode(normaliseActivationCode('k7pq-m3xa-2hrt')!);

  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(hash, hashActivationCode(normaliseActivationCode('K7PQ M3XA 2HRT')!));
  assert.notEqual(hash, hashActivationCode(normaliseActivationCode('K7PQ-M3XA-2HRU')!));
});

test('a code lasts 30 days; the QR address carries the staff code and the code', () => {
  const now = new Date('2026-12-07T00:00:00Z');

  assert.equal(ACTIVATION_CODE_LIFETIME_MS, 30 * 24 * 3600 * 1000);
  assert.equal(activationCodeExpiry(now).toISOString(), '2027-01-06T00:00:00.000Z');
  assert.equal(
    activationUrl('https://hoclieuso.example.gov.vn', 'SL-QL-007', 'K7PQ-M3XA-2HRT'),
    'https://hoclieuso.example.gov.vn/kich-hoat/?tk=SL-QL-007&ma=K7PQ-M3XA-2HRT',
  );
});
