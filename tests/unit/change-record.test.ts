import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeChangeValue, diffOfficial, type OfficialFacts } from '../../src/lib/officials/change-record.ts';

const CURRENT: OfficialFacts = {
  unitId: 'u1',
  jobTitle: 'Công chức Văn phòng',
  jobPosition: 'Văn thư, lưu trữ',
  group: 'cong-chuc-chuyen-mon',
  fields: ['ky-nang-so', 'dat-dai'],
  underqualified: false,
  underqualifiedSince: null,
};

describe('diffOfficial', () => {
  test('records nothing when the values are already so', () => {
    assert.deepEqual(
      diffOfficial(CURRENT, {
        unitId: 'u1',
        group: 'cong-chuc-chuyen-mon',
        fields: ['dat-dai', 'ky-nang-so'],
        underqualified: false,
      }),
      [],
    );
  });

  test('records a move with the old and new unit', () => {
    assert.deepEqual(diffOfficial(CURRENT, { unitId: 'u2' }), [{ field: 'unitId', oldValue: 'u1', newValue: 'u2' }]);
  });

  test('records setting the flag as its date', () => {
    assert.deepEqual(diffOfficial(CURRENT, { underqualified: true, underqualifiedSince: '2026-07-01' }), [
      { field: 'underqualified', oldValue: null, newValue: '2026-07-01' },
    ]);
  });

  test('records clearing the flag with the date it had', () => {
    const flagged = { ...CURRENT, underqualified: true, underqualifiedSince: '2026-07-01' };

    assert.deepEqual(diffOfficial(flagged, { underqualified: false, underqualifiedSince: null }), [
      { field: 'underqualified', oldValue: '2026-07-01', newValue: null },
    ]);
  });

  test('records a new date on a flag already set', () => {
    const flagged = { ...CURRENT, underqualified: true, underqualifiedSince: '2026-07-01' };

    assert.deepEqual(diffOfficial(flagged, { underqualified: true, underqualifiedSince: '2026-08-15' }), [
      { field: 'underqualified', oldValue: '2026-07-01', newValue: '2026-08-15' },
    ]);
  });

  test('records a change of group and of fields', () => {
    const changes = diffOfficial(CURRENT, { group: 'lanh-dao-quan-ly', fields: ['dat-dai'] });

    assert.deepEqual(
      changes.map((change) => change.field),
      ['group', 'fields'],
    );
    assert.equal(changes[1].newValue, '["dat-dai"]');
  });
});

describe('describeChangeValue', () => {
  test('tells the flag with its date in dd/mm/yyyy', () => {
    assert.equal(describeChangeValue('underqualified', '2026-07-01'), 'Có, từ ngày 01/07/2026');
    assert.equal(describeChangeValue('underqualified', null), 'Không');
  });

  test('names a unit only when its name is given', () => {
    assert.equal(describeChangeValue('unitId', 'u1', new Map([['u1', 'Xã An']])), 'Xã An');
    assert.equal(describeChangeValue('unitId', 'u9', new Map()), 'Đơn vị ngoài phạm vi quản lý');
  });

  test('tells fields and groups by their Vietnamese labels', () => {
    assert.equal(describeChangeValue('fields', '["dat-dai","tai-chinh"]'), 'Đất đai; Tài chính');
    assert.equal(describeChangeValue('group', 'can-bo'), 'Cán bộ');
  });
});
