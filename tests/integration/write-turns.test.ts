/**
 * The workers of one server take turns to write (scripts/write-turns.mjs): a real node:cluster
 * (tests/fixtures/write-turns/cluster.mjs) whose workers log the start and end of each turn around
 * a pause. With turns, no two turns overlap and every worker gets all of its turns; a worker that
 * dies holding the turn does not stop the others. The control: the same cluster without turns
 * does overlap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURE = join(import.meta.dirname, '../fixtures/write-turns/cluster.mjs');

/** Runs the cluster to its end; the lines its workers logged. */
async function runCluster(env: Record<string, string>): Promise<string[]> {
  const log = join(mkdtempSync(join(tmpdir(), 'hls-turns-')), 'turns.log');
  const child = spawn(process.execPath, [FIXTURE], { env: { ...process.env, LOG: log, ...env }, stdio: 'inherit' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await new Promise((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
}

/** Turns that began while another was open. */
function overlaps(lines: string[]): number {
  let open: string | undefined;
  let count = 0;
  for (const line of lines) {
    const [what, worker] = line.split(' ');
    if (what === 'start') {
      if (open !== undefined) count++;
      open = worker;
    } else if (open === worker) open = undefined;
  }
  return count;
}

test('with turns, three workers never write at once, and each takes all its turns', async () => {
  const lines = await runCluster({ WORKERS_N: '3', TURNS_EACH: '20' });
  assert.equal(lines.length, 3 * 20 * 2);
  assert.equal(overlaps(lines), 0);
  for (const worker of ['0', '1', '2']) assert.equal(lines.filter((line) => line === `end ${worker}`).length, 20);
});

test('CONTROL: without turns the same workers overlap', async () => {
  const lines = await runCluster({ TURNS: '0', WORKERS_N: '3', TURNS_EACH: '20' });
  assert.equal(lines.length, 3 * 20 * 2);
  assert.ok(overlaps(lines) > 0, 'no overlap without turns: the test above could not fail');
});

test('a worker that dies holding the turn gives it back: the others finish theirs', async () => {
  const lines = await runCluster({ WORKERS_N: '3', TURNS_EACH: '10', HOLD_AND_DIE: '1' });
  assert.deepEqual(
    lines.filter((line) => line.endsWith(' 0')),
    ['start 0'],
  );
  for (const worker of ['1', '2']) assert.equal(lines.filter((line) => line === `end ${worker}`).length, 10);
  assert.equal(overlaps(lines.filter((line) => !line.endsWith(' 0'))), 0);
});
