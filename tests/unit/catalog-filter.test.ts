import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasFilters, matchesFilters, parseCatalogFilters } from '../../src/lib/catalog-filter.ts';

const course = {
  kind: 'tap-huan-nghiep-vu',
  fields: ['khieu-nai-to-cao'],
  audiences: ['cong-chuc-chuyen-mon'],
  hours: 24,
};

describe('parseCatalogFilters', () => {
  test('reads repeated kinds and single-valued filters', () => {
    const filters = parseCatalogFilters(
      new URLSearchParams('loai=tap-huan-nghiep-vu&loai=ky-nang-bo-tro&linh-vuc=dat-dai&thoi-luong=1-5-ngay'),
    );

    assert.deepEqual(filters, {
      kinds: ['tap-huan-nghiep-vu', 'ky-nang-bo-tro'],
      field: 'dat-dai',
      audience: undefined,
      length: '1-5-ngay',
    });
  });

  test('ignores values outside the vocabularies instead of failing', () => {
    const filters = parseCatalogFilters(new URLSearchParams('loai=<script>&linh-vuc=khong-co&doi-tuong='));

    assert.equal(hasFilters(filters), false);
  });
});

describe('matchesFilters', () => {
  test('keeps a course matching every filter set', () => {
    assert.equal(
      matchesFilters(course, { kinds: ['tap-huan-nghiep-vu'], field: 'khieu-nai-to-cao', length: '1-5-ngay' }),
      true,
    );
  });

  test('drops a course of another kind', () => {
    assert.equal(matchesFilters(course, { kinds: ['ky-nang-bo-tro'] }), false);
  });

  test('drops a course outside the length band', () => {
    assert.equal(matchesFilters(course, { kinds: [], length: 'duoi-1-ngay' }), false);
  });

  test('counts a whole 8-hour day as under one day', () => {
    assert.equal(matchesFilters({ ...course, hours: 8 }, { kinds: [], length: 'duoi-1-ngay' }), true);
  });
});
