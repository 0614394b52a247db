/**
 * db/statement-cache.ts: embedded connections keep their prepared statements, reuse them with new
 * parameters, and never reuse one whose execution failed (a busy one would keep a stale snapshot
 * on its connection) or one prepared before a schema change.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient } from '@libsql/client';
import { openDatabase } from '../../db/client.ts';
import { cacheStatements, libsqlDatabase } from '../../db/statement-cache.ts';

// libsql ends a failed statement's hold on its connection only when the statement is collected.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const databaseFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'hls-statements-')), name);

before(() => cacheStatements());

describe('the statement cache', () => {
  test('one connection prepares a statement once; another connection, other SQL or a schema change get their own', () => {
    const Database = libsqlDatabase() as unknown as new (path: string) => {
      prepare(sql: string): { run(...params: unknown[]): unknown };
      close(): void;
    };
    const file = databaseFile('same.db');
    const [one, two] = [new Database(file), new Database(file)];
    one.prepare('CREATE TABLE t (n INTEGER)').run();
    const select = 'SELECT n FROM t WHERE n > ?';
    const first = one.prepare(select);
    assert.equal(one.prepare(select), first, 'prepared again on the same connection');
    assert.notEqual(two.prepare(select), first);
    assert.notEqual(one.prepare('SELECT n FROM t WHERE n < ?'), first);
    one.prepare('CREATE INDEX t_n ON t (n)').run();
    assert.notEqual(one.prepare(select), first, 'kept across a schema change');
    one.close();
    two.close();
  });

  test('a reused statement runs with each call’s own parameters', async () => {
    const db = openDatabase(`file:${databaseFile('reuse.db')}`);
    await db.$client.execute('CREATE TABLE t (n INTEGER PRIMARY KEY, label TEXT)');
    for (let n = 1; n <= 200; n++)
      await db.$client.execute({ sql: 'INSERT INTO t (n, label) VALUES (?, ?)', args: [n, `số ${n}`] });
    for (let n = 1; n <= 200; n += 7) {
      const { rows } = await db.$client.execute({ sql: 'SELECT label FROM t WHERE n = ?', args: [n] });
      assert.deepEqual(
        rows.map((row) => row.label),
        [`số ${n}`],
      );
    }
    assert.equal((await db.$client.execute('SELECT count(*) AS c FROM t')).rows[0].c, 200);
    db.$client.close();
  });

  test('a statement that failed is never handed out again: a constraint, and a busy write that would keep a stale snapshot', async () => {
    const Database = libsqlDatabase() as unknown as new (path: string) => {
      prepare(sql: string): { run(...params: unknown[]): unknown };
      close(): void;
    };
    const native = new Database(databaseFile('constraint.db'));
    native.prepare('CREATE TABLE t (n INTEGER PRIMARY KEY)').run();
    const insert = 'INSERT INTO t (n) VALUES (?)';
    const statement = native.prepare(insert);
    statement.run(1);
    assert.equal(native.prepare(insert), statement);
    assert.throws(() => statement.run(1), /UNIQUE/);
    assert.notEqual(native.prepare(insert), statement, 'the failed statement was handed out again');
    native.close();

    // Another process's connection holds the write lock past this client's (short) busy timeout.
    const file = databaseFile('busy.db');
    const other = createClient({ url: `file:${file}` });
    await other.execute('PRAGMA journal_mode = WAL');
    await other.execute('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    const impatient = createClient({ url: `file:${file}`, timeout: 50 });
    await impatient.execute({ sql: insert, args: [1] });
    const holder = await other.transaction('write');
    await holder.execute('INSERT INTO t (n) VALUES (2)');
    await assert.rejects(impatient.execute({ sql: insert, args: [3] }), /SQLITE_BUSY|locked/i);
    await holder.commit();
    // Once the failed statement is collected (as it is without a cache), the connection writes again.
    for (let i = 0; i < 3; i++) {
      collectGarbage();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const transaction = await impatient.transaction('write');
    await transaction.execute({ sql: 'INSERT INTO t VALUES (?)', args: [3] });
    await transaction.commit();
    assert.equal((await impatient.execute('SELECT count(*) AS c FROM t')).rows[0].c, 3);
    for (const client of [other, impatient]) client.close();
  });

  test('SELECT * sees a column added in this process', async () => {
    const db = openDatabase(`file:${databaseFile('schema.db')}`);
    await db.$client.execute('CREATE TABLE t (a INTEGER)');
    await db.$client.execute('INSERT INTO t VALUES (1)');
    assert.deepEqual((await db.$client.execute('SELECT * FROM t')).columns, ['a']);
    await db.$client.execute('ALTER TABLE t ADD COLUMN b TEXT');
    const after = await db.$client.execute('SELECT * FROM t');
    assert.deepEqual(after.columns, ['a', 'b']);
    assert.equal(after.rows[0].b, null);
    db.$client.close();
  });
});
