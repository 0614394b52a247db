/** The issuing body and the unit as printed, from the unit tree. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inSentence, issuerOf, placeOfIssuer, unitLabelOf } from '../../src/lib/certificates/issuer.ts';

const province = { name: 'Tỉnh Sông Lam', kind: 'tinh', level: 'province' };
const commune = { name: 'Xã Quảng Lợi', kind: 'xa', level: 'commune' };
const office = { name: 'Văn phòng HĐND và UBND', kind: 'co-quan', level: 'office' };

describe('issuerOf', () => {
  const cases: [string, { name: string; kind: string; level: string }, string][] = [
    ['a province named with its kind', province, 'Sở Nội vụ tỉnh Sông Lam'],
    [
      'a city named with its kind',
      { name: 'Thành phố Hải Phòng', kind: 'thanh-pho', level: 'province' },
      'Sở Nội vụ thành phố Hải Phòng',
    ],
    [
      'a city named without its kind',
      { name: 'Hà Nội', kind: 'thanh-pho', level: 'province' },
      'Sở Nội vụ thành phố Hà Nội',
    ],
    [
      'a province named without its kind',
      { name: 'Cao Nguyên', kind: 'tinh', level: 'province' },
      'Sở Nội vụ tỉnh Cao Nguyên',
    ],
  ];
  for (const [name, unit, expected] of cases) {
    test(`names the Department of Home Affairs of ${name}`, () => {
      assert.equal(issuerOf(unit), expected);
    });
  }
});

describe('unitLabelOf', () => {
  test('writes an office with its commune and province, as addresses are written', () => {
    assert.equal(unitLabelOf([province, commune, office]), 'Văn phòng HĐND và UBND, xã Quảng Lợi, tỉnh Sông Lam');
  });

  test('keeps the capital of a commune named first', () => {
    assert.equal(unitLabelOf([province, commune]), 'Xã Quảng Lợi, tỉnh Sông Lam');
  });

  test('writes a ward and a special zone in lower case after the first name', () => {
    assert.equal(inSentence('Phường Tân Hòa'), 'phường Tân Hòa');
    assert.equal(inSentence('Đặc khu Côn Đảo'), 'đặc khu Côn Đảo');
    assert.equal(inSentence('Văn phòng HĐND và UBND'), 'Văn phòng HĐND và UBND');
  });
});

describe('placeOfIssuer', () => {
  test('dates a certificate from the province of its issuer', () => {
    assert.equal(placeOfIssuer('Sở Nội vụ tỉnh Sông Lam'), 'Sông Lam');
    assert.equal(placeOfIssuer('Sở Nội vụ thành phố Hà Nội'), 'Hà Nội');
  });
});
