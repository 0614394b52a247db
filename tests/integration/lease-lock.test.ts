/**
 * The lease lock on a real libSQL file database, contended by two database clients of this
 * process and by a child process on the same file (as two server instances would): never two
 * holders inside at once, a dead holder's lease is taken over once it runs out, another name
 * is never blocked, and renewal keeps a long job's lock past its lease.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { leaseLocks } from '../../db/schema/index.ts';
import { LeaseBusyError, withLeaseLock } from '../../src/lib/server/lease-lock.ts';

let url: string;
let first: Database;
let second: Database;
const children: ChildProcess[] = [];

before(async () => {
  url = `file:${join(mkdtempSync(join(tmpdir(), 'hls-lease-')), 'test.db')}`;
  first = openDatabase(url);
  await migrateDatabase(first);
  second = openDatabase(url);
});
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  first?.$client.close();
  second?.$client.close();
  rmSync(dirname(url.slice('file:'.length)), { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Stay {
  who: string;
  enter: number;
  exit: number;
}

/** The child: another process on the same file. "contend" takes the lock `count` times; "hold" takes it and never lets go. */
const CHILD = `
const { withLeaseLock } = await import(${JSON.stringify(pathToFileURL(resolve('src/lib/server/lease-lock.ts')).href)});
const { openDatabase } = await import(${JSON.stringify(pathToFileURL(resolve('db/client.ts')).href)});
const [mode, url, name, count, workMs, leaseMs] = process.argv.slice(1);
const db = openDatabase(url);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
if (mode === 'hold') {
  await withLeaseLock(name, async () => { console.log(JSON.stringify({ held: Date.now() })); await new Promise(() => setInterval(() => {}, 1000)); }, { db, leaseMs: Number(leaseMs) });
} else {
  for (let i = 0; i < Number(count); i++) {
    await withLeaseLock(name, async () => {
      const enter = Date.now();
      await sleep(Number(workMs));
      console.log(JSON.stringify({ who: 'child', enter, exit: Date.now() }));
    }, { db, leaseMs: Number(leaseMs) });
  }
  db.$client.close();
}
`;

/** Starts the child; resolves its lines of JSON as they come, and its end. */
function child(args: (string | number)[]): {
  lines: Record<string, number | string>[];
  firstLine: Promise<void>;
  ended: Promise<number | null>;
  process: ChildProcess;
} {
  const process_ = spawn(process.execPath, ['--input-type=module', '-e', CHILD, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(process_);
  const lines: Record<string, number | string>[] = [];
  let buffer = '';
  let heard!: () => void;
  const firstLine = new Promise<void>((resolve) => (heard = resolve));
  process_.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      lines.push(JSON.parse(buffer.slice(0, end)));
      buffer = buffer.slice(end + 1);
      heard();
    }
  });
  const ended = new Promise<number | null>((resolve) => process_.once('exit', (code) => resolve(code)));
  return { lines, firstLine, ended, process: process_ };
}

async function contend(
  db: Database,
  who: string,
  name: string,
  count: number,
  workMs: number,
  stays: Stay[],
  leaseMs = 30_000,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await withLeaseLock(
      name,
      async () => {
        const enter = Date.now();
        await sleep(workMs);
        stays.push({ who, enter, exit: Date.now() });
      },
      { db, leaseMs },
    );
  }
}

/** Asserts that no two stays overlap. */
function assertOneAtATime(stays: Stay[]): void {
  const sorted = [...stays].sort((a, b) => a.enter - b.enter);
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(
      sorted[i].enter >= sorted[i - 1].exit,
      `${sorted[i].who} entered at ${sorted[i].enter} before ${sorted[i - 1].who} left at ${sorted[i - 1].exit}`,
    );
  }
}

describe('withLeaseLock', () => {
  test('two clients here and a child process never hold the same lock at once', async () => {
    const stays: Stay[] = [];
    const other = child(['contend', url, 'paket', 8, 15, 30_000]);

    await Promise.all([
      contend(first, 'first', 'paket', 8, 15, stays),
      contend(second, 'second', 'paket', 8, 15, stays),
    ]);
    assert.equal(await other.ended, 0);
    stays.push(...(other.lines as unknown as Stay[]));

    assert.equal(stays.length, 24);
    assert.deepEqual(new Set(stays.map((stay) => stay.who)), new Set(['first', 'second', 'child']));
    assertOneAtATime(stays);
    assert.deepEqual(
      await first.select().from(leaseLocks).where(eq(leaseLocks.name, 'paket')),
      [],
      'released at the end',
    );
  });

  test('the lease of a holder that died is taken over once it has run out, not before', async () => {
    const holder = child(['hold', url, 'chet', 0, 0, 1_500]);
    await holder.firstLine;
    const held = Number(holder.lines[0].held);
    holder.process.kill('SIGKILL');
    await holder.ended;

    // Still within the lease, a short wait gives up with the Vietnamese message.
    await assert.rejects(
      withLeaseLock('chet', async () => {}, {
        db: first,
        maxWaitMs: 200,
        busyMessage: 'Gói H5P này đang được một thao tác khác xử lý; hãy thử lại sau.',
      }),
      (error: unknown) =>
        error instanceof LeaseBusyError &&
        error.status === 409 &&
        /đang được một thao tác khác xử lý/.test(error.message),
    );
    let entered = 0;
    await withLeaseLock('chet', async () => void (entered = Date.now()), { db: first });

    assert.ok(entered >= held + 1_500, `entered ${entered - held} ms after the dead holder took the lock`);
    assert.ok(entered < held + 4_000, `took ${entered - held} ms`);
  });

  test('a lock held elsewhere does not block another name', async () => {
    const holder = child(['hold', url, 'bi-giu', 0, 0, 30_000]);
    await holder.firstLine;

    const started = Date.now();
    let ran = false;
    await withLeaseLock('khac', async () => void (ran = true), { db: first, maxWaitMs: 1_000 });
    assert.ok(ran);
    assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
    // Control: the held name itself is blocked.
    await assert.rejects(
      withLeaseLock('bi-giu', async () => {}, { db: second, maxWaitMs: 300 }),
      LeaseBusyError,
    );

    holder.process.kill('SIGKILL');
    await holder.ended;
  });

  test('renewal keeps a long job’s lock well past its lease', async () => {
    const stays: Stay[] = [];
    const leaseMs = 300;
    const long = withLeaseLock(
      'dai',
      async () => {
        const enter = Date.now();
        await sleep(1_500); // five leases
        stays.push({ who: 'long', enter, exit: Date.now() });
      },
      { db: first, leaseMs },
    );
    await sleep(50);
    const waiter = contend(second, 'waiter', 'dai', 1, 0, stays, leaseMs);
    await Promise.all([long, waiter]);

    assert.deepEqual(
      stays.map((stay) => stay.who),
      ['long', 'waiter'],
    );
    assertOneAtATime(stays);
  });

  test('releases the lock when the work fails', async () => {
    await assert.rejects(
      withLeaseLock('loi', async () => Promise.reject(new Error('hỏng')), { db: first }),
      /hỏng/,
    );

    assert.deepEqual(await first.select().from(leaseLocks).where(eq(leaseLocks.name, 'loi')), []);
    let ran = false;
    await withLeaseLock('loi', async () => void (ran = true), { db: second, maxWaitMs: 200 });
    assert.ok(ran);
  });
});
