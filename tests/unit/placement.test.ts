/** The placement rule (src/lib/indicators/placement.ts) as a table: the unit at a period's end. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unitAtEnd, type UnitChange } from '../../src/lib/indicators/placement.ts';

const move = (changedAt: number, oldValue: string | null, newValue: string | null): UnitChange => ({
  changedAt,
  oldValue,
  newValue,
});
// A moved to B at 100, B to C at 200; the official is now in C.
const history = [move(100, 'A', 'B'), move(200, 'B', 'C')];

describe('unitAtEnd', () => {
  const cases: [string, string, readonly UnitChange[], number, string][] = [
    ['never moved', 'A', [], 50, 'A'],
    ['period ends before the first move', 'C', history, 99, 'A'],
    ['period ends the instant of a move: still the old unit (end is exclusive)', 'C', history, 100, 'A'],
    ['between the moves', 'C', history, 101, 'B'],
    ['after the last move: the current unit', 'C', history, 201, 'C'],
    [
      'a creation row (no old unit): the unit first recorded',
      'B',
      [move(100, null, 'A'), move(150, 'A', 'B')],
      50,
      'A',
    ],
    ['two changes at one instant: the first recorded', 'C', [move(100, 'A', 'B'), move(100, 'B', 'C')], 100, 'A'],
  ];
  for (const [name, current, changes, end, expected] of cases)
    test(name, () => assert.equal(unitAtEnd(current, changes, end), expected));
});
