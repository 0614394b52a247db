/** The pure rules of unit management and of the unit list import. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canManageUnit,
  effectiveDateProblem,
  levelOfKind,
  parentLevelOf,
  retiredLabel,
  unitManagementPaths,
} from '../../src/lib/org/unit-rules.ts';
import { parseDateCell, parseUnitKind, rawUnitRows } from '../../src/lib/org/unit-import-rows.ts';

const system = { roles: [{ role: 'system_admin', unitPath: null }] };
const province = { roles: [{ role: 'province_admin', unitPath: '/p/' }] };
const commune = { roles: [{ role: 'commune_admin', unitPath: '/p/c/' }] };

test('levels: a commune sits under a province, an office under a commune, a province under nothing', () => {
  assert.equal(levelOfKind('thanh-pho'), 'province');
  assert.equal(levelOfKind('dac-khu'), 'commune');
  assert.equal(levelOfKind('co-quan'), 'office');
  assert.deepEqual(
    ['province', 'commune', 'office'].map((level) => parentLevelOf(level as never)),
    [null, 'province', 'commune'],
  );
});

test('who manages what: provinces only the system administrator; commune administrators nothing', () => {
  assert.deepEqual(unitManagementPaths(system), ['/']);
  assert.deepEqual(unitManagementPaths(province), ['/p/']);
  assert.deepEqual(unitManagementPaths(commune), []);
  assert.equal(canManageUnit(province, '/p/c/', 'commune'), true);
  assert.equal(canManageUnit(province, '/p/', 'province'), false);
  assert.equal(canManageUnit(province, '/q/c/', 'commune'), false);
  assert.equal(canManageUnit(system, '/q/', 'province'), true);
});

test('effective dates: real, from 2000, not after today', () => {
  const today = '2026-12-07';
  assert.equal(effectiveDateProblem('2026-12-07', today), null);
  assert.equal(effectiveDateProblem('2025-07-01', today), null);
  assert.match(effectiveDateProblem('2026-02-30', today)!, /không hợp lệ/);
  assert.match(effectiveDateProblem('1999-12-31', today)!, /từ năm 2000/);
  assert.equal(
    effectiveDateProblem('2026-12-08', today),
    'Ngày hiệu lực không được sau hôm nay: 08/12/2026 chưa đến. Nếu quyết định có hiệu lực từ một ngày sau này, hãy ghi nhận thay đổi vào đúng ngày đó.',
  );
});

test('a retired unit is marked with its successor and date', () => {
  assert.equal(retiredLabel({ retiredOn: null, successorId: null }), null);
  assert.equal(
    retiredLabel({ retiredOn: '2027-01-01', successorId: 's' }, 'Xã A'),
    'Đã hợp nhất vào Xã A từ 01/01/2027',
  );
  assert.equal(retiredLabel({ retiredOn: '2027-01-01', successorId: null }), 'Đã giải thể từ 01/01/2027');
});

test('import cells: kinds by label or code, dates as written in Vietnam, headers in any order', () => {
  assert.equal(parseUnitKind('Cơ quan, phòng ban'), 'co-quan');
  assert.equal(parseUnitKind('PHƯỜNG'), 'phuong');
  assert.equal(parseUnitKind('thanh-pho'), 'thanh-pho');
  assert.equal(parseUnitKind('Làng'), undefined);
  assert.equal(parseDateCell('1/7/2025'), '2025-07-01');
  assert.equal(parseDateCell('2025-07-01'), '2025-07-01');
  assert.equal(parseDateCell('tháng 7'), undefined);
  const read = rawUnitRows([
    { row: 1, cells: ['Loại', 'Tên đơn vị', 'Mã đơn vị', 'Có hiệu lực từ', 'Mã đơn vị cấp trên'] },
    { row: 2, cells: ['Xã', ' Xã  A ', 'A1', '', 'P'] },
  ]);
  assert.ok('rows' in read);
  assert.deepEqual(read.rows[0], { row: 2, code: 'A1', name: 'Xã A', kind: 'Xã', parentCode: 'P', validFrom: '' });
  const missing = rawUnitRows([
    { row: 1, cells: ['Mã đơn vị', 'Tên đơn vị'] },
    { row: 2, cells: ['A', 'B'] },
  ]);
  assert.ok(
    'refusal' in missing && /thiếu các cột "Loại", "Mã đơn vị cấp trên", "Có hiệu lực từ"/.test(missing.refusal),
  );
});
