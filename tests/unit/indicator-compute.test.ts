/** The Decision 700 indicators as pure functions over plain rows (src/lib/server/indicators). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  childShares,
  computeUnitIndicators,
  evaluationDueAt,
  officialFacts,
  rollUp,
  sharesFor,
  type IndicatorInput,
  type OfficialRow,
} from '../../src/lib/indicators/compute.ts';
import { monthsOf, parsePeriod } from '../../src/lib/indicators/period.ts';

const day = (date: string) => Date.parse(`${date}T12:00:00+07:00`);
const PHASE = parsePeriod('2026-2028')!;
const UNITS = [
  { id: 'p', parentId: null, path: '/p/', name: 'Tỉnh', code: 'P', level: 'province' },
  { id: 'a', parentId: 'p', path: '/p/a/', name: 'Xã A', code: 'P-A', level: 'commune' },
  { id: 'b', parentId: 'p', path: '/p/b/', name: 'Xã B', code: 'P-B', level: 'commune' },
];

function official(id: string, overrides: Partial<OfficialRow> = {}): OfficialRow {
  return {
    id,
    staffCode: id.toUpperCase(),
    fullName: id,
    unitId: 'a',
    group: 'cong-chuc-chuyen-mon',
    underqualified: false,
    underqualifiedSince: null,
    active: true,
    createdAt: day('2025-01-01'),
    ...overrides,
  };
}

function input(overrides: Partial<IndicatorInput>): IndicatorInput {
  return {
    units: UNITS,
    officials: [],
    changes: [],
    completions: [],
    assignments: [],
    finalAttempts: [],
    evaluations: [],
    courseKinds: new Map([
      ['cm', 'chuyen-mon-chuyen-nganh'],
      ['qlnn', 'kien-thuc-chung-qlnn'],
      ['th', 'tap-huan-nghiep-vu'],
    ]),
    ...overrides,
  };
}

describe('parsePeriod', () => {
  test('a phase runs from 1 January of its first year to the end of its last, Vietnam time', () => {
    const period = parsePeriod('2026-2028')!;

    assert.equal(new Date(period.start).toISOString(), '2025-12-31T17:00:00.000Z');
    assert.equal(new Date(period.end).toISOString(), '2028-12-31T17:00:00.000Z');
  });

  test('refuses a range that is not one of the two phases', () => {
    assert.equal(parsePeriod('2026-2027'), undefined);
    assert.equal(parsePeriod('2040'), undefined);
    assert.equal(parsePeriod('abc'), undefined);
  });

  test('a year takes the phase it falls in', () => {
    assert.equal(parsePeriod('2030')!.phase, '2029-2031');
  });

  test('a phase has 36 months, in order', () => {
    const months = monthsOf(PHASE);

    assert.equal(months.length, 36);
    assert.equal(months[0], '2026-01');
    assert.equal(months.at(-1), '2028-12');
  });
});

describe('officialFacts', () => {
  test('an official who moved counts in the unit they were in at the end of the period', () => {
    const rows = input({
      officials: [official('o1', { unitId: 'b' })],
      changes: [{ officialId: 'o1', field: 'unitId', oldValue: 'a', newValue: 'b', changedAt: day('2027-06-01') }],
    });

    assert.equal(officialFacts(rows, parsePeriod('2026')!)[0]!.unitId, 'a');
    assert.equal(officialFacts(rows, PHASE)[0]!.unitId, 'b');
  });

  test('a flag cleared during the period still counts the official as flagged in it', () => {
    const rows = input({
      officials: [official('o1')],
      changes: [
        {
          officialId: 'o1',
          field: 'underqualified',
          oldValue: '2025-05-01',
          newValue: null,
          changedAt: day('2026-02-01'),
        },
      ],
    });

    assert.equal(officialFacts(rows, PHASE)[0]!.flaggedInPeriod, true);
    assert.equal(officialFacts(rows, parsePeriod('2027')!)[0]!.flaggedInPeriod, false);
  });

  test('a completion whose certificate was revoked does not count', () => {
    const rows = input({
      officials: [official('o1')],
      completions: [
        { officialId: 'o1', courseId: 'qlnn', completedAt: day('2026-05-01'), scorePercent: 90, revoked: true },
      ],
    });

    assert.equal(officialFacts(rows, PHASE)[0]!.completedGeneral, false);
  });

  test('an inactive official or one recorded after the period is not counted', () => {
    const rows = input({
      officials: [official('o1', { active: false }), official('o2', { createdAt: day('2029-02-01') })],
    });

    assert.equal(officialFacts(rows, PHASE).length, 0);
  });

  test('an assignment cancelled before the end of the period does not count as sent', () => {
    const rows = input({
      officials: [official('o1', { underqualified: true, underqualifiedSince: '2025-01-01' })],
      assignments: [
        { officialId: 'o1', courseId: 'cm', assignedAt: day('2026-02-01'), cancelledAt: day('2026-03-01') },
      ],
    });

    assert.equal(officialFacts(rows, PHASE)[0]!.sentToSpecialized, false);
  });
});

describe('sharesFor', () => {
  test('gives the officials behind numerator and denominator, and no percent for an empty denominator', () => {
    const rows = input({
      officials: [official('o1'), official('o2'), official('o3', { unitId: 'b', group: 'can-bo' })],
      completions: [
        { officialId: 'o1', courseId: 'qlnn', completedAt: day('2026-05-01'), scorePercent: 90, revoked: false },
      ],
    });
    const facts = officialFacts(rows, PHASE);

    const shares = sharesFor(facts, '/p/a/');
    const inB = sharesFor(facts, '/p/b/');

    assert.deepEqual(shares['general-management'].numeratorIds, ['o1']);
    assert.deepEqual(shares['general-management'].denominatorIds, ['o1', 'o2']);
    assert.equal(shares['general-management'].percent, 50);
    assert.equal(inB['general-management'].percent, null);
  });
});

describe('computeUnitIndicators', () => {
  test('counts completions by month within the period only', () => {
    const rows = input({
      officials: [official('o1')],
      completions: [
        { officialId: 'o1', courseId: 'th', completedAt: day('2026-03-10'), scorePercent: null, revoked: false },
        { officialId: 'o1', courseId: 'qlnn', completedAt: day('2029-01-10'), scorePercent: 80, revoked: false },
      ],
    });
    const facts = officialFacts(rows, PHASE);

    const result = computeUnitIndicators(rows, facts, UNITS[0]!, PHASE, day('2026-04-01'));

    assert.equal(result.completionsInPeriod, 1);
    assert.equal(result.completionsByMonth.find((row) => row.month === '2026-03')!.completions, 1);
    assert.equal(result.evaluationsDue, 0);
  });

  test('an evaluation falls due three calendar months after the completion', () => {
    assert.equal(new Date(evaluationDueAt(Date.UTC(2026, 0, 15))).toISOString().slice(0, 10), '2026-04-15');
  });
});

describe('childShares and rollUp', () => {
  test('give each child unit the shares of its own subtree', () => {
    const rows = input({
      officials: [official('o1'), official('o2', { unitId: 'b' }), official('o3', { unitId: 'b' })],
    });
    const facts = officialFacts(rows, PHASE);

    const children = childShares(facts, '/p/', UNITS.slice(1));
    const national = rollUp(facts, UNITS.slice(0, 1));

    assert.deepEqual(
      children.map((row) => row.officials),
      [1, 2],
    );
    assert.deepEqual(
      national.map((row) => row.officials),
      [3],
    );
  });
});
