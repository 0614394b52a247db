/** When a class's results may be recorded (src/lib/classes/result-timing.ts), as a table. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classHasEnded, enrolledDetailsProblem, resultTooEarly } from '../../src/lib/classes/result-timing.ts';
import type { AttendanceResult } from '../../src/lib/classes/vocabulary.ts';

const TODAY = '2026-12-07';

describe('resultTooEarly', () => {
  const cases: [AttendanceResult, string, boolean][] = [
    ['hoan-thanh', '2026-12-08', true],
    ['khong-hoan-thanh', '2027-03-01', true],
    ['vang', '2029-01-01', true],
    ['da-dang-ky', '2029-01-01', false],
    ['hoan-thanh', '2026-12-07', false],
    ['hoan-thanh', '2026-12-06', false],
    ['vang', '2026-01-01', false],
  ];
  for (const [result, endsOn, refused] of cases)
    test(`${result}, class ending ${endsOn}: ${refused ? 'refused' : 'accepted'}`, () => {
      const message = resultTooEarly(result, endsOn, TODAY);
      assert.equal(message !== undefined, refused);
      if (message) assert.ok(message.includes(endsOn.split('-').reverse().join('/')), message);
    });
  test('classHasEnded from its last day', () => {
    assert.deepEqual(
      ['2026-12-06', '2026-12-07', '2026-12-08'].map((day) => classHasEnded(day, TODAY)),
      [true, true, false],
    );
  });
});

describe('enrolledDetailsProblem', () => {
  test('an enrolled attendee has no score or certificate; an outcome may', () => {
    assert.equal(enrolledDetailsProblem('da-dang-ky', null, null), undefined);
    assert.ok(enrolledDetailsProblem('da-dang-ky', 8, null));
    assert.ok(enrolledDetailsProblem('da-dang-ky', null, 'CC-1'));
    assert.equal(enrolledDetailsProblem('hoan-thanh', 8, 'CC-1'), undefined);
  });
});
