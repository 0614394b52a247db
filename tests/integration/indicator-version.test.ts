/**
 * The indicator data version (db/migrations/0003_indicator_version.sql) and the figures cache
 * built on it (src/lib/server/indicators/cache.ts): every write the indicators could see moves
 * the version in the write's own transaction, other writes leave it alone, and cached figures
 * are reused only while the version stands.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { officials, progressEvents, units } from '../../db/schema/index.ts';
import { cachedFigures, indicatorDataVersion } from '../../src/lib/server/indicators/cache.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { addClass, addCompletion, staffCodesUnder, unitOf } from '../support/api-token-fixtures.ts';
import { TCD, userIdOf } from '../support/completion-fixtures.ts';

/** Tables whose every row change can move an indicator. */
const READ_BY_INDICATORS = [
  'units',
  'officials',
  'official_changes',
  'course_completions',
  'certificates',
  'assignments',
  'training_classes',
  'class_attendances',
  'effectiveness_evaluations',
];

let db: Database;
before(async () => {
  db = openTestDatabase(await createTestDatabase());
});
after(() => db?.$client.close());

const version = () => indicatorDataVersion(db.$client);

describe('indicator data version', () => {
  test('every table the indicators read moves the version on insert, update and delete', async () => {
    const triggers = await db.$client.execute(
      "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%indicator_data_version%'",
    );
    const events = (table: string) =>
      triggers.rows
        .filter((row) => row.tbl_name === table)
        .map((row) => /AFTER (INSERT|UPDATE|DELETE)/.exec(String(row.sql))?.[1])
        .sort();

    for (const table of READ_BY_INDICATORS) assert.deepEqual(events(table), ['DELETE', 'INSERT', 'UPDATE'], table);
    assert.deepEqual(events('users'), ['INSERT', 'UPDATE'], 'users: new accounts and their official');
    assert.deepEqual(events('quiz_attempts'), ['DELETE', 'INSERT', 'UPDATE'], 'quiz_attempts: graded attempts');
  });

  test('a completion, a class, a move between units and a revocation each move it', async () => {
    const codes = await staffCodesUnder(db, 'SL-QL');
    const steps: [string, () => Promise<unknown>][] = [
      [
        'completion',
        () => addCompletion(db, codes[0]!, TCD, new Date('2026-05-01T03:00:00Z'), { certificate: 'valid' }),
      ],
      ['class', () => addClass(db, 'SL-QL', codes.slice(0, 2), { content: 'Lớp thử phiên bản' })],
      [
        'move',
        async () =>
          db
            .update(officials)
            .set({ unitId: (await unitOf(db, 'SL-PT')).id })
            .where(eq(officials.staffCode, codes[1]!)),
      ],
      ['revoke', () => db.$client.execute('UPDATE certificates SET revoked_at = 1 WHERE revoked_at IS NULL')],
    ];
    for (const [what, write] of steps) {
      const beforeWrite = await version();
      await write();
      assert.ok((await version()) > beforeWrite, what);
    }
  });

  test('a failed transaction leaves the version where it was', async () => {
    const beforeWrite = await version();
    const unit = await unitOf(db, 'SL-QL');

    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.update(units).set({ name: 'Tên tạm' }).where(eq(units.id, unit.id));
        throw new Error('bỏ dở');
      }),
    );

    assert.equal(await version(), beforeWrite);
  });

  test('learning progress does not move it', async () => {
    const beforeWrite = await version();

    await db.insert(progressEvents).values({
      userId: await userIdOf(db, 'hocvien'),
      eventId: 'ev-version-test',
      kind: 'lesson_opened',
      courseId: TCD,
      occurredAt: new Date(),
      receivedAt: new Date(),
    });

    assert.equal(await version(), beforeWrite);
  });
});

describe('figures cache', () => {
  test('reuses figures while the version stands and recomputes after a write', async () => {
    let computed = 0;
    const compute = async () => ++computed;

    const first = await cachedFigures(db.$client, 'test|reuse', compute);
    const again = await cachedFigures(db.$client, 'test|reuse', compute);
    await addClass(db, 'SL-QL', [], { content: 'Lớp làm mới số liệu' });
    const afterWrite = await cachedFigures(db.$client, 'test|reuse', compute);

    assert.deepEqual([first, again, afterWrite], [1, 1, 2]);
  });

  test('recomputes once the figures are five minutes old, even without a write', async () => {
    let computed = 0;
    const compute = async () => ++computed;
    const start = Date.now();

    await cachedFigures(db.$client, 'test|age', compute, start);
    const fresh = await cachedFigures(db.$client, 'test|age', compute, start + 4 * 60_000);
    const old = await cachedFigures(db.$client, 'test|age', compute, start + 6 * 60_000);

    assert.deepEqual([fresh, old], [1, 2]);
  });

  test('a failed computation is not kept', async () => {
    await assert.rejects(cachedFigures(db.$client, 'test|fail', async () => Promise.reject(new Error('lỗi'))));

    assert.equal(await cachedFigures(db.$client, 'test|fail', async () => 'lần hai'), 'lần hai');
  });
});
