import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldVietnamese, foldedWords } from '../../src/lib/vietnamese.ts';
import { aliasWords } from '../../src/lib/search-alias.ts';

describe('foldVietnamese', () => {
  test('removes tone marks and turns đ into d', () => {
    assert.equal(foldVietnamese('Đất đai, Thủ tục hành chính, KHIẾU NẠI'), 'dat dai, thu tuc hanh chinh, khieu nai');
  });

  test('folds text written with combining marks the same as precomposed text', () => {
    assert.equal(foldVietnamese('ho\u0302\u0300 so\u031b'), foldVietnamese('hồ sơ'));
  });
});

describe('foldedWords', () => {
  test('splits on punctuation and spaces', () => {
    assert.deepEqual(foldedWords('Tiếp công dân – giải quyết (khiếu nại)!'), [
      'tiep',
      'cong',
      'dan',
      'giai',
      'quyet',
      'khieu',
      'nai',
    ]);
  });
});

describe('aliasWords', () => {
  test('returns each word containing đ once, folded', () => {
    assert.deepEqual(aliasWords('Đất đai và đất ở; Điều 7 của Luật Đất đai'), ['dat', 'dai', 'dieu']);
  });

  test('returns nothing for text without đ', () => {
    assert.deepEqual(aliasWords('thủ tục hành chính'), []);
  });
});
