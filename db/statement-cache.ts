/**
 * Prepared statements kept per connection of the embedded driver.
 *
 * @libsql/client prepares every statement anew for each execution (it calls the `libsql`
 * package's Database#prepare and drops the statement), so SQLite parses and plans the same SQL
 * thousands of times a second at exam time: 12–17 % of the server's CPU in bench:quiz-start's
 * profile. SQLite statements are made to be reused, and reuse is safe here because:
 * - libsql resets a statement before each run or query (its statement.rs), and the client reads
 *   every statement to its end (or runs it) within one synchronous call, so a statement is never
 *   in use twice at once, and one that finished holds no lock or snapshot;
 * - a statement whose execution failed is dropped from the cache, never reused: libsql leaves a
 *   failed statement active (a SQLITE_BUSY one keeps a stale snapshot on its connection, see
 *   serialized-writes.ts), and only its garbage collection ends that, as without this cache;
 * - SQLite re-prepares a statement by itself after a schema change, and any DDL prepared in this
 *   process empties every cache, so a statement's column list (which the client reads before
 *   running it) is never older than this process's last schema change.
 * Each connection keeps its most recently used statements; closing it drops them.
 * STATEMENT_CACHE=0 turns this off, to compare.
 */
import { createRequire } from 'node:module';

/** The parts of libsql's Statement this module touches. */
interface NativeStatement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}

interface NativeDatabase {
  prepare(sql: string): NativeStatement;
  close(): void;
}

interface DatabaseClass {
  prototype: NativeDatabase & { [INSTALLED]?: true };
}

/** Statements kept per connection (least recently used out first). */
const STATEMENTS_PER_CONNECTION = 256;

const INSTALLED = Symbol.for('hoc-lieu-so.statement-cache');
const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;

interface ConnectionCache {
  /** Schema generation the statements were prepared in. */
  generation: number;
  statements: Map<string, NativeStatement>;
}

const caches = new WeakMap<NativeDatabase, ConnectionCache>();
let generation = 0;

/** The `libsql` module @libsql/client itself loads (it may not be the one beside this file). */
export function libsqlDatabase(): DatabaseClass {
  const requireHere = createRequire(import.meta.url);
  return createRequire(requireHere.resolve('@libsql/client'))('libsql') as DatabaseClass;
}

/** Installs the cache for every embedded connection of this process, once. */
export function cacheStatements(): void {
  if (process.env.STATEMENT_CACHE === '0') return;
  const prototype = libsqlDatabase().prototype;
  if (prototype[INSTALLED]) return;
  prototype[INSTALLED] = true;
  const prepare = prototype.prepare;
  const close = prototype.close;

  prototype.prepare = function (this: NativeDatabase, sql: string): NativeStatement {
    if (DDL.test(sql)) {
      generation++;
      return prepare.call(this, sql);
    }
    let cache = caches.get(this);
    if (!cache || cache.generation !== generation) {
      cache = { generation, statements: new Map() };
      caches.set(this, cache);
    }
    const statements = cache.statements;
    const kept = statements.get(sql);
    if (kept) {
      // Most recently used last.
      statements.delete(sql);
      statements.set(sql, kept);
      return kept;
    }
    const statement = dropOnFailure(prepare.call(this, sql), () => {
      if (statements.get(sql) === statement) statements.delete(sql);
    });
    statements.set(sql, statement);
    if (statements.size > STATEMENTS_PER_CONNECTION) statements.delete(statements.keys().next().value as string);
    return statement;
  };

  prototype.close = function (this: NativeDatabase): void {
    caches.delete(this);
    close.call(this);
  };
}

/** The statement, dropped from its cache by `drop` when one of its executions throws. */
function dropOnFailure(statement: NativeStatement, drop: () => void): NativeStatement {
  for (const method of ['run', 'all', 'get'] as const) {
    const execute = statement[method] as (...params: unknown[]) => unknown;
    statement[method] = ((...params: unknown[]) => {
      try {
        return execute.apply(statement, params);
      } catch (error) {
        drop();
        throw error;
      }
    }) as never;
  }
  return statement;
}
