/**
 * Evaluations of effectiveness after training and learner feedback, on a real libSQL file
 * database with the demo organisation: due from three months after a completion, once per
 * completion, only within the administrator's scope, with an audit entry; feedback only after
 * completing, once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../db/client.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { userIdOf } from '../support/completion-fixtures.ts';

let db: Database;
let evaluations: typeof import('../../src/lib/server/evaluations/evaluations.ts');
let feedback: typeof import('../../src/lib/server/evaluations/feedback.ts');
let communeAdmin: SessionUser;
let otherProvinceAdmin: SessionUser;
let learnerId: string;
const NOW = new Date();
const monthsAgo = (months: number) => new Date(NOW.getTime() - months * 31 * 86_400_000);
const RATINGS = {
  taskResults: 4,
  adviceQuality: 3,
  responsibility: 5,
  coordination: 4,
  citizenSatisfaction: 4,
  comment: 'Tham mưu tốt hơn rõ rệt.',
};

async function sessionUser(username: string): Promise<SessionUser> {
  const { createSession, validateSessionToken } = await import('../../src/lib/server/auth/sessions.ts');
  const token = await createSession(await userIdOf(db, username));
  return (await validateSessionToken(token))!.user;
}

async function complete(courseId: string, at: Date) {
  await db.$client.execute({
    sql: `INSERT INTO course_completions (user_id, course_id, official_id, completed_at, score_percent, course_version)
          VALUES (?, ?, (SELECT official_id FROM users WHERE id = ?), ?, 85, 'v1')`,
    args: [learnerId, courseId, learnerId, at.getTime()],
  });
}

before(async () => {
  const url = await createTestDatabase();
  process.env.DATABASE_URL = url;
  db = openTestDatabase(url);
  evaluations = await import('../../src/lib/server/evaluations/evaluations.ts');
  feedback = await import('../../src/lib/server/evaluations/feedback.ts');
  communeAdmin = await sessionUser('quantri.quangloi');
  otherProvinceAdmin = await sessionUser('quantri.caonguyen');
  learnerId = await userIdOf(db, 'hocvien');
  await complete('khoa-cu', monthsAgo(4));
  await complete('khoa-moi', monthsAgo(1));
  await complete('khoa-thu-hoi', monthsAgo(5));
  await db.$client.execute({
    sql: `INSERT INTO certificates (id, code, user_id, course_id, full_name, course_title, training_kind, hours, completed_at, course_version, issuer, issued_at, revoked_at)
          VALUES ('thu-hoi', 'THUHOI', ?, 'khoa-thu-hoi', 'x', 'x', 'x', 8, ?, 'v1', 'x', ?, ?)`,
    args: [learnerId, monthsAgo(5).getTime(), monthsAgo(5).getTime(), monthsAgo(2).getTime()],
  });
});
after(() => db.$client.close());

describe('evaluations after training', () => {
  test('lists a completion of four months ago as due and one of last month as upcoming', async () => {
    const items = await evaluations.evaluationItems(communeAdmin, NOW);

    assert.deepEqual(
      items.due.filter((item) => item.userId === learnerId).map((item) => item.courseId),
      ['khoa-cu'],
    );
    assert.deepEqual(
      items.upcoming.filter((item) => item.userId === learnerId).map((item) => item.courseId),
      ['khoa-moi'],
    );
  });

  test('a completion whose certificate was revoked is not listed and cannot be evaluated', async () => {
    const items = await evaluations.evaluationItems(communeAdmin, NOW);
    const outcome = await evaluations.recordEvaluation(communeAdmin, learnerId, 'khoa-thu-hoi', RATINGS, NOW);

    assert.equal(
      [...items.due, ...items.upcoming].some((item) => item.courseId === 'khoa-thu-hoi'),
      false,
    );
    assert.equal(outcome, 'not-found');
  });

  test('an administrator of another province does not see the completion', async () => {
    const items = await evaluations.evaluationItems(otherProvinceAdmin, NOW);

    assert.equal(
      [...items.due, ...items.upcoming].some((item) => item.userId === learnerId),
      false,
    );
  });

  test('refuses to evaluate before three months have passed', async () => {
    const outcome = await evaluations.recordEvaluation(communeAdmin, learnerId, 'khoa-moi', RATINGS, NOW);

    assert.equal(outcome, 'not-due');
  });

  test('an administrator outside the scope gets "not found"', async () => {
    const outcome = await evaluations.recordEvaluation(otherProvinceAdmin, learnerId, 'khoa-cu', RATINGS, NOW);

    assert.equal(outcome, 'not-found');
  });

  test('records the evaluation once, with an audit entry "evaluate"', async () => {
    const first = await evaluations.recordEvaluation(communeAdmin, learnerId, 'khoa-cu', RATINGS, NOW);
    const second = await evaluations.recordEvaluation(communeAdmin, learnerId, 'khoa-cu', RATINGS, NOW);

    assert.equal(first, 'saved');
    assert.equal(second, 'already-evaluated');
    const stored = await db.$client.execute({
      sql: 'SELECT task_results, citizen_satisfaction, comment FROM effectiveness_evaluations WHERE user_id = ?',
      args: [learnerId],
    });
    assert.equal(stored.rows.length, 1);
    assert.equal(Number(stored.rows[0]!.citizen_satisfaction), 4);
    const audit = await db.$client.execute({
      sql: "SELECT count(*) AS n FROM audit_log WHERE action = 'evaluate' AND target = ?",
      args: [`evaluation:${learnerId}:khoa-cu`],
    });
    assert.equal(Number(audit.rows[0]!.n), 1);
  });

  test('nobody rates their own training: an evaluator whose own completion is in their scope gets "not found"', async () => {
    await complete('khoa-tu-danh-gia', monthsAgo(4));
    // The learner holding the commune's evaluation scope (what scopedView gives an evaluator).
    const selfEvaluator = { ...communeAdmin, id: learnerId };
    const own = await evaluations.recordEvaluation(selfEvaluator, learnerId, 'khoa-tu-danh-gia', RATINGS, NOW);
    // The control: the commune's administrator may rate the same completion.
    const byAdmin = await evaluations.recordEvaluation(communeAdmin, learnerId, 'khoa-tu-danh-gia', RATINGS, NOW);
    assert.equal(own, 'not-found');
    assert.equal(byAdmin, 'saved');
  });

  test('a done evaluation leaves the due list', async () => {
    const items = await evaluations.evaluationItems(communeAdmin, NOW);

    assert.equal(
      items.due.some((item) => item.userId === learnerId && item.courseId === 'khoa-cu'),
      false,
    );
    assert.equal(
      items.done.some((item) => item.userId === learnerId && item.courseId === 'khoa-cu'),
      true,
    );
  });
});

describe('learner feedback', () => {
  test('is refused for a course the learner has not completed', async () => {
    const outcome = await feedback.submitFeedback(learnerId, 'chua-hoc', {
      satisfaction: 5,
      usefulness: 5,
      selfAssessed: 4,
      comment: '',
    });

    assert.equal(outcome, 'not-completed');
  });

  test('is stored once after completion', async () => {
    const first = await feedback.submitFeedback(learnerId, 'khoa-moi', {
      satisfaction: 5,
      usefulness: 4,
      selfAssessed: 3,
      comment: 'Hữu ích.',
    });
    const second = await feedback.submitFeedback(learnerId, 'khoa-moi', {
      satisfaction: 1,
      usefulness: 1,
      selfAssessed: 1,
      comment: '',
    });

    assert.equal(first, 'saved');
    assert.equal(second, 'already-given');
    const state = await feedback.feedbackState(learnerId, 'khoa-moi');
    assert.equal(state.feedback?.usefulness, 4);
  });
});
