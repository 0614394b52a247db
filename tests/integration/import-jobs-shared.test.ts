/**
 * Officials import jobs shared through the database (issue 13): two real server processes on
 * one database file, as behind a proxy without sticky sessions. A file uploaded to one instance
 * is followed, and committed, through the other; only its owner sees it; a job whose instance
 * died is reported failed; and the limits on running jobs hold for jobs of other instances.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, inArray } from 'drizzle-orm';
import { importJobs, officials, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { ImportError } from '../../src/lib/officials-import/errors.ts';
import { jobStatus, startJob } from '../../src/lib/server/officials-import/jobs.ts';
import { signInOverHttp } from '../support/authoring-http.ts';
import { csvFile, officialRow } from '../support/officials-csv.ts';

let db: Database;
let serverA: RunningServer;
let serverB: RunningServer;
const userIds: Record<string, string> = {};
const h5pDir = mkdtempSync(join(tmpdir(), 'h5p-seed-'));

before(async () => {
  // The seed installs the demo activities: keep them out of the repository's data/ folder.
  process.env.H5P_DIR = h5pDir;
  // getDb() (startJob, jobStatus in this process) opens DATABASE_URL: the same file as both servers.
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  for (const row of await db.select({ id: users.id, username: users.username }).from(users))
    userIds[row.username] = row.id;
  const env = { DATABASE_URL: process.env.DATABASE_URL, H5P_DIR: h5pDir };
  [serverA, serverB] = await Promise.all([startServer(env), startServer(env)]);
});
after(async () => {
  await Promise.all([serverA?.stop(), serverB?.stop()]);
  db?.$client.close();
  rmSync(h5pDir, { recursive: true, force: true });
});

function upload(server: RunningServer, cookie: string, bytes: Uint8Array<ArrayBuffer>) {
  const form = new FormData();
  form.set('file', new File([bytes], 'danh-sach.csv'));
  return fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, Origin: server.baseUrl, Accept: 'application/json' },
    body: form,
  });
}

interface Polled {
  id: string;
  state: string;
  step: string;
  done: number;
  total: number;
  redirectTo?: string;
  error?: { status: number; message: string };
}

/** Polls `progress` on `server` until the job ends; returns every answer. */
async function follow(server: RunningServer, cookie: string, progress: string): Promise<Polled[]> {
  const seen: Polled[] = [];
  for (let i = 0; i < 600; i++) {
    const response = await fetch(`${server.baseUrl}${progress}`, { headers: { Cookie: cookie } });
    assert.equal(response.status, 200);
    seen.push(await response.json());
    if (seen.at(-1)!.state !== 'running') return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('job did not end');
}

const recent = () => new Date();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('two server instances on one database', () => {
  let admin: string;
  let other: string;
  before(async () => {
    admin = await signInOverHttp(serverA.baseUrl, 'quantri.quangloi', 'quan-tri-xa-2026');
    other = await signInOverHttp(serverB.baseUrl, 'quantri.phuthinh', 'quan-tri-xa-2026');
  });

  test('an upload to A is followed on B until done, and B shows its preview and commits it', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => officialRow(`SH-${String(i).padStart(4, '0')}`));
    const accepted = await upload(serverA, admin, csvFile(rows));
    assert.equal(accepted.status, 202);
    const { job, progress } = await accepted.json();

    const seen = await follow(serverB, admin, progress);
    const last = seen.at(-1)!;
    assert.equal(seen[0].state, 'running', 'B knew the job while it ran');
    assert.ok(
      seen.some((status) => status.state === 'running' && status.step !== 'Đang đọc tệp'),
      'B saw the steps A wrote',
    );
    assert.equal(last.state, 'done');
    assert.match(last.redirectTo!, /^\/quan-tri\/nhap-can-bo\/[a-z0-9]+\/$/);
    // Both instances report the same finished job.
    assert.deepEqual(await (await fetch(`${serverA.baseUrl}${progress}`, { headers: { Cookie: admin } })).json(), last);
    assert.equal(last.id, job);

    // Another administrator gets 404 for it from either instance.
    for (const server of [serverA, serverB])
      assert.equal((await fetch(`${server.baseUrl}${progress}`, { headers: { Cookie: other } })).status, 404);

    const preview = await fetch(`${serverB.baseUrl}${last.redirectTo}`, { headers: { Cookie: admin } });
    assert.equal(preview.status, 200);
    assert.match(await preview.text(), /Xác nhận nhập<\/button>/);

    const commit = await fetch(`${serverB.baseUrl}${last.redirectTo}`, {
      method: 'POST',
      headers: { Cookie: admin, Origin: serverB.baseUrl, Accept: 'application/json' },
      body: new URLSearchParams({ intent: 'commit' }),
    });
    assert.equal(commit.status, 202);
    const committed = (await follow(serverA, admin, (await commit.json()).progress)).at(-1)!;
    assert.equal(committed.state, 'done');
    assert.equal(
      (
        await db
          .select({ n: count() })
          .from(officials)
          .where(inArray(officials.staffCode, ['SH-0000', 'SH-2999']))
      )[0].n,
      2,
    );
  });

  test('a running job whose instance stopped beating is reported, and recorded, as failed', async () => {
    const id = 'congviecchetgiuachung';
    await db.insert(importJobs).values({
      id,
      userId: userIds['quantri.quangloi'],
      state: 'running',
      step: 'Đang kiểm tra từng dòng',
      done: 40,
      total: 100,
      heartbeatAt: minutesAgo(1),
      createdAt: minutesAgo(2),
    });

    const response = await fetch(`${serverB.baseUrl}/quan-tri/nhap-can-bo/tien-do/${id}/`, {
      headers: { Cookie: admin },
    });

    assert.equal(response.status, 200);
    const status = await response.json();
    assert.equal(status.state, 'failed');
    assert.match(status.error.message, /dừng giữa chừng/);
    assert.match(status.error.message, /không có thay đổi dở dang nào được lưu/);
    const row = await db.select().from(importJobs).where(eq(importJobs.id, id)).get();
    assert.equal(row?.state, 'failed');
    assert.ok(row?.finishedAt);
    // Nor does it block the same administrator's next upload.
    const accepted = await upload(serverA, admin, csvFile([officialRow('SH-STALE')]));
    assert.equal(accepted.status, 202);
    assert.equal((await follow(serverB, admin, (await accepted.json()).progress)).at(-1)!.state, 'done');
  });

  test('a job running on another instance refuses a second upload of the same administrator on either', async () => {
    const id = 'congviecmaykhac';
    await db.insert(importJobs).values({
      id,
      userId: userIds['quantri.quangloi'],
      state: 'running',
      step: 'Đang đọc tệp',
      done: 0,
      total: 0,
      heartbeatAt: recent(),
      createdAt: recent(),
    });
    try {
      for (const server of [serverA, serverB]) {
        const refused = await upload(server, admin, csvFile([officialRow('SH-BUSY')]));
        assert.equal(refused.status, 429);
        assert.match((await refused.json()).error, /đang có một lần nhập đang xử lý/);
      }
      // Another administrator is not held up by it.
      const accepted = await upload(serverB, other, csvFile([officialRow('SH-OTHER')]));
      assert.equal(accepted.status, 202);
      await follow(serverA, other, (await accepted.json()).progress);
    } finally {
      await db.delete(importJobs).where(eq(importJobs.id, id));
    }
  });
});

describe('startJob and jobStatus on the shared database', () => {
  const work = async () => '/xong/';

  test('a running job of the same user from another instance refuses a second one (429)', async () => {
    const userId = userIds['quantri.songlam'];
    await db.insert(importJobs).values({
      id: 'cuamaykhac1',
      userId,
      state: 'running',
      step: 'Đang đọc tệp',
      done: 0,
      total: 0,
      heartbeatAt: recent(),
      createdAt: recent(),
    });
    try {
      await assert.rejects(
        startJob(userId, 'Đang đọc tệp', work),
        (error: unknown) =>
          error instanceof ImportError && error.status === 429 && /đang có một lần nhập/.test(error.message),
      );
    } finally {
      await db.delete(importJobs).where(eq(importJobs.id, 'cuamaykhac1'));
    }
  });

  test('three running jobs on any instances refuse a fourth (429); stale ones do not count', async () => {
    const others = ['hocvien', 'quantri.quangloi', 'quantri.phuthinh'].map((name) => userIds[name]);
    const ids = others.map((_, i) => `dangchay${i}`);
    await db.insert(importJobs).values(
      others.map((userId, i) => ({
        id: ids[i],
        userId,
        state: 'running' as const,
        step: 'Đang đọc tệp',
        done: 0,
        total: 0,
        heartbeatAt: recent(),
        createdAt: recent(),
      })),
    );
    try {
      await assert.rejects(
        startJob(userIds['quantri.songlam'], 'Đang đọc tệp', work),
        (error: unknown) =>
          error instanceof ImportError && error.status === 429 && /nhiều tệp nhập cùng lúc/.test(error.message),
      );

      await db
        .update(importJobs)
        .set({ heartbeatAt: minutesAgo(1) })
        .where(eq(importJobs.id, ids[0]));
      const job = await startJob(userIds['quantri.songlam'], 'Đang đọc tệp', work);
      const finished = await job.finished;
      assert.equal(finished.state, 'done');
      assert.deepEqual(await jobStatus(userIds['quantri.songlam'], job.id), { ...finished, error: undefined });
      assert.equal((await db.select().from(importJobs).where(eq(importJobs.id, ids[0])).get())?.state, 'failed');
    } finally {
      await db.delete(importJobs).where(inArray(importJobs.id, ids));
    }
  });

  test('progress is written while the work runs, at most every quarter second, and the outcome at the end', async () => {
    const userId = userIds['quantri.songlam'];
    const samples: { step: string; done: number }[] = [];
    let rowId = '';
    const job = await startJob(userId, 'Đang đọc tệp', async (progress) => {
      progress.step('Đang kiểm tra từng dòng', 1000);
      for (let i = 1; i <= 1000; i++) {
        progress.advance(i);
        if (i % 100 === 0) {
          await new Promise((resolve) => setTimeout(resolve, 60));
          const row = await db.select().from(importJobs).where(eq(importJobs.id, rowId)).get();
          samples.push({ step: row!.step, done: row!.done });
        }
      }
      throw new ImportError(422, 'Tệp thử hỏng.');
    });
    rowId = job.id;
    assert.equal(job.state, 'running');

    const finished = await job.finished;

    assert.deepEqual(finished.error, { status: 422, message: 'Tệp thử hỏng.' });
    assert.ok(samples.every((sample) => sample.step === 'Đang kiểm tra từng dòng'));
    // The database saw progress part way, but not every row (writes are throttled).
    assert.ok(
      samples.some((sample) => sample.done > 0 && sample.done < 1000),
      JSON.stringify(samples),
    );
    assert.ok(
      samples.filter((sample, i) => sample.done !== samples[i - 1]?.done).length < samples.length,
      JSON.stringify(samples),
    );
    const row = await db.select().from(importJobs).where(eq(importJobs.id, job.id)).get();
    assert.equal(row?.state, 'failed');
    assert.equal(row?.errorStatus, 422);
    assert.equal(row?.done, 1000);
  });

  test('only the owner sees a job, and finished jobs older than a quarter hour are deleted', async () => {
    const owner = userIds['quantri.songlam'];
    await db.insert(importJobs).values({
      id: 'cuxuacu',
      userId: owner,
      state: 'done',
      step: 'Xong',
      done: 1,
      total: 1,
      redirectTo: '/x/',
      heartbeatAt: minutesAgo(20),
      createdAt: minutesAgo(21),
      finishedAt: minutesAgo(20),
    });
    assert.equal((await jobStatus(owner, 'cuxuacu'))?.state, 'done');
    assert.equal(await jobStatus(userIds['quantri.quangloi'], 'cuxuacu'), undefined);

    await (
      await startJob(owner, 'Đang đọc tệp', work)
    ).finished;

    assert.equal(await jobStatus(owner, 'cuxuacu'), undefined);
  });
});
