/**
 * One writer at a time inside this process.
 *
 * The embedded libSQL driver runs SQLite synchronously on the event loop, and SQLite's busy
 * handler sleeps there too. If one connection of the pool holds an open write transaction (an
 * `await` inside it lets other requests run) and another request starts a write on a second
 * connection, that write busy-waits on the event loop, so the first transaction can never reach
 * its COMMIT: the whole process freezes until the busy timeout, then fails. Queuing every write
 * (statement, batch or transaction) behind one in-process lock removes that deadlock at its
 * source, for every caller; the busy timeout still covers other processes on the same file.
 *
 * Between processes (several app instances on one database file) SQLite's write lock decides,
 * and a connection waits for it up to the busy timeout (db/client.ts). That wait sleeps on the
 * event loop (so the workers of one server take turns instead: takeWriteTurn below); it cannot be
 * made asynchronous here, because the embedded driver leaves a statement that returned
 * SQLITE_BUSY active on its connection (holding a stale snapshot, so that connection's next BEGIN
 * IMMEDIATE fails SQLITE_BUSY_SNAPSHOT and its COMMIT "statements in progress") until it is
 * garbage-collected: a short timeout with retries poisoned the pool (tried, measured, abandoned).
 * Group commit keeps the waits short: one transaction per group.
 *
 * The same lock carries the write hook (setWriteHook): work that must land with every write, such
 * as bringing the indicators' stored facts up to date for the officials the write's triggers
 * marked (src/lib/server/indicators/facts-store.ts). It runs before the COMMIT of a transaction,
 * and right after an autocommit statement or batch, still under the lock.
 */
import type { Client, InArgs, InStatement, ResultSet, Transaction, TransactionMode } from '@libsql/client';

/** True for SQLite's "database is locked" (SQLITE_BUSY and its extended codes), also as the cause drizzle wraps. */
export function isBusyError(error: unknown): boolean {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
  }
  return false;
}

/** Whole-transaction tries after a busy failure (retryTransactionWhileBusy). */
const TRANSACTION_RETRIES = 3;
const TRANSACTION_RETRY_PAUSE_MS = 50;

/**
 * Runs a whole transaction again, up to three times after a growing pause, when it fails busy all
 * the same (another process held the lock past the busy timeout, a COMMIT refused busy): it was
 * rolled back, so `transaction` must do everything again from the start.
 */
export async function retryTransactionWhileBusy<T>(transaction: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await transaction();
    } catch (error) {
      if (!isBusyError(error) || retry >= TRANSACTION_RETRIES) throw error;
      const pause = TRANSACTION_RETRY_PAUSE_MS * 2 ** retry * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Where scripts/serve.mjs takes each write's wait for its metrics (src/lib/server/observability/hooks.ts). */
const METRICS_HOOKS = Symbol.for('hoc-lieu-so.metrics');

/** Where the server installs its write hook (one per process: whichever build serves). */
const WRITE_HOOK = Symbol.for('hoc-lieu-so.write-hook');

/** Work that goes with every write of this process (see above). */
export interface WriteHook {
  /** Whether a finished autocommit write left work (a cheap read; false skips `beforeCommit`). */
  pending(client: Client): Promise<boolean>;
  /** Runs inside the write transaction, before its COMMIT. Must not use the wrapped client. */
  beforeCommit(transaction: Transaction): Promise<void>;
}

/** Installs (or, with undefined, removes) the write hook of this process. */
export function setWriteHook(hook: WriteHook | undefined): void {
  const globals = globalThis as { [WRITE_HOOK]?: WriteHook };
  if (hook) globals[WRITE_HOOK] = hook;
  else delete globals[WRITE_HOOK];
}

function writeHook(): WriteHook | undefined {
  return (globalThis as { [WRITE_HOOK]?: WriteHook })[WRITE_HOOK];
}

/** After an autocommit write, under the lock: the hook's work in a transaction of its own. */
async function afterAutocommit(client: Client): Promise<void> {
  const hook = writeHook();
  if (!hook || !(await hook.pending(client))) return;
  const transaction = await client.transaction('write');
  try {
    await hook.beforeCommit(transaction);
    await transaction.commit();
  } finally {
    transaction.close();
  }
}

/** Where a cluster worker finds its write turns (scripts/write-turns.mjs). */
const WRITE_TURNS = Symbol.for('hoc-lieu-so.write-turns');

interface WriteTurns {
  /** Resolves, once this process may write, with the function that gives the turn back. */
  take(): Promise<() => void>;
}

/**
 * This process's turn to write among the workers of one server, if it is one of several (none
 * otherwise): they take turns, asynchronously, rather than sleep in SQLite's busy handler.
 */
function takeWriteTurn(): Promise<() => void> | undefined {
  return (globalThis as { [WRITE_TURNS]?: WriteTurns })[WRITE_TURNS]?.take();
}

/**
 * A FIFO lock: `acquire()` resolves with the function that releases it. The holder also has the
 * server's write turn, when its workers take turns.
 */
class WriteLock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => held);
    const asked = performance.now();
    return previous.then(async () => {
      const endTurn = await takeWriteTurn();
      (globalThis as { [METRICS_HOOKS]?: { writeQueueWait(seconds: number): void } })[METRICS_HOOKS]?.writeQueueWait(
        (performance.now() - asked) / 1000,
      );
      if (!endTurn) return release;
      return () => {
        endTurn();
        release();
      };
    });
  }
}

/** SQL that only reads: SELECT, EXPLAIN, or a PRAGMA that sets nothing. Everything else locks. */
export function isReadOnlySql(sql: string): boolean {
  const text = sql.trimStart();
  return /^(select|explain)\b/i.test(text) || /^pragma\s+[\w.]+\s*;?\s*$/i.test(text);
}

function sqlOf(statement: InStatement | string): string {
  return typeof statement === 'string' ? statement : statement.sql;
}

async function locked<T>(lock: WriteLock, work: () => Promise<T>, after?: () => Promise<void>): Promise<T> {
  const release = await lock.acquire();
  try {
    const result = await work();
    await after?.();
    return result;
  } finally {
    release();
  }
}

/** Holds the lock for the life of a transaction: released once, at commit, rollback or close. */
function lockedTransaction(transaction: Transaction, release: () => void): Transaction {
  let released = false;
  const releaseOnce = () => {
    if (!released) {
      released = true;
      release();
    }
  };
  const finish =
    <T>(work: () => Promise<T>) =>
    async () => {
      try {
        return await work();
      } finally {
        releaseOnce();
      }
    };
  return {
    execute: (statement: InStatement) => transaction.execute(statement),
    batch: (statements: InStatement[]) => transaction.batch(statements),
    executeMultiple: (sql: string) => transaction.executeMultiple(sql),
    commit: finish(async () => {
      await writeHook()?.beforeCommit(transaction);
      return transaction.commit();
    }),
    rollback: finish(() => transaction.rollback()),
    close: () => {
      try {
        transaction.close();
      } finally {
        releaseOnce();
      }
    },
    get closed() {
      return transaction.closed;
    },
  } as Transaction;
}

/** Wraps a libSQL client so that its writes never overlap within this process. */
export function serializeWrites(client: Client): Client {
  const lock = new WriteLock();
  const hookAfter = () => afterAutocommit(client);
  const execute = (statement: InStatement | string, args?: InArgs): Promise<ResultSet> => {
    const run = () => (typeof statement === 'string' ? client.execute(statement, args) : client.execute(statement));
    return isReadOnlySql(sqlOf(statement)) ? run() : locked(lock, run, hookAfter);
  };
  return {
    execute,
    batch: (statements: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode) =>
      mode === 'read' ? client.batch(statements, mode) : locked(lock, () => client.batch(statements, mode), hookAfter),
    migrate: (statements: InStatement[]) => locked(lock, () => client.migrate(statements)),
    transaction: async (mode?: TransactionMode) => {
      if (mode === 'read') return client.transaction(mode);
      const release = await lock.acquire();
      try {
        return lockedTransaction(await client.transaction(mode), release);
      } catch (error) {
        release();
        throw error;
      }
    },
    executeMultiple: (sql: string) => locked(lock, () => client.executeMultiple(sql), hookAfter),
    sync: () => client.sync(),
    close: () => client.close(),
    reconnect: () => client.reconnect(),
    get closed() {
      return client.closed;
    },
    get protocol() {
      return client.protocol;
    },
  } as Client;
}
