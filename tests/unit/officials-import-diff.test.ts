import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  creationChanges,
  diffRow,
  isUnchanged,
  shownChanges,
  type OfficialState,
} from '../../src/lib/officials-import/diff.ts';
import type { ValidRow } from '../../src/lib/officials-import/validate.ts';

const current: OfficialState = {
  id: 'o1',
  staffCode: 'SL-QL-011',
  fullName: 'Phạm Văn Long',
  unitId: 'u-kt',
  jobTitle: 'Công chức Phòng Kinh tế',
  jobPosition: 'Địa chính - đất đai',
  group: 'cong-chuc-chuyen-mon',
  fields: ['dat-dai', 'tai-chinh'],
  underqualified: true,
  underqualifiedSince: '2026-07-01',
  email: null,
  nationalId: null,
};

/** The row that says exactly what is recorded, unless changed. */
function row(changes: Partial<ValidRow> = {}): ValidRow {
  const { id: _id, ...state } = current;
  return { row: 2, unitCode: 'SL-QL-KT', ...state, ...changes };
}

describe('diffRow', () => {
  test('finds nothing to change when the row says what is recorded, whatever the order of fields', () => {
    assert.ok(isUnchanged(diffRow(current, row({ fields: ['tai-chinh', 'dat-dai'] }))));
  });

  test('records a change of unit with the unit ids', () => {
    assert.deepEqual(diffRow(current, row({ unitId: 'u-vp' })).changes, [
      { field: 'unitId', oldValue: 'u-kt', newValue: 'u-vp' },
    ]);
  });

  test('records a new date of the flag as a change of the flag', () => {
    assert.deepEqual(diffRow(current, row({ underqualifiedSince: '2026-08-15' })).changes, [
      { field: 'underqualified', oldValue: '2026-07-01', newValue: '2026-08-15' },
    ]);
  });

  test('records the flag cleared as null', () => {
    assert.deepEqual(diffRow(current, row({ underqualified: false, underqualifiedSince: null })).changes, [
      { field: 'underqualified', oldValue: '2026-07-01', newValue: null },
    ]);
  });

  test('records a new name as a change of fullName', () => {
    const diff = diffRow(current, row({ fullName: 'Phạm Văn Long Hải' }));

    assert.equal(diff.nameChanged, true);
    assert.deepEqual(diff.changes, [{ field: 'fullName', oldValue: 'Phạm Văn Long', newValue: 'Phạm Văn Long Hải' }]);
  });

  test('tells the preview each change in words, with unit names', () => {
    const diff = diffRow(current, row({ unitId: 'u-vp', group: 'lanh-dao-quan-ly' }));

    assert.deepEqual(
      shownChanges(
        diff,
        new Map([
          ['u-kt', 'Phòng Kinh tế'],
          ['u-vp', 'Văn phòng HĐND và UBND'],
        ]),
      ),
      [
        { field: 'Đơn vị', from: 'Phòng Kinh tế', to: 'Văn phòng HĐND và UBND' },
        { field: 'Nhóm', from: 'Công chức chuyên môn', to: 'Công chức lãnh đạo, quản lý' },
      ],
    );
  });
});

describe('creationChanges', () => {
  test('records the unit and group of a new official, and the flag only when it is set', () => {
    assert.deepEqual(
      creationChanges(row({ underqualified: false, underqualifiedSince: null })).map((change) => change.field),
      ['unitId', 'group'],
    );
    assert.deepEqual(creationChanges(row()).at(-1), {
      field: 'underqualified',
      oldValue: null,
      newValue: '2026-07-01',
    });
  });
});
