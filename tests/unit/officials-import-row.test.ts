import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseOfficialImportRow,
  parseVietnameseDate,
  type OfficialImportRow,
  type RawImportRow,
} from '../../src/schemas/official-import-row.ts';

/** A row as an administrator would fill the template, valid unless changed. */
function rawRow(changes: Partial<RawImportRow> = {}): RawImportRow {
  return {
    staffCode: 'SL-QL-101',
    fullName: 'Nguyễn Thị Hoa',
    unitCode: 'SL-QL-VP',
    jobTitle: 'Công chức Văn phòng',
    jobPosition: 'Văn thư, lưu trữ',
    group: 'Công chức chuyên môn',
    fields: 'Kỹ năng số, dịch vụ công trực tuyến, văn bản điện tử',
    underqualified: 'Không',
    underqualifiedSince: '',
    ...changes,
  };
}

const rowOf = (changes: Partial<RawImportRow>): OfficialImportRow => {
  const result = parseOfficialImportRow(rawRow(changes));
  assert.ok(result.ok, `expected a valid row, got ${JSON.stringify(result)}`);
  return result.row;
};

const reasonsOf = (changes: Partial<RawImportRow>): string[] => {
  const result = parseOfficialImportRow(rawRow(changes));
  assert.ok(!result.ok, 'expected the row to be refused');
  return result.reasons;
};

describe('OfficialImportRowSchema', () => {
  test('accepts a row filled as the template asks', () => {
    assert.deepEqual(rowOf({}), {
      staffCode: 'SL-QL-101',
      fullName: 'Nguyễn Thị Hoa',
      unitCode: 'SL-QL-VP',
      jobTitle: 'Công chức Văn phòng',
      jobPosition: 'Văn thư, lưu trữ',
      group: 'cong-chuc-chuyen-mon',
      fields: ['ky-nang-so'],
      underqualified: false,
      underqualifiedSince: null,
      email: null,
      nationalId: null,
    });
  });

  test('reads the optional e-mail (lower case) and national id (12 digits, spaces dropped); absent or empty is null', () => {
    const row = rowOf({ email: ' Hoa.Nguyen@QuangLoi.gov.vn ', nationalId: '001 234 567 890' });
    assert.equal(row.email, 'hoa.nguyen@quangloi.gov.vn');
    assert.equal(row.nationalId, '001234567890');
    assert.deepEqual([rowOf({ email: '', nationalId: ' ' }).email, rowOf({}).nationalId], [null, null]);
  });

  test('normalises codes to upper case and text to single-spaced NFC', () => {
    const row = rowOf({ staffCode: ' sl-ql-101 ', unitCode: 'sl-ql-vp', fullName: '  Nguye\u0302\u0303n   Thị Hoa ' });

    assert.equal(row.staffCode, 'SL-QL-101');
    assert.equal(row.unitCode, 'SL-QL-VP');
    assert.equal(row.fullName, 'Nguyễn Thị Hoa');
  });

  for (const [written, slug] of [
    ['Cán bộ', 'can-bo'],
    ['CÁN BỘ', 'can-bo'],
    ['can bo', 'can-bo'],
    ['Lãnh đạo, quản lý', 'lanh-dao-quan-ly'],
    ['Công chức lãnh đạo, quản lý', 'lanh-dao-quan-ly'],
    ['lanh-dao-quan-ly', 'lanh-dao-quan-ly'],
    ['cong chuc chuyen mon', 'cong-chuc-chuyen-mon'],
    ['Chuyên môn', 'cong-chuc-chuyen-mon'],
  ] as const) {
    test(`reads the group "${written}" as ${slug}`, () => {
      assert.equal(rowOf({ group: written }).group, slug);
    });
  }

  test('reads fields written as labels or slugs, separated by semicolons, without repeats, in vocabulary order', () => {
    assert.deepEqual(rowOf({ fields: 'ky-nang-so; Đất đai ; DAT DAI;tai chinh' }).fields, [
      'tai-chinh',
      'dat-dai',
      'ky-nang-so',
    ]);
  });

  test('accepts an official with no field of work', () => {
    assert.deepEqual(rowOf({ fields: '' }).fields, []);
  });

  for (const [written, flagged] of [
    ['Có', true],
    ['có', true],
    ['CO', true],
    ['x', true],
    ['Không', false],
    ['khong', false],
    ['', false],
  ] as const) {
    test(`reads the flag "${written}" as ${flagged ? 'flagged' : 'not flagged'}`, () => {
      const row = rowOf({ underqualified: written, underqualifiedSince: flagged ? '01/07/2026' : '' });

      assert.equal(row.underqualified, flagged);
    });
  }

  test('stores the date the flag was set as YYYY-MM-DD', () => {
    assert.equal(rowOf({ underqualified: 'Có', underqualifiedSince: '5/7/2025' }).underqualifiedSince, '2025-07-05');
  });

  const refusals: [string, Partial<RawImportRow>, RegExp][] = [
    ['a missing staff code', { staffCode: '  ' }, /^Thiếu mã cán bộ\.$/],
    [
      'a staff code with spaces or marks',
      { staffCode: 'SL QL 1' },
      /Mã cán bộ "SL QL 1" chỉ được gồm chữ cái không dấu/,
    ],
    ['a staff code longer than 50 characters', { staffCode: 'A'.repeat(51) }, /Mã cán bộ dài quá 50 ký tự/],
    ['a missing full name', { fullName: '' }, /^Thiếu họ và tên\.$/],
    ['a missing unit code', { unitCode: '' }, /^Thiếu mã đơn vị\.$/],
    ['a missing job title', { jobTitle: '' }, /^Thiếu chức danh\.$/],
    ['a missing job position', { jobPosition: ' ' }, /^Thiếu vị trí việc làm\.$/],
    ['a job title over 200 characters', { jobTitle: 'x'.repeat(201) }, /Chức danh dài quá 200 ký tự/],
    [
      'an unknown group',
      { group: 'Hợp đồng' },
      /Nhóm "Hợp đồng" không hợp lệ\. Ghi một trong: Cán bộ; Lãnh đạo, quản lý; Công chức chuyên môn\./,
    ],
    ['a missing group', { group: '' }, /^Thiếu nhóm\./],
    ['an unknown field', { fields: 'Đất đai; Bơi lội' }, /Lĩnh vực "Bơi lội" không có trong danh mục/],
    [
      'a flag that is neither Có nor Không',
      { underqualified: 'Chưa rõ' },
      /chỉ nhận Có hoặc Không \(đang ghi "Chưa rõ"\)/,
    ],
    [
      'a flag without its date',
      { underqualified: 'Có', underqualifiedSince: '' },
      /Thiếu ngày xác định \(dd\/mm\/yyyy\): bắt buộc khi/,
    ],
    [
      'a date without the flag',
      { underqualified: 'Không', underqualifiedSince: '01/07/2026' },
      /Chỉ ghi ngày xác định khi/,
    ],
    [
      'a date that does not exist',
      { underqualified: 'Có', underqualifiedSince: '31/02/2026' },
      /Ngày xác định "31\/02\/2026" không đúng dạng/,
    ],
    [
      'a date written month first',
      { underqualified: 'Có', underqualifiedSince: '2026-07-01' },
      /không đúng dạng ngày\/tháng\/năm/,
    ],
    [
      'a date in the future',
      { underqualified: 'Có', underqualifiedSince: '01/01/2999' },
      /Ngày xác định 01\/01\/2999 nằm sau ngày hôm nay/,
    ],
    ['an e-mail without @', { email: 'hoa.quangloi.gov.vn' }, /Thư điện tử "hoa.quangloi.gov.vn" không hợp lệ/],
    [
      'a national id of 11 digits',
      { nationalId: '00123456789' },
      /Số định danh cá nhân "00123456789" phải gồm đúng 12 chữ số/,
    ],
    ['a national id with letters', { nationalId: '00123456789A' }, /phải gồm đúng 12 chữ số/],
  ];
  for (const [what, changes, reason] of refusals) {
    test(`refuses ${what} with a Vietnamese reason`, () => {
      const reasons = reasonsOf(changes);

      assert.equal(reasons.length, 1, reasons.join(' | '));
      assert.match(reasons[0], reason);
    });
  }

  test('lists every reason of a row at once, in the order of the columns', () => {
    const reasons = reasonsOf({ underqualifiedSince: 'hôm qua', underqualified: 'Có', group: 'abc', staffCode: '' });

    assert.equal(reasons.length, 3);
    assert.match(reasons[0], /mã cán bộ/);
    assert.match(reasons[1], /Nhóm "abc"/);
    assert.match(reasons[2], /Ngày xác định "hôm qua"/);
  });
});

describe('parseVietnameseDate', () => {
  for (const [text, iso] of [
    ['01/07/2026', '2026-07-01'],
    ['1/7/2026', '2026-07-01'],
    ['01-07-2026', '2026-07-01'],
    ['01.07.2026', '2026-07-01'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2025', null],
    ['00/01/2026', null],
    ['01/13/2026', null],
    ['2026/07/01', null],
    ['01/07/26', null],
  ] as const) {
    test(`reads "${text}" as ${iso ?? 'not a date'}`, () => {
      assert.equal(parseVietnameseDate(text), iso);
    });
  }
});
