/**
 * The indicator data versions per province (db/migrations/0012_indicator_facts.sql) and the
 * figures cache built on them (src/lib/server/indicators/cache.ts): every write the indicators
 * could see moves its province's version in the write's own transaction, other provinces' versions
 * and other writes leave them alone, and cached figures are reused only while the version stands.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { officials, progressEvents, units } from '../../db/schema/index.ts';
import { cachedFigures } from '../../src/lib/server/indicators/cache.ts';
import { provinceVersion } from '../../src/lib/server/indicators/facts-store.ts';
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
  'class_attendances',
  'effectiveness_evaluations',
];

let db: Database;
before(async () => {
  db = openTestDatabase(await createTestDatabase());
});
after(() => db?.$client.close());

/** The version of the demo's province (the root of Quảng Lợi's path). */
const version = async () => provinceVersion(db.$client, (await unitOf(db, 'SL-QL')).path.split('/')[1]!);

describe('indicator data version', () => {
  test('every table the indicators read moves the version on insert, update and delete', async () => {
    const triggers = await db.$client.execute(
      "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%indicator_province_version%'",
    );
    const events = (table: string) =>
      triggers.rows
        .filter((row) => row.tbl_name === table)
        .map((row) => /AFTER (INSERT|UPDATE|DELETE)/.exec(String(row.sql))?.[1])
        .sort();

    for (const table of READ_BY_INDICATORS) assert.deepEqual(events(table), ['DELETE', 'INSERT', 'UPDATE'], table);
    assert.deepEqual(
      events('training_classes'),
      ['DELETE', 'UPDATE'],
      'training_classes: a new class has no attendees yet',
    );
    assert.deepEqual(events('users'), ['DELETE', 'INSERT', 'UPDATE'], 'users: accounts and their official');
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

  test("a write in another province leaves this province's version alone, and moves its own", async () => {
    const other = { id: 'tinh-khac-phien-ban', path: '/tinh-khac-phien-ban/' };
    await db.insert(units).values({
      id: other.id,
      parentId: null,
      level: 'province',
      kind: 'tinh',
      name: 'Tỉnh khác',
      code: 'TK-PB',
      path: other.path,
    });
    const beforeWrite = await version();
    const otherBefore = await provinceVersion(db.$client, other.id);

    await db.update(units).set({ name: 'Tỉnh khác (đổi tên)' }).where(eq(units.id, other.id));

    assert.equal(await version(), beforeWrite, 'this province');
    assert.ok((await provinceVersion(db.$client, other.id)) > otherBefore, 'the other province');
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
    const codesForCache = (await staffCodesUnder(db, 'SL-QL')).slice(0, 1);
    let computed = 0;
    const compute = async () => ++computed;

    const first = await cachedFigures(String(await version()), 'test|reuse', compute);
    const again = await cachedFigures(String(await version()), 'test|reuse', compute);
    await addClass(db, 'SL-QL', codesForCache, { content: 'Lớp làm mới số liệu' });
    const afterWrite = await cachedFigures(String(await version()), 'test|reuse', compute);

    assert.deepEqual([first, again, afterWrite], [1, 1, 2]);
  });

  test('recomputes once the figures are five minutes old, even without a write', async () => {
    let computed = 0;
    const compute = async () => ++computed;
    const start = Date.now();

    await cachedFigures('1', 'test|age', compute, start);
    const fresh = await cachedFigures('1', 'test|age', compute, start + 4 * 60_000);
    const old = await cachedFigures('1', 'test|age', compute, start + 6 * 60_000);

    assert.deepEqual([fresh, old], [1, 2]);
  });

  test('a failed computation is not kept', async () => {
    await assert.rejects(cachedFigures('1', 'test|fail', async () => Promise.reject(new Error('lỗi'))));

    assert.equal(await cachedFigures('1', 'test|fail', async () => 'lần hai'), 'lần hai');
  });
});
