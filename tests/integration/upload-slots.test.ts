/**
 * Concurrent uploads are limited per user and over all instances (issue 14): two built servers
 * on one database, UPLOAD_SLOTS_PER_USER=2 and UPLOAD_SLOTS_TOTAL=3. Uploads held open (their
 * body sent in part, then paused) keep their slots; one more is refused with 429, Retry-After and
 * a Vietnamese sentence, whichever instance it reaches. A slot is freed when its upload ends
 * (here: the browser gives up) and, when its instance dies, once it expires.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { uploadSlots, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { csvFile, officialRow } from '../support/officials-csv.ts';

const TTL_MS = 3_000;
let databaseUrl: string;
let scratch: string;
let serverA: RunningServer;
let serverB: RunningServer;
/** Set once the test has killed instance B (stop() would then wait for an exit already past). */
let killedB = false;
const cookie: Record<'one' | 'two' | 'three', string> = { one: '', two: '', three: '' };

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'upload-slots-'));
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const db = openTestDatabase(databaseUrl);
  const idOf = async (username: string) =>
    (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get())!.id;
  cookie.one = `hls_session=${await createSession(await idOf('quantri.quangloi'))}`;
  cookie.two = `hls_session=${await createSession(await idOf('quantri.phuthinh'))}`;
  cookie.three = `hls_session=${await createSession(await idOf('quantri.songlam'))}`;
  db.$client.close();
  const env = {
    DATABASE_URL: databaseUrl,
    UPLOAD_SLOTS_PER_USER: '2',
    UPLOAD_SLOTS_TOTAL: '3',
    UPLOAD_SLOT_TTL_MS: String(TTL_MS),
    UPLOAD_TMP_DIR: join(scratch, 'uploads'),
  };
  [serverA, serverB] = await Promise.all([startServer(env), startServer(env)]);
});
after(async () => {
  await Promise.all([serverA?.stop(), killedB ? undefined : serverB?.stop()]);
  await rm(scratch, { recursive: true, force: true });
});

async function slotsHeld(): Promise<number> {
  const db = openTestDatabase(databaseUrl);
  try {
    return (await db.select({ n: count() }).from(uploadSlots).where(eq(uploadSlots.kind, 'officials')))[0].n;
  } finally {
    db.$client.close();
  }
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const BOUNDARY = 'hls-upload-slots-test';

/** An officials upload whose body stops after its first part until abort(): it holds its slot meanwhile. */
function heldUpload(server: RunningServer, who: string): { abort(): void; answer: Promise<number | 'aborted'> } {
  const controller = new AbortController();
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="danh-sach.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const body = new ReadableStream<Uint8Array>({
    start(stream) {
      stream.enqueue(new TextEncoder().encode(head + 'Mã cán bộ,'));
      // Nothing more: the server waits for the rest, holding the upload's slot.
    },
  });
  const answer = fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/`, {
    method: 'POST',
    body,
    duplex: 'half',
    signal: controller.signal,
    headers: {
      Cookie: who,
      Origin: server.baseUrl,
      Accept: 'application/json',
      'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
  } as RequestInit).then(
    (response) => response.status,
    () => 'aborted' as const,
  );
  return { abort: () => controller.abort(), answer };
}

/** A whole small CSV upload; its status, Retry-After and message. */
async function upload(
  server: RunningServer,
  who: string,
  code: string,
): Promise<{ status: number; retryAfter: string | null; message: string }> {
  const form = new FormData();
  form.set('file', new File([csvFile([officialRow(code)])], 'danh-sach.csv', { type: 'text/csv' }));
  const response = await fetch(`${server.baseUrl}/quan-tri/nhap-can-bo/`, {
    method: 'POST',
    body: form,
    headers: { Cookie: who, Origin: server.baseUrl, Accept: 'application/json' },
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), message: body.error ?? '' };
}

describe('upload slots over two instances', () => {
  test('per user 2, everyone 3: the next upload is refused with 429 on either instance, and freed slots are taken again', async () => {
    const first = heldUpload(serverA, cookie.one);
    const second = heldUpload(serverB, cookie.one);
    await until(async () => (await slotsHeld()) === 2, 'two held uploads');

    const third = await upload(serverA, cookie.one, 'SLOT-1');
    assert.equal(third.status, 429);
    assert.equal(third.retryAfter, '10');
    assert.match(third.message, /Anh\/chị đang có tệp khác đang được tải lên hoặc xử lý/);

    const other = heldUpload(serverB, cookie.two);
    await until(async () => (await slotsHeld()) === 3, 'a third held upload');
    const busy = await upload(serverA, cookie.three, 'SLOT-2');
    assert.equal(busy.status, 429);
    assert.equal(busy.retryAfter, '10');
    assert.match(busy.message, /Máy chủ đang nhận nhiều tệp tải lên cùng lúc/);

    // The browser gives up on one upload: its slot is free at once.
    first.abort();
    assert.equal(await first.answer, 'aborted');
    await until(async () => (await slotsHeld()) === 2, 'the aborted upload to free its slot');
    const accepted = await upload(serverB, cookie.three, 'SLOT-3');
    assert.equal(accepted.status, 202, accepted.message);
    await until(async () => (await slotsHeld()) === 2, 'the accepted upload to finish');

    second.abort();
    other.abort();
    await Promise.all([second.answer, other.answer]);
    await until(async () => (await slotsHeld()) === 0, 'every slot to be free');
  });

  test('a slot of an instance that died expires and is taken again', async () => {
    const held = [heldUpload(serverB, cookie.one), heldUpload(serverB, cookie.one)];
    await until(async () => (await slotsHeld()) === 2, 'two held uploads on instance B');
    assert.equal((await upload(serverA, cookie.one, 'SLOT-4')).status, 429);

    // Instance B dies without freeing anything.
    process.kill(serverB.pid!, 'SIGKILL');
    killedB = true;
    await Promise.all(held.map((upload) => upload.answer));
    assert.equal(await slotsHeld(), 2);
    const started = Date.now();
    await until(
      async () => (await upload(serverA, cookie.one, `SLOT-5-${Date.now()}`)).status === 202,
      'the dead instance’s slots to expire',
      4 * TTL_MS,
    );
    const waited = Date.now() - started;
    console.log(`Lượt tải lên của tiến trình đã chết được giải phóng sau ${waited} ms (hạn ${TTL_MS} ms)`);
    assert.ok(waited <= 2 * TTL_MS, `${waited} ms`);
  });
});
