// The production server (`npm start` runs it; tests start it too: tests/support/server.ts).
// WORKERS=<n> (default 1) serving processes share the port and the database, so every core
// answers requests: this process then only supervises them (scripts/serve-workers.mjs). One
// serving process is scripts/serve-instance.mjs, which says what serving means.
import cluster from 'node:cluster';
import './check-node.mjs';
import { superviseWorkers, workerCount } from './serve-workers.mjs';

const workers = workerCount(process.env.WORKERS);
if (cluster.isPrimary && workers > 1) superviseWorkers(workers);
else await import('./serve-instance.mjs');
