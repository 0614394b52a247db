import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hasOfficialFilters,
  lastPage,
  matchesNameQuery,
  officialFiltersQuery,
  parseOfficialFilters,
} from '../../src/lib/officials/official-filters.ts';

describe('parseOfficialFilters', () => {
  test('reads every filter from the query string', () => {
    const filters = parseOfficialFilters(
      new URLSearchParams(
        'don-vi=abc123&nhom=cong-chuc-chuyen-mon&chuc-danh=Công+chức+Văn+phòng&danh-dau=chua-dap-ung&q=+Nguyễn++An+&trang=3',
      ),
    );

    assert.deepEqual(filters, {
      unitId: 'abc123',
      group: 'cong-chuc-chuyen-mon',
      jobTitle: 'Công chức Văn phòng',
      flag: 'chua-dap-ung',
      query: 'Nguyễn An',
      page: 3,
    });
  });

  test('drops unknown groups and flags and falls back to the first page', () => {
    const filters = parseOfficialFilters(new URLSearchParams('nhom=khac&danh-dau=x&trang=-2'));

    assert.equal(hasOfficialFilters(filters), false);
    assert.equal(filters.page, 1);
  });

  test('keeps a malformed sub-unit id as one that names no unit, so the page answers 404', () => {
    assert.equal(parseOfficialFilters(new URLSearchParams('don-vi=../x')).unitId, '-');
  });
});

describe('officialFiltersQuery', () => {
  test('keeps the filters and sets the page for pagination links', () => {
    const query = officialFiltersQuery({ group: 'can-bo', query: 'an', page: 1 }, 2);

    assert.equal(query, '?nhom=can-bo&q=an&trang=2');
  });

  test('is empty for the first page without filters', () => {
    assert.equal(officialFiltersQuery({ page: 4 }, 1), '');
  });
});

describe('matchesNameQuery', () => {
  const official = { fullName: 'Đặng Thị Thu Hương', staffCode: 'SL-QL-014' };

  test('finds a name typed without tone marks or đ', () => {
    assert.equal(matchesNameQuery(official, 'dang thi huong'), true);
  });

  test('finds a staff code in any case', () => {
    assert.equal(matchesNameQuery(official, 'sl-ql-014'), true);
  });

  test('requires every word', () => {
    assert.equal(matchesNameQuery(official, 'dang van'), false);
  });
});

describe('lastPage', () => {
  test('is at least one and rounds up', () => {
    assert.equal(lastPage(0, 50), 1);
    assert.equal(lastPage(101, 50), 3);
  });
});
