/**
 * The attempt writes' group commit (src/lib/server/assessment/attempt-writes.ts) on a real libSQL
 * file database: writes queued in the same turn share one transaction, a failing write is undone
 * alone (its savepoint) while the others commit, and each caller hears of its own write only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';

let db: Database;
let inAttemptWrite: typeof import('../../src/lib/server/assessment/attempt-writes.ts').inAttemptWrite;

before(async () => {
  // getDb() (the services' handle) opens DATABASE_URL on first use.
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  await db.run(sql.raw('CREATE TABLE group_commit_probe (name TEXT PRIMARY KEY)'));
  ({ inAttemptWrite } = await import('../../src/lib/server/assessment/attempt-writes.ts'));
});

after(() => db.$client.close());

const names = async () =>
  (await db.all<{ name: string }>(sql.raw('SELECT name FROM group_commit_probe ORDER BY name'))).map((row) => row.name);

describe('attempt writes in group commit', () => {
  test('a failing write is undone alone; the others of its group commit and resolve', async () => {
    const insert = (name: string) => sql`INSERT INTO group_commit_probe (name) VALUES (${name})`;
    const writes = [
      inAttemptWrite(async (tx) => {
        await tx.run(insert('a'));
        return 'a';
      }),
      inAttemptWrite(async (tx) => {
        await tx.run(insert('b'));
        throw new Error('refused after writing');
      }),
      // A constraint violation inside a group (the name is taken by the first write).
      inAttemptWrite(async (tx) => {
        await tx.run(insert('a'));
        return 'duplicate';
      }),
      inAttemptWrite(async (tx) => {
        await tx.run(insert('c'));
        return 'c';
      }),
    ];
    const outcomes = await Promise.allSettled(writes);

    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    assert.equal((outcomes[0] as PromiseFulfilledResult<string>).value, 'a');
    assert.equal((outcomes[3] as PromiseFulfilledResult<string>).value, 'c');
    assert.deepEqual(await names(), ['a', 'c']);
  });

  test('each write sees the writes queued before it in its group', async () => {
    const [, seen] = await Promise.all([
      inAttemptWrite((tx) => tx.run(sql`INSERT INTO group_commit_probe (name) VALUES ('d')`)),
      inAttemptWrite(
        async (tx) => (await tx.all<{ n: number }>(sql`SELECT count(*) AS n FROM group_commit_probe`))[0].n,
      ),
    ]);
    assert.equal(Number(seen), 3);
  });
});
