import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignmentStatus,
  daysOverdue,
  deadlineProblem,
  parseDeadline,
} from '../../src/lib/assignments/deadline-rules.ts';

describe('parseDeadline', () => {
  test('reads a date written day/month/year', () => {
    assert.equal(parseDeadline('31/12/2026'), '2026-12-31');
  });

  test('reads a day and month written with one digit', () => {
    assert.equal(parseDeadline(' 5/1/2027 '), '2027-01-05');
  });

  test('reads the value of a date input (year-month-day)', () => {
    assert.equal(parseDeadline('2027-03-01'), '2027-03-01');
  });

  test('refuses a day that does not exist', () => {
    assert.equal(parseDeadline('30/02/2027'), null);
  });

  test('refuses text that is not a date', () => {
    assert.equal(parseDeadline('cuối năm'), null);
    assert.equal(parseDeadline('12/2026'), null);
  });
});

describe('deadlineProblem', () => {
  const today = '2026-11-24';

  test('accepts tomorrow', () => {
    assert.equal(deadlineProblem('2026-11-25', today), null);
  });

  test('refuses today, since the deadline must be in the future', () => {
    assert.equal(deadlineProblem('2026-11-24', today), 'Hạn hoàn thành phải sau ngày hôm nay.');
  });

  test('refuses a day in the past', () => {
    assert.equal(deadlineProblem('2026-01-01', today), 'Hạn hoàn thành phải sau ngày hôm nay.');
  });

  test('refuses a deadline more than five years ahead', () => {
    assert.match(deadlineProblem('2031-11-25', today) ?? '', /không được quá 5 năm/);
    assert.equal(deadlineProblem('2031-11-24', today), null);
  });

  test('explains how to write a date that could not be read', () => {
    assert.match(deadlineProblem(null, today) ?? '', /ngày\/tháng\/năm/);
  });
});

describe('daysOverdue', () => {
  test('is zero before and on the deadline day', () => {
    assert.equal(daysOverdue('2026-12-31', '2026-12-30'), 0);
    assert.equal(daysOverdue('2026-12-31', '2026-12-31'), 0);
  });

  test('counts whole days after the deadline, across a month and a year', () => {
    assert.equal(daysOverdue('2026-12-31', '2027-01-01'), 1);
    assert.equal(daysOverdue('2026-11-30', '2027-01-02'), 33);
  });

  test('counts 29 February in a leap year', () => {
    assert.equal(daysOverdue('2028-02-28', '2028-03-01'), 2);
  });
});

describe('assignmentStatus', () => {
  const today = '2027-01-10';

  test('is overdue once the deadline day has passed without a completion', () => {
    assert.equal(assignmentStatus({ deadline: '2027-01-09', cancelled: false, completed: false }, today), 'qua-han');
  });

  test('is still within the deadline on the deadline day', () => {
    assert.equal(assignmentStatus({ deadline: '2027-01-10', cancelled: false, completed: false }, today), 'con-han');
  });

  test('is completed even when the completion came after the deadline', () => {
    assert.equal(assignmentStatus({ deadline: '2027-01-01', cancelled: false, completed: true }, today), 'hoan-thanh');
  });

  test('is cancelled whatever else holds', () => {
    assert.equal(assignmentStatus({ deadline: '2027-01-01', cancelled: true, completed: false }, today), 'da-huy');
  });
});
