// Several serving processes on one port (node:cluster): the primary forks WORKERS copies of
// scripts/serve-instance.mjs, which all listen on PORT (the primary hands each new connection to
// the next worker in turn) and share the database. SQLite serialises their writes: each waits
// for the other's lock (the busy timeout, db/client.ts), and a write is acknowledged only after
// its commit, so nothing acknowledged depends on which worker took it. The workers take turns to
// write (scripts/write-turns.mjs), so none of them sleeps in SQLite's busy handler waiting for another.
//
// A worker that dies is replaced after a second (it keeps its WORKER_INDEX, which places its
// metrics listener on METRICS_PORT + index); one that dies before it ever listened (no build, a
// port in use) stops the whole server with its exit code rather than looping. SIGTERM/SIGINT
// stop every worker the way one instance stops (finishing the requests in flight), then exit.
import cluster from 'node:cluster';
import { createLogger } from '../src/lib/server/observability/logger.ts';
import { grantWriteTurns } from './write-turns.mjs';

const RESTART_DELAY_MS = 1_000;

/** The WORKERS setting: a whole number from 1 to 64, else 1. */
export function workerCount(value) {
  const count = Number(value ?? '1');
  return Number.isInteger(count) && count >= 1 && count <= 64 ? count : 1;
}

export function superviseWorkers(count) {
  const logger = createLogger();
  let stopping = false;
  /** index → the worker serving it now. */
  const serving = new Map();
  const listened = new WeakSet();

  let announced = false;

  function start(index) {
    const worker = cluster.fork({ WORKER_INDEX: String(index) });
    serving.set(index, worker);
    worker.once('listening', () => {
      listened.add(worker);
      // Until every worker listens, the primary hands all connections to those that do: say when
      // the whole pool serves (tests and operators wait for this line, not for the first answer).
      if (!announced && [...serving.values()].every((each) => listened.has(each))) {
        announced = true;
        logger.info(`Cả ${count} tiến trình phục vụ đã sẵn sàng.`);
      }
    });
  }

  cluster.on('exit', (worker, code, signal) => {
    const index = [...serving].find(([, each]) => each === worker)?.[0];
    if (index === undefined) return;
    if (stopping) {
      serving.delete(index);
      if (serving.size === 0) process.exit(0);
      return;
    }
    if (!listened.has(worker)) {
      logger.error({ code, signal }, `Tiến trình phục vụ ${index} dừng trước khi nhận yêu cầu: dừng máy chủ.`);
      stopping = true;
      for (const other of serving.values()) other.process.kill('SIGTERM');
      process.exitCode = code || 1;
      serving.delete(index);
      if (serving.size === 0) process.exit(process.exitCode);
      return;
    }
    logger.error({ code, signal }, `Tiến trình phục vụ ${index} đã dừng; khởi động lại sau ${RESTART_DELAY_MS} ms.`);
    setTimeout(() => !stopping && start(index), RESTART_DELAY_MS);
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info(`Nhận ${signal}: dừng ${serving.size} tiến trình phục vụ…`);
      for (const worker of serving.values()) worker.process.kill('SIGTERM');
    });
  }

  grantWriteTurns(cluster);
  logger.info(`Khởi động ${count} tiến trình phục vụ dùng chung cổng ${process.env.PORT ?? '4321'}.`);
  for (let index = 0; index < count; index++) start(index);
}
