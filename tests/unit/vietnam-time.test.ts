import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatClockTime,
  formatDate,
  formatIsoDate,
  formatTimeAndDate,
  formatTimeOnDate,
} from '../../src/lib/format.ts';
import {
  isCalendarDate,
  todayInVietnam,
  VIETNAM_OFFSET_MS,
  VIETNAM_OFFSET_SECONDS,
  VIETNAM_TIME_ZONE,
  vietnamDate,
  vietnamDateParts,
  vietnamMidnight,
} from '../../src/lib/vietnam-time.ts';

describe('the Vietnamese day', () => {
  test('changes at 17:00 UTC, not at UTC midnight', () => {
    assert.equal(vietnamDate(new Date('2026-06-30T16:59:59.999Z')), '2026-06-30');
    assert.equal(vietnamDate(new Date('2026-06-30T17:00:00Z')), '2026-07-01');
    // The control: the same two instants are on one UTC day.
    assert.equal(
      new Date('2026-06-30T16:59:59.999Z').toISOString().slice(0, 10),
      new Date('2026-06-30T17:00:00Z').toISOString().slice(0, 10),
    );
  });

  test('takes a Date or epoch ms, and crosses the year', () => {
    assert.equal(vietnamDate(Date.parse('2026-12-31T17:00:00Z')), '2027-01-01');
    assert.equal(todayInVietnam(new Date('2026-06-30T20:00:00Z')), '2026-07-01');
  });

  test('agrees with the time-zone database (no daylight saving time)', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE });
    for (
      let at = Date.parse('2026-01-01T00:00:00Z');
      at < Date.parse('2032-01-01T00:00:00Z');
      at += 7 * 86_400_000 + 3_600_000
    ) {
      assert.equal(vietnamDate(at), zone.format(at), new Date(at).toISOString());
    }
  });

  test('writes day, month and year as documents do', () => {
    assert.deepEqual(vietnamDateParts(new Date('2026-11-04T18:00:00Z')), { day: '05', month: '11', year: '2026' });
  });

  test('starts at 17:00 UTC the day before', () => {
    assert.equal(vietnamMidnight('2026-07-01'), Date.parse('2026-06-30T17:00:00Z'));
    assert.equal(vietnamMidnight('2026-07-01') + VIETNAM_OFFSET_MS, Date.parse('2026-07-01T00:00:00Z'));
    assert.equal(vietnamMidnight('2028-01-01'), Date.parse('2027-12-31T17:00:00Z'));
    assert.equal(VIETNAM_OFFSET_SECONDS * 1000, VIETNAM_OFFSET_MS);
    assert.ok(Number.isNaN(vietnamMidnight('2026-02-30')));
    assert.ok(Number.isNaN(vietnamMidnight('2026-04-31')));
    assert.ok(Number.isNaN(vietnamMidnight('01/07/2026')));
  });
});

describe('times as read in Vietnam', () => {
  const justAfterMidnight = new Date('2026-11-24T17:05:00Z');

  test('a clock time on 24 hours', () => {
    assert.equal(formatClockTime(justAfterMidnight), '00:05');
    assert.equal(formatClockTime(new Date('2026-11-24T13:15:00Z')), '20:15');
  });

  test('a date and the time before it', () => {
    assert.equal(formatDate(justAfterMidnight), '25/11/2026');
    assert.equal(formatTimeAndDate(justAfterMidnight), '00:05 25/11/2026');
    assert.equal(formatTimeOnDate(justAfterMidnight), '00:05 ngày 25/11/2026');
  });
});

describe('dates written YYYY-MM-DD', () => {
  test('accepts real calendar dates only', () => {
    assert.equal(isCalendarDate('2028-02-29'), true);
    assert.equal(isCalendarDate('2026-02-30'), false);
    assert.equal(isCalendarDate('01/07/2026'), false);
  });

  test('reads as dd/mm/yyyy, anything else as it is', () => {
    assert.equal(formatIsoDate('2026-07-01'), '01/07/2026');
    assert.equal(formatIsoDate('không rõ'), 'không rõ');
  });
});
