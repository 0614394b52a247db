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
import { cumulativeOf, monthsOf, parsePeriod, storedPeriods } from '../../src/lib/indicators/period.ts';
import { unitAtEnd } from '../../src/lib/indicators/placement.ts';
import { POSITION_FIELDS, fieldsOfPosition } from '../../src/lib/indicators/position-fields.ts';
import { FIELDS } from '../../src/schemas/vocabulary.ts';
import { FACT_BITS, SHARE_RULES, factBits } from '../../src/lib/indicators/fact-bits.ts';
import { targetFor, type TargetRow } from '../../src/lib/indicators/targets.ts';

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
      ['ld', 'qlnn-lanh-dao-quan-ly'],
    ]),
    courseFields: new Map([['th', ['dat-dai']]]),
    ...overrides,
  };
}

describe('parsePeriod', () => {
  test('a phase runs from 1 January of its first year to the end of its last, Vietnam time', () => {
    const period = parsePeriod('2026-2028')!;

    assert.equal(new Date(period.start).toISOString(), '2025-12-31T17:00:00.000Z');
    assert.equal(new Date(period.end).toISOString(), '2028-12-31T17:00:00.000Z');
  });

  test('refuses a range that is neither a phase nor a cumulative period since 2026', () => {
    assert.equal(parsePeriod('2027-2029'), undefined);
    assert.equal(parsePeriod('2026-2032'), undefined);
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

describe('the rules of issue 17', () => {
  const done = (officialId: string, courseId: string, date: string) => ({
    officialId,
    courseId,
    completedAt: day(date),
    scorePercent: null,
    revoked: false,
  });

  test('a cumulative period runs from 1 January 2026 to the end of the period, and is stored', () => {
    const cumulative = cumulativeOf(parsePeriod('2029-2031')!);

    assert.equal(cumulative.key, '2026-2031');
    assert.equal(cumulative.start, PHASE.start);
    assert.equal(cumulative.end, parsePeriod('2029-2031')!.end);
    assert.equal(cumulativeOf(PHASE).key, '2026-2028');
    assert.ok(storedPeriods().some((period) => period.key === '2026-2031'));
  });

  test("field training counts only in one of the official's own fields, from position or record", () => {
    const rows = input({
      officials: [
        official('land', { jobPosition: 'Địa chính - đất đai' }),
        official('culture', { jobPosition: 'Văn hóa - du lịch' }),
        official('recorded', { jobPosition: 'Chuyên viên', fields: ['dat-dai'] }),
      ],
      completions: [
        done('land', 'th', '2026-05-01'),
        done('culture', 'th', '2026-05-01'),
        done('recorded', 'th', '2026-05-01'),
      ],
    });

    const facts = officialFacts(rows, PHASE);
    const shares = sharesFor(facts, '/p/');

    assert.deepEqual(shares['field-skills'].numeratorIds, ['land', 'recorded']);
    assert.equal(facts.find((row) => row.officialId === 'culture')!.completedField, true);
    assert.deepEqual(fieldsOfPosition('Địa chính - đất đai'), ['dat-dai']);
  });

  test('the position table names only fields of the shared vocabulary', () => {
    const known = new Set<string>(FIELDS.map((field) => field.slug));

    for (const entry of POSITION_FIELDS) for (const field of entry.fields) assert.ok(known.has(field), field);
  });

  test('a class counts for the own-field indicator only with a recorded field', () => {
    const attendance = (field: string | null) => ({
      officialId: 'land',
      kind: 'tap-huan-nghiep-vu',
      field,
      startsAt: day('2026-05-01'),
      completedAt: day('2026-05-03'),
      result: 'hoan-thanh',
    });
    const officials = [official('land', { jobPosition: 'Địa chính - đất đai' })];

    const withField = officialFacts(input({ officials, classAttendances: [attendance('dat-dai')] }), PHASE)[0]!;
    const without = officialFacts(input({ officials, classAttendances: [attendance(null)] }), PHASE)[0]!;

    assert.equal(withField.completedOwnField, true);
    assert.equal(without.completedOwnField, false);
  });

  test('leaders are cán bộ and lãnh đạo, quản lý; their programme is indicator 4', () => {
    const rows = input({
      officials: [
        official('chair', { group: 'can-bo' }),
        official('head', { group: 'lanh-dao-quan-ly' }),
        official('staff', { group: 'cong-chuc-chuyen-mon' }),
      ],
      completions: [done('chair', 'ld', '2027-03-01'), done('staff', 'ld', '2027-03-01')],
    });

    const shares = sharesFor(officialFacts(rows, PHASE), '/p/');

    assert.deepEqual(shares['leaders-programme'].denominatorIds, ['chair', 'head']);
    assert.deepEqual(shares['leaders-programme'].numeratorIds, ['chair']);
  });

  test('enrolment in a specialized class starting before the end is sending, whatever the result', () => {
    const rows = input({
      officials: [official('o1', { underqualified: true, underqualifiedSince: '2026-01-05' })],
      classAttendances: [
        {
          officialId: 'o1',
          kind: 'chuyen-mon-chuyen-nganh',
          field: null,
          startsAt: day('2026-12-20'),
          completedAt: day('2027-03-20'),
          result: 'vang',
        },
      ],
    });

    assert.equal(officialFacts(rows, parsePeriod('2026')!)[0]!.sentToSpecialized, true);
    assert.equal(officialFacts(rows, { ...parsePeriod('2026')!, end: day('2026-12-01') })[0]!.sentToSpecialized, false);
  });

  test('a flag counts from its declared date, not from when it was imported', () => {
    const rows = input({
      officials: [official('o1', { underqualified: true, underqualifiedSince: '2026-04-01' })],
      changes: [
        {
          officialId: 'o1',
          field: 'underqualified',
          oldValue: null,
          newValue: '2026-04-01',
          changedAt: day('2027-02-10'),
        },
      ],
    });

    assert.equal(officialFacts(rows, parsePeriod('2026')!)[0]!.flaggedInPeriod, true);
    assert.equal(officialFacts(rows, { ...parsePeriod('2026')!, end: day('2026-03-01') })[0]!.flaggedInPeriod, false);
  });

  test('sample courses never count', () => {
    const rows = input({
      officials: [official('o1')],
      completions: [done('o1', 'qlnn', '2026-05-01')],
      sampleCourses: new Set(['qlnn']),
    });
    const facts = officialFacts(rows, PHASE);

    assert.equal(facts[0]!.completedGeneral, false);
    assert.equal(computeUnitIndicators(rows, facts, UNITS[0]!, PHASE, day('2026-06-01')).completionsInPeriod, 0);
  });

  test('an official counts in the unit they were in at the end, by one rule', () => {
    const changes = [{ oldValue: 'a', newValue: 'b', changedAt: day('2027-06-01') }];

    assert.equal(unitAtEnd('b', changes, parsePeriod('2026')!.end), 'a');
    assert.equal(unitAtEnd('b', changes, PHASE.end), 'b');
    assert.equal(unitAtEnd('b', [], PHASE.end), 'b');
  });

  test('every indicator is a rule over fact bits, and the new facts have new bits', () => {
    const facts = officialFacts(
      input({ officials: [official('o1', { group: 'can-bo' })], completions: [done('o1', 'ld', '2026-02-01')] }),
      PHASE,
    )[0]!;

    assert.equal(SHARE_RULES.length, 4);
    assert.equal(factBits(facts) & (FACT_BITS.leader | FACT_BITS.leadership), FACT_BITS.leader | FACT_BITS.leadership);
    assert.equal(FACT_BITS.field, 1 << 4);
  });

  test('a province target for a phase applies to its years; otherwise Decision 700 with its source', () => {
    const table: TargetRow[] = [
      { indicator: 'general-management', periodKey: '2026-2031', percent: 100, source: 'KH 219/KH-UBND' },
      { indicator: 'leaders-programme', periodKey: '2026-2028', percent: 95, source: 'Đồng Tháp' },
    ];

    assert.equal(targetFor(table, 'general-management', parsePeriod('2026-2031')!).percent, 100);
    assert.equal(targetFor(table, 'general-management', parsePeriod('2029-2031')!).percent, 50);
    assert.match(targetFor(table, 'general-management', parsePeriod('2029-2031')!).source, /700\/QĐ-TTg/);
    assert.equal(targetFor(table, 'leaders-programme', parsePeriod('2027')!).percent, 95);
  });
});
