import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiQueryToFilter,
  screenFiltersOf,
  screenQuery,
  screenToFilter,
} from '../../src/lib/records/records-filter.ts';
import { RecordsQuerySchema } from '../../src/schemas/api/records.ts';
import { safeParseInVietnamese } from '../../src/lib/server/api-http.ts';

describe('RecordsQuerySchema', () => {
  test('turns inclusive dates into Vietnam-midnight bounds with an exclusive end', () => {
    const parsed = safeParseInVietnamese(RecordsQuerySchema, { from: '2026-01-01', to: '2026-12-31', pageSize: '500' });

    assert.ok(parsed.success);
    const { filter, page, pageSize } = apiQueryToFilter(parsed.data);
    assert.equal(filter.from, Date.parse('2025-12-31T17:00:00Z'));
    assert.equal(filter.to, Date.parse('2026-12-31T17:00:00Z'));
    assert.deepEqual([page, pageSize], [1, 500]);
  });

  test('refuses impossible dates, page sizes over 500 and unknown parameters', () => {
    for (const query of [
      { from: '2026-02-29' },
      { to: '31/12/2026' },
      { pageSize: '501' },
      { page: '0' },
      { kind: 'khac' },
      { size: '10' },
      { unit: 'A-B' },
    ]) {
      assert.equal(safeParseInVietnamese(RecordsQuerySchema, query).success, false, JSON.stringify(query));
    }
  });

  test('takes the English training kind, and the old Vietnamese slug for one more release, as the same filter', () => {
    const english = safeParseInVietnamese(RecordsQuerySchema, { kind: 'supplementary_skills' });
    const old = safeParseInVietnamese(RecordsQuerySchema, { kind: 'ky-nang-bo-tro' });

    assert.ok(english.success && old.success);
    assert.deepEqual([english.data.kind, old.data.kind], ['supplementary_skills', 'supplementary_skills']);
    assert.equal(apiQueryToFilter(old.data).filter.kind, 'ky-nang-bo-tro');
  });

  test('names the English kinds when the kind is unknown', () => {
    const parsed = safeParseInVietnamese(RecordsQuerySchema, { kind: 'khac' });

    assert.equal(parsed.success, false);
    assert.match(
      parsed.error?.issues[0]?.message ?? '',
      /^Tham số kind phải là một trong: specialised_knowledge, .*supplementary_skills\.$/,
    );
  });

  test('refuses a from date after the to date, naming the to parameter', () => {
    const parsed = safeParseInVietnamese(RecordsQuerySchema, { from: '2027-01-01', to: '2026-01-01' });

    assert.equal(parsed.success, false);
    assert.deepEqual(
      parsed.error?.issues.map((issue) => issue.path.join('.')),
      ['to'],
    );
  });
});

describe('screen filters', () => {
  test('keep known values, drop unknown ones, and round-trip through the query string', () => {
    const filters = screenFiltersOf(new URLSearchParams('don-vi=abc123&ky=2026-2028&loai=ky-nang-bo-tro&x=1'));
    const unknown = screenFiltersOf(new URLSearchParams('don-vi=../x&ky=2040&loai=khac'));

    assert.deepEqual(filters, { unitId: 'abc123', period: '2026-2028', kind: 'ky-nang-bo-tro' });
    assert.deepEqual(unknown, { unitId: '', period: '', kind: '' });
    assert.deepEqual(screenFiltersOf(new URLSearchParams(screenQuery(filters).slice(1))), filters);
  });

  test('a phase filters from 1 January 2026 to 1 January 2029, Vietnam time', () => {
    const filter = screenToFilter({ unitId: '', period: '2026-2028', kind: '' });

    assert.equal(filter.from, Date.parse('2025-12-31T17:00:00Z'));
    assert.equal(filter.to, Date.parse('2028-12-31T17:00:00Z'));
  });
});
