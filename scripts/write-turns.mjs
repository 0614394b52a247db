// Write turns across the workers of one server (WORKERS > 1, scripts/serve-workers.mjs).
//
// The workers share one SQLite file, and SQLite lets one connection write at a time. Left to
// SQLite, a worker that wants to write while another holds the lock waits in SQLite's busy
// handler, which sleeps on that worker's event loop (1, 2, 5, 10… ms at a time): no request of
// that worker is answered meanwhile, which shows in the slowest answers. So the workers take
// turns instead (measured with bench:progress, two workers, 50 connections: p99 42–46 ms against
// 63–75 ms without turns, for 12–20 % fewer events a second, the price of the primary's round
// trip in every write; WRITE_TURNS=0 compares). Before a write (db/serialized-writes.ts
// asks, once it holds its own process's lock) a worker asks the primary for the turn over the
// cluster's IPC channel and awaits it, answering other requests meanwhile; it hands the turn back
// after its COMMIT or ROLLBACK. The primary grants turns first come, first served, and takes a
// turn back from a worker that dies.
//
// SQLite's lock and busy timeout still guard the file against every other writer (a backup, a
// command-line script, a second server): turns only keep the workers of this server from queuing
// inside SQLite.

const ASK = 'hoc-lieu-so:write-turn?';
const GRANTED = 'hoc-lieu-so:write-turn!';
const DONE = 'hoc-lieu-so:write-turn.';

/** Where db/serialized-writes.ts finds a worker's turns (WriteTurns there). */
const WRITE_TURNS = Symbol.for('hoc-lieu-so.write-turns');

/** In the primary: grants write turns to the cluster's workers, one at a time, in order of asking. */
export function grantWriteTurns(cluster) {
  /** @type {{ worker: import('node:cluster').Worker, id: number }[]} */
  const waiting = [];
  /** @type {{ worker: import('node:cluster').Worker, id: number } | undefined} */
  let holder;

  function grantNext() {
    while (!holder && waiting.length > 0) {
      const next = waiting.shift();
      try {
        next.worker.send({ type: GRANTED, id: next.id });
        holder = next;
      } catch {
        // Its channel has closed: it is dying, and its exit drops whatever it asked for.
      }
    }
  }

  cluster.on('message', (worker, message) => {
    if (message?.type === ASK) {
      waiting.push({ worker, id: message.id });
      grantNext();
    } else if (message?.type === DONE && holder?.worker === worker && holder.id === message.id) {
      holder = undefined;
      grantNext();
    }
  });

  cluster.on('exit', (worker) => {
    for (let index = waiting.length - 1; index >= 0; index--)
      if (waiting[index].worker === worker) waiting.splice(index, 1);
    if (holder?.worker === worker) {
      holder = undefined;
      grantNext();
    }
  });
}

/** Sends to the primary; false when the channel has closed meanwhile (the worker is going away). */
function sendToPrimary(message) {
  try {
    if (process.connected) {
      process.send(message);
      return true;
    }
  } catch {
    // Closed between the check and the send.
  }
  return false;
}

/** In a worker: asks the primary for write turns (see above) from now on. */
export function takeWriteTurns() {
  let lastId = 0;
  /** Turns asked for and not yet granted: id → what to do when granted. */
  const asked = new Map();
  process.on('message', (message) => {
    if (message?.type !== GRANTED) return;
    asked.get(message.id)?.();
    asked.delete(message.id);
  });
  // The primary is gone: nobody will grant what was asked, so write as SQLite lets us.
  process.on('disconnect', () => {
    for (const grant of asked.values()) grant();
    asked.clear();
  });
  globalThis[WRITE_TURNS] = {
    /** Resolves, once this worker has the turn, with the function that gives it back. */
    take() {
      const id = ++lastId;
      return new Promise((resolve) => {
        asked.set(id, () => resolve(() => sendToPrimary({ type: DONE, id })));
        // Without its primary (it is going away) a worker writes as SQLite lets it. Never reject:
        // db/serialized-writes.ts holds its own lock while it waits here, and a rejected turn
        // would leave that lock held for good.
        if (!sendToPrimary({ type: ASK, id })) {
          asked.delete(id);
          resolve(() => {});
        }
      });
    },
  };
}
