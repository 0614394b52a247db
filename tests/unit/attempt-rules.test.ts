import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GRACE_MS,
  acceptsAnswers,
  closingOf,
  deadlineOf,
  isAbandoned,
  remainingSeconds,
  reviewVisible,
  startRefusal,
  type AttemptFacts,
  type QuizRules,
} from '../../src/lib/assessment/attempt-rules.ts';

const MINUTE = 60_000;
const NOW = Date.parse('2026-11-24T13:00:00Z');
const finalTest: QuizRules = {
  attemptsAllowed: 3,
  waitMinutesBetweenAttempts: 60,
  feedback: 'sau-han',
  timeLimitMinutes: 30,
};
const practice: QuizRules = { feedback: 'sau-khi-nop' };

/** A graded attempt submitted `minutesAgo` before NOW. */
const graded = (minutesAgo: number, passed = false): AttemptFacts => ({
  status: 'submitted',
  deadlineAt: null,
  submittedAt: new Date(NOW - minutesAgo * MINUTE),
  passed,
});
const open = (deadlineAt: number | null): AttemptFacts => ({
  status: 'in_progress',
  deadlineAt: deadlineAt === null ? null : new Date(deadlineAt),
  submittedAt: null,
  passed: null,
});

describe('startRefusal', () => {
  const cases: { name: string; quiz: QuizRules; attempts: AttemptFacts[]; reason: string | null }[] = [
    { name: 'a first attempt', quiz: finalTest, attempts: [], reason: null },
    { name: 'a second attempt after the waiting time', quiz: finalTest, attempts: [graded(61)], reason: null },
    { name: 'a second attempt within the waiting time', quiz: finalTest, attempts: [graded(59)], reason: 'wait' },
    {
      name: 'a third attempt exactly when the wait ends',
      quiz: finalTest,
      attempts: [graded(200), graded(60)],
      reason: null,
    },
    {
      name: 'a fourth attempt of three allowed',
      quiz: finalTest,
      attempts: [graded(300), graded(200), graded(100)],
      reason: 'limit',
    },
    { name: 'a retake of a passed "sau-han" quiz', quiz: finalTest, attempts: [graded(100, true)], reason: 'passed' },
    { name: 'a retake of a passed practice quiz', quiz: practice, attempts: [graded(1, true)], reason: null },
    {
      name: 'the hundredth attempt of an unlimited quiz',
      quiz: practice,
      attempts: Array.from({ length: 99 }, () => graded(5)),
      reason: null,
    },
  ];
  for (const { name, quiz, attempts, reason } of cases) {
    test(`${reason === null ? 'allows' : `refuses (${reason})`} ${name}`, () => {
      assert.equal(startRefusal(quiz, attempts, NOW)?.reason ?? null, reason);
    });
  }

  test('says until when to wait, in Vietnam time', () => {
    const refusal = startRefusal(finalTest, [graded(45)], NOW);

    assert.equal(refusal?.reason, 'wait');
    assert.equal(refusal.reason === 'wait' && refusal.until.getTime(), NOW + 15 * MINUTE);
    assert.equal(refusal.message, 'Anh/chị cần chờ đến 20:15 24/11/2026 mới được làm lần tiếp theo.');
  });

  test('counts an expired attempt as an attempt used', () => {
    const expired: AttemptFacts = {
      status: 'expired',
      deadlineAt: new Date(NOW - 300 * MINUTE),
      submittedAt: new Date(NOW - 300 * MINUTE),
      passed: false,
    };

    assert.equal(startRefusal(finalTest, [expired, graded(200), graded(100)], NOW)?.reason, 'limit');
  });
});

describe('deadline and grace', () => {
  const started = NOW - 10 * MINUTE;
  const deadline = deadlineOf(started, { timeLimitMinutes: 30 })!.getTime();
  const cases: { name: string; at: number; accepts: boolean; closes: 'submitted' | 'expired' }[] = [
    { name: 'well before the deadline', at: deadline - 5 * MINUTE, accepts: true, closes: 'submitted' },
    { name: 'at the deadline', at: deadline, accepts: true, closes: 'submitted' },
    { name: 'at the end of the grace', at: deadline + GRACE_MS, accepts: true, closes: 'submitted' },
    { name: 'one millisecond after the grace', at: deadline + GRACE_MS + 1, accepts: false, closes: 'expired' },
    { name: 'hours later', at: deadline + 5 * 60 * MINUTE, accepts: false, closes: 'expired' },
  ];
  for (const { name, at, accepts, closes } of cases) {
    test(`${accepts ? 'accepts' : 'refuses'} answers ${name}, and a submit then is ${closes}`, () => {
      const attempt = open(deadline);

      assert.equal(acceptsAnswers(attempt, at), accepts);
      assert.equal(isAbandoned(attempt, at), !accepts);
      assert.equal(closingOf(attempt, at).status, closes);
    });
  }

  test('puts the deadline at start plus the time limit', () => {
    assert.equal(deadline, started + 30 * MINUTE);
  });

  test('grades an expired attempt at its deadline, not when it was noticed', () => {
    assert.equal(closingOf(open(deadline), deadline + 3 * 60 * MINUTE).submittedAt.getTime(), deadline);
  });

  test('never ends an attempt without a time limit', () => {
    assert.equal(deadlineOf(started, {}), null);
    assert.equal(acceptsAnswers(open(null), NOW + 365 * 24 * 60 * MINUTE), true);
    assert.equal(remainingSeconds(open(null), NOW), null);
  });

  test('refuses answers to a graded attempt even before its deadline', () => {
    assert.equal(acceptsAnswers({ status: 'submitted', deadlineAt: new Date(deadline) }, deadline - MINUTE), false);
  });

  test('counts whole seconds left and never below zero', () => {
    assert.equal(remainingSeconds(open(deadline), deadline - 1500), 2);
    assert.equal(remainingSeconds(open(deadline), deadline + 10_000), 0);
  });
});

describe('reviewVisible', () => {
  const cases: {
    name: string;
    quiz: Pick<QuizRules, 'feedback' | 'attemptsAllowed'>;
    standing: { attemptsUsed: number; passed: boolean; open: boolean };
    visible: boolean;
  }[] = [
    {
      name: '"sau-khi-nop" right after the first attempt',
      quiz: practice,
      standing: { attemptsUsed: 1, passed: false, open: false },
      visible: true,
    },
    {
      name: '"khong" even when every attempt is used',
      quiz: { feedback: 'khong', attemptsAllowed: 1 },
      standing: { attemptsUsed: 1, passed: true, open: false },
      visible: false,
    },
    {
      name: '"sau-han" with attempts left and not passed',
      quiz: finalTest,
      standing: { attemptsUsed: 2, passed: false, open: false },
      visible: false,
    },
    {
      name: '"sau-han" once passed',
      quiz: finalTest,
      standing: { attemptsUsed: 1, passed: true, open: false },
      visible: true,
    },
    {
      name: '"sau-han" once every attempt is used',
      quiz: finalTest,
      standing: { attemptsUsed: 3, passed: false, open: false },
      visible: true,
    },
    {
      name: '"sau-han" while the last attempt is still open',
      quiz: finalTest,
      standing: { attemptsUsed: 3, passed: false, open: true },
      visible: false,
    },
    {
      name: '"sau-han" without a limit, not passed',
      quiz: { feedback: 'sau-han' },
      standing: { attemptsUsed: 40, passed: false, open: false },
      visible: false,
    },
  ];
  for (const { name, quiz, standing, visible } of cases) {
    test(`${visible ? 'shows' : 'hides'} the key for ${name}`, () => {
      assert.equal(reviewVisible(quiz, standing), visible);
    });
  }
});
