import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { isReadOnlySql, retryTransactionWhileBusy } from '../../db/serialized-writes.ts';

describe('serializeWrites', () => {
  test('a write started while a transaction is open waits for it instead of freezing the process', async () => {
    const db = openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'hls-lock-')), 'lock.db')}`);
    await db.$client.execute('PRAGMA journal_mode = WAL');
    await db.$client.execute('CREATE TABLE t (n INTEGER)');
    const started = Date.now();
    const order: string[] = [];

    const transaction = (async () => {
      const tx = await db.$client.transaction('write');
      await tx.execute('INSERT INTO t VALUES (1)');
      // Let the other write try to start while this transaction is open.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.execute('INSERT INTO t VALUES (2)');
      await tx.commit();
      order.push('transaction');
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const write = db.$client.execute('INSERT INTO t VALUES (3)').then(() => order.push('write'));
    await Promise.all([transaction, write]);

    assert.deepEqual(order, ['transaction', 'write']);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms: the busy timeout was hit`);
    assert.equal((await db.$client.execute('SELECT count(*) AS n FROM t')).rows[0].n, 3);
    db.$client.close();
  });

  test('treats only statements that read as free of the write lock', async () => {
    assert.equal(isReadOnlySql('  select * from units'), true);
    assert.equal(isReadOnlySql('PRAGMA busy_timeout'), true);
    assert.equal(isReadOnlySql('PRAGMA journal_mode = WAL'), false);
    assert.equal(isReadOnlySql('insert into t values (1)'), false);
    assert.equal(isReadOnlySql('WITH x AS (SELECT 1) DELETE FROM t'), false);
  });

  test('retryTransactionWhileBusy runs a whole transaction again after a busy failure, and nothing else', async () => {
    const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code });
    let calls = 0;
    // Busy twice (the second time as drizzle wraps it), then it commits.
    const value = await retryTransactionWhileBusy(async () => {
      calls++;
      if (calls === 1) throw busy();
      if (calls === 2) throw new Error('Failed query', { cause: busy('SQLITE_BUSY_SNAPSHOT') });
      return 'committed';
    });
    assert.equal(value, 'committed');
    assert.equal(calls, 3);

    // Any other failure is the caller's at once: a refused write is not tried again.
    calls = 0;
    const refused = Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT' });
    await assert.rejects(
      retryTransactionWhileBusy(async () => {
        calls++;
        throw refused;
      }),
      refused,
    );
    assert.equal(calls, 1);

    // Busy for good: three more tries after growing pauses (50, 100, 200 ms, each ×0.5–1.5), then it gives up.
    calls = 0;
    const started = performance.now();
    await assert.rejects(
      retryTransactionWhileBusy(async () => {
        calls++;
        throw busy();
      }),
      /database is locked/,
    );
    assert.equal(calls, 4);
    assert.ok(performance.now() - started >= 170, `gave up after ${Math.round(performance.now() - started)} ms`);
  });
});
