/** Certificate codes: 160 random bits in base32, grouped for reading, typed back in any form. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import {
  CODE_BYTES,
  CODE_PATTERN,
  groupCode,
  newCertificateCode,
  normalizeCode,
} from '../../src/lib/certificates/code.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

describe('newCertificateCode', () => {
  test('is 32 base32 characters that decode to 160 bits', () => {
    const code = newCertificateCode();

    assert.match(code, CODE_PATTERN);
    assert.equal(decodeBase32IgnorePadding(code).length, CODE_BYTES);
    assert.equal(CODE_BYTES * 8, 160);
  });

  test('never repeats in 10,000 codes', () => {
    const codes = new Set(Array.from({ length: 10_000 }, newCertificateCode));

    assert.equal(codes.size, 10_000);
  });

  test('uses every character equally often at every position (chi-square, 2,000 codes)', () => {
    const codes = Array.from({ length: 2_000 }, newCertificateCode);

    // 32 characters at each of 32 positions, 62.5 expected per cell; chi-square has 31 degrees of
    // freedom. A truly random code passes 75 at any of the 32 positions about once in 1,600 runs;
    // a biased generator (a constant byte, a character never used) lands in the hundreds.
    const worst = Math.max(
      ...Array.from({ length: 32 }, (_, position) => {
        const counts = new Map<string, number>();
        for (const code of codes) counts.set(code[position], (counts.get(code[position]) ?? 0) + 1);
        const expected = codes.length / ALPHABET.length;
        return [...ALPHABET].reduce(
          (sum, character) => sum + ((counts.get(character) ?? 0) - expected) ** 2 / expected,
          0,
        );
      }),
    );
    assert.ok(worst < 75, `a position has chi-square ${worst.toFixed(1)}`);
  });

  test('sets about half of its 160 bits (no fixed or biased bytes)', () => {
    let ones = 0;
    const samples = 1_000;
    for (let i = 0; i < samples; i++)
      for (const byte of decodeBase32IgnorePadding(newCertificateCode()))
        ones += byte.toString(2).replaceAll('0', '').length;

    const share = ones / (samples * 160);
    assert.ok(Math.abs(share - 0.5) < 0.01, `share of ones ${share}`);
  });
});

describe('groupCode', () => {
  test('shows the code as eight groups of four', () => {
    assert.equal(groupCode('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567');
  });
});

describe('normalizeCode', () => {
  const code = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const accepted: [string, string][] = [
    ['the stored form', code],
    ['the grouped form', 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567'],
    ['lower case with dashes', 'abcd-efgh-ijkl-mnop-qrst-uvwx-yz23-4567'],
    ['groups separated by spaces, around spaces', '  abcd efgh ijkl mnop qrst uvwx yz23 4567 '],
    ['a typographic dash from a word processor', 'ABCD–EFGH–IJKL–MNOP–QRST–UVWX–YZ23–4567'],
    ['full-width characters from a phone keyboard', 'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ２３４５６７'],
  ];
  for (const [name, input] of accepted) {
    test(`reads ${name}`, () => {
      assert.equal(normalizeCode(input), code);
    });
  }

  test('reads the digits 0, 1 and 8 as the letters O, I and B', () => {
    assert.equal(normalizeCode('ABCD-EFGH-1JKL-MN0P-QRST-UVWX-YZ23-4567'), code);
    assert.equal(normalizeCode('A8CD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567'), code);
  });

  const refused: [string, string][] = [
    ['an empty string', ''],
    ['a code one character short', code.slice(1)],
    ['a code one character long', `${code}A`],
    ['characters outside base32', 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-456!'],
    ['a path trick', '../../etc/passwd'],
  ];
  for (const [name, input] of refused) {
    test(`refuses ${name}`, () => {
      assert.equal(normalizeCode(input), null);
    });
  }
});
