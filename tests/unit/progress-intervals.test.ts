import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isVideoWatched, mergeIntervals, watchedSeconds, type Interval } from '../../src/lib/progress/intervals.ts';

describe('mergeIntervals', () => {
  const cases: { name: string; intervals: Interval[]; duration: number; merged: [number, number][] }[] = [
    { name: 'keeps one interval as it is', intervals: [[10, 20]], duration: 100, merged: [[10, 20]] },
    {
      name: 'joins overlapping intervals',
      intervals: [
        [0, 30],
        [20, 50],
      ],
      duration: 100,
      merged: [[0, 50]],
    },
    {
      name: 'joins intervals that touch',
      intervals: [
        [0, 30],
        [30, 40],
      ],
      duration: 100,
      merged: [[0, 40]],
    },
    {
      name: 'keeps a gap left by skipping ahead',
      intervals: [
        [0, 10],
        [90, 100],
      ],
      duration: 100,
      merged: [
        [0, 10],
        [90, 100],
      ],
    },
    {
      name: 'sorts intervals reported out of order',
      intervals: [
        [60, 70],
        [0, 5],
        [30, 40],
      ],
      duration: 100,
      merged: [
        [0, 5],
        [30, 40],
        [60, 70],
      ],
    },
    {
      name: 'swallows an interval inside another',
      intervals: [
        [0, 60],
        [10, 20],
      ],
      duration: 100,
      merged: [[0, 60]],
    },
    {
      name: 'clips to the real duration, not the client’s',
      intervals: [[95, 500]],
      duration: 101,
      merged: [[95, 101]],
    },
    {
      name: 'drops empty intervals',
      intervals: [
        [5, 5],
        [7, 7.01],
      ],
      duration: 100,
      merged: [],
    },
    { name: 'drops an interval entirely past the end', intervals: [[200, 300]], duration: 101, merged: [] },
    { name: 'keeps a tenth of a second of resolution', intervals: [[0.04, 10.06]], duration: 100, merged: [[0, 10.1]] },
    { name: 'gives nothing for nothing', intervals: [], duration: 100, merged: [] },
  ];
  for (const { name, intervals, duration, merged } of cases) {
    test(name, () => {
      assert.deepEqual(mergeIntervals(intervals, duration), merged);
    });
  }

  test('gives the same union whatever the order and repetition of reports', () => {
    const interval = fc
      .tuple(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }))
      .map(([a, b]): Interval => [Math.min(a, b), Math.max(a, b)]);
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), (intervals) => {
        const once = mergeIntervals(intervals, 120);

        assert.deepEqual(mergeIntervals([...intervals].reverse(), 120), once);
        assert.deepEqual(mergeIntervals([...once, ...intervals], 120), once);
      }),
    );
  });

  test('never counts more than the duration however much is reported', () => {
    const interval = fc
      .tuple(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }))
      .map(([a, b]): Interval => [Math.min(a, b), Math.max(a, b)]);
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 50 }), fc.integer({ min: 1, max: 600 }), (intervals, duration) => {
        assert.ok(watchedSeconds(mergeIntervals(intervals, duration)) <= duration);
      }),
    );
  });
});

describe('watchedSeconds', () => {
  test('adds up the lengths of disjoint intervals', () => {
    assert.equal(
      watchedSeconds([
        [0, 10],
        [20, 25.5],
      ]),
      15.5,
    );
  });

  test('does not count a skipped stretch', () => {
    const merged = mergeIntervals(
      [
        [0, 5],
        [95, 101],
      ],
      101,
    );

    assert.equal(watchedSeconds(merged), 11);
  });
});

describe('isVideoWatched', () => {
  const cases: { watched: number; duration: number; expected: boolean; why: string }[] = [
    { watched: 90.9, duration: 101, expected: true, why: 'exactly 90 % (despite 0.9 × 101 being 90.90000000000001)' },
    { watched: 90.8, duration: 101, expected: false, why: 'just under 90 %' },
    { watched: 101, duration: 101, expected: true, why: 'all of it' },
    { watched: 0, duration: 101, expected: false, why: 'nothing' },
    { watched: 10, duration: 0, expected: false, why: 'a video without a length' },
  ];
  for (const { watched, duration, expected, why } of cases) {
    test(`is ${expected} for ${watched} of ${duration} seconds: ${why}`, () => {
      assert.equal(isVideoWatched(watched, duration), expected);
    });
  }

  test('is false after dragging the playhead to the end', () => {
    const merged = mergeIntervals(
      [
        [0, 3],
        [99, 101],
      ],
      101,
    );

    assert.equal(isVideoWatched(watchedSeconds(merged), 101), false);
  });
});
