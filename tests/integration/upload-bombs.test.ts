/**
 * Zip bombs against the built server (issue 14): an officials XLSX of ~3 MB whose sharedStrings
 * inflate to 3 GB (once with honest sizes, once declaring 1 KB), the same in an attendance list
 * and in an H5P package. Each is refused with a Vietnamese sentence while the server's memory
 * (VmRSS of its process, sampled every 20 ms) stays under 600 MB; a normal workbook still imports,
 * and no temporary file is left. Also: a job that exhausts its worker's heap fails alone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { eq } from 'drizzle-orm';
import { units, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { officialRow } from '../support/officials-csv.ts';
import { IMPORT_COLUMNS } from '../../src/schemas/official-import-row.ts';
import { runInWorker, WorkerJobError } from '../../src/lib/server/uploads/parse-worker.ts';
import { MAX_ATTENDANCE_BYTES } from '../../src/lib/server/classes/attendance-import.ts';

const RSS_LIMIT_MB = 600;
/** What the bombs inflate to: 3 GiB, under the 4 GiB a zip without zip64 can declare. */
const BOMB_BYTES = 3 * 1024 ** 3;

let server: RunningServer;
let databaseUrl: string;
let scratch: string;
let uploadsDir: string;
const cookie = { admin: '', instructor: '' };
let classId = '';

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'upload-bombs-'));
  uploadsDir = join(scratch, 'uploads');
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const { validateSessionToken } = await import('../../src/lib/server/auth/sessions.ts');
  const { createClass } = await import('../../src/lib/server/classes/class-store.ts');
  const db = openTestDatabase(databaseUrl);
  const idOf = async (username: string) =>
    (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get())!.id;
  const adminToken = await createSession(await idOf('quantri.quangloi'));
  cookie.admin = `hls_session=${adminToken}`;
  cookie.instructor = `hls_session=${await createSession(await idOf('giangvien'))}`;
  const [quangLoi] = await db.select().from(units).where(eq(units.code, 'SL-QL'));
  const admin = (await validateSessionToken(adminToken))!.user;
  classId = await createClass(admin, {
    unitId: quangLoi.id,
    kind: 'tap-huan-nghiep-vu',
    content: 'Lớp thử bom nén',
    method: 'truc-tiep',
    startsOn: '2026-09-07',
    endsOn: '2026-09-09',
    hours: 24,
    place: 'Hội trường UBND xã',
    organiser: 'UBND xã Quảng Lợi',
    funding: 'ns-tinh',
  });
  db.$client.close();
  server = await startServer({ DATABASE_URL: databaseUrl, H5P_DIR: join(scratch, 'h5p'), UPLOAD_TMP_DIR: uploadsDir });
});
after(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

/** An entry to write: its bytes already compressed (method 8) or stored (0), and the sizes to declare. */
interface RawEntry {
  name: string;
  method: 0 | 8;
  data: Buffer;
  crc: number;
  size: number;
}

/** A zip of entries whose data is given as it is stored (so a bomb's inflated bytes never exist here). */
function rawZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, entry.data);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(entry.crc >>> 0, 16);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/**
 * A deflate stream of `prefix`, `total` bytes of repeated `unit`, `suffix`, built without ever
 * holding the inflated bytes: one 1 MiB block is deflated once with a full flush (byte-aligned,
 * no back-references across it) and repeated; decoding it simply continues block after block.
 * The CRC is not computed (left 0): the server must refuse long before it could check one.
 */
function deflatedBomb(prefix: string, unit: string, suffix: string, total: number): { data: Buffer; size: number } {
  const block = Buffer.alloc(1024 * 1024, unit);
  const copies = Math.floor(total / block.length);
  const flushed = (text: Buffer) => deflateRawSync(text, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const head = flushed(Buffer.from(prefix));
  const body = flushed(block);
  const tail = deflateRawSync(Buffer.from(suffix));
  return {
    data: Buffer.concat([head, ...Array.from({ length: copies }, () => body), tail]),
    size: prefix.length + copies * block.length + suffix.length,
  };
}

/** The entries of a real workbook, inflated. */
async function entriesOf(workbook: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(workbook, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return entries;
}

const deflated = (name: string, data: Buffer): RawEntry => ({
  name,
  method: 8,
  data: deflateRawSync(data),
  crc: crc32(data),
  size: data.length,
});

/** A workbook made by exceljs, as an administrator's would be. */
async function workbookOf(header: string[], rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `workbook` with its shared strings replaced by a bomb of `total` bytes; `declared` is the size its headers claim. */
async function workbookBomb(workbook: Buffer, total: number, declared?: number): Promise<Buffer> {
  const entries = await entriesOf(workbook);
  // One shared string of `total` letters: a single repeated byte is what deflate packs best (~1,000×).
  const bomb = deflatedBomb(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
    'A',
    '</t></si></sst>',
    total,
  );
  const raw = [...entries]
    .filter(([name]) => name !== 'xl/sharedStrings.xml')
    .map(([name, data]) => deflated(name, data));
  raw.push({ name: 'xl/sharedStrings.xml', method: 8, data: bomb.data, crc: 0, size: declared ?? bomb.size });
  return rawZip(raw);
}

/** An H5P package whose one content file is a bomb. */
function h5pBomb(declared?: number): Buffer {
  const manifest = Buffer.from(
    JSON.stringify({
      title: 'Bom',
      language: 'vi',
      mainLibrary: 'H5P.TrueFalse',
      embedTypes: ['iframe'],
      preloadedDependencies: [{ machineName: 'H5P.TrueFalse', majorVersion: 1, minorVersion: 8 }],
    }),
  );
  const bomb = deflatedBomb('', 'a', '', BOMB_BYTES);
  return rawZip([
    deflated('h5p.json', manifest),
    deflated('content/content.json', Buffer.from('{}')),
    { name: 'content/bom.txt', method: 8, data: bomb.data, crc: 0, size: declared ?? bomb.size },
  ]);
}

/** The highest VmRSS (MB) of the server process while `work` runs, sampled every 20 ms. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  const read = () =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  let peakMb = read();
  const timer = setInterval(() => (peakMb = Math.max(peakMb, read())), 20);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peakMb, read()) };
  } finally {
    clearInterval(timer);
  }
}

function post(path: string, who: string, form: FormData, accept?: string): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { Cookie: who, Origin: server.baseUrl, ...(accept ? { Accept: accept } : {}) },
  });
}

const formWith = (file: Buffer, name: string, fields: Record<string, string> = {}) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set('file', new File([new Uint8Array(file)], name));
  return form;
};

/** Refused with `status` and `message`, under the RSS limit, leaving no temporary file. */
async function assertRefused(
  label: string,
  send: () => Promise<Response>,
  status: number,
  message: RegExp,
): Promise<void> {
  const { result, peakMb } = await peakRss(async () => {
    const response = await send();
    return { status: response.status, text: await response.text() };
  });
  console.log(`${label}: HTTP ${result.status}, RSS tối đa của máy chủ ${peakMb.toFixed(0)} MB`);
  assert.equal(result.status, status, result.text.slice(0, 400));
  assert.match(result.text, message);
  assert.ok(peakMb < RSS_LIMIT_MB, `RSS ${peakMb.toFixed(0)} MB ≥ ${RSS_LIMIT_MB} MB`);
  assert.deepEqual(await readdir(uploadsDir).catch(() => []), [], 'temporary uploads are removed');
}

const header = IMPORT_COLUMNS.map((column) => column.header);

describe('zip bombs are refused before parsing, the server staying small', () => {
  test('an officials XLSX of ~3 MB whose sharedStrings inflate to 3 GB (honest sizes)', async () => {
    const bomb = await workbookBomb(await workbookOf(header, [officialRow('BOM-1')]), BOMB_BYTES);
    assert.ok(bomb.length > 2 * 1024 * 1024 && bomb.length < 4 * 1024 * 1024, `${bomb.length} bytes`);
    await assertRefused(
      'XLSX cán bộ, kích thước thật',
      () => post('/quan-tri/nhap-can-bo/', cookie.admin, formWith(bomb, 'danh-sach.xlsx')),
      422,
      /Tệp Excel này khi giải nén quá lớn/,
    );
  });

  test('the same bomb declaring its sharedStrings as 1 KB', async () => {
    const bomb = await workbookBomb(await workbookOf(header, [officialRow('BOM-2')]), BOMB_BYTES, 1024);
    await assertRefused(
      'XLSX cán bộ, khai báo 1 KB',
      () => post('/quan-tri/nhap-can-bo/', cookie.admin, formWith(bomb, 'danh-sach.xlsx')),
      422,
      /Tệp Excel này khai báo sai kích thước khi giải nén/,
    );
  });

  test('an attendance list (under its 900 KB limit, itself under the 1 MB an action may send) that inflates to 0.7 GB', async () => {
    const list = await workbookOf(
      ['Mã cán bộ', 'Họ và tên', 'Kết quả', 'Điểm', 'Số chứng chỉ'],
      [['SL-QL-001', '', 'Hoàn thành', '', '']],
    );
    for (const declared of [undefined, 1024]) {
      const bomb = await workbookBomb(list, 700 * 1024 * 1024, declared);
      assert.ok(bomb.length < MAX_ATTENDANCE_BYTES, `${bomb.length} bytes`);
      await assertRefused(
        `XLSX học viên, ${declared ? 'khai báo 1 KB' : 'kích thước thật'}`,
        () =>
          post(
            '/_actions/classes.importAttendees',
            cookie.admin,
            formWith(bomb, 'hoc-vien.xlsx', { classId }),
            'application/json',
          ),
        400,
        declared ? /khai báo sai kích thước khi giải nén/ : /Tệp Excel này khi giải nén quá lớn/,
      );
    }
  });

  test('an H5P package of ~3 MB inflating to 3 GB (honest sizes, then declaring 1 KB)', async () => {
    await assertRefused(
      'Gói H5P, kích thước thật',
      () => post('/quan-tri/h5p/', cookie.instructor, formWith(h5pBomb(), 'bom.h5p', { id: 'bom-nen', title: 'Bom' })),
      422,
      /Gói H5P này khi giải nén quá lớn/,
    );
    await assertRefused(
      'Gói H5P, khai báo 1 KB',
      () =>
        post('/quan-tri/h5p/', cookie.instructor, formWith(h5pBomb(1024), 'bom.h5p', { id: 'bom-nen', title: 'Bom' })),
      422,
      /kích thước khai báo trong tệp zip không khớp/,
    );
  });

  test('control: a normal workbook still imports (preview) through the worker of the built server', async () => {
    const workbook = await workbookOf(header, [officialRow('BOM-OK-1'), officialRow('BOM-OK-2')]);
    const response = await post('/quan-tri/nhap-can-bo/', cookie.admin, formWith(workbook, 'danh-sach.xlsx'));
    await response.body?.cancel();
    assert.equal(response.status, 303);
    const preview = await fetch(`${server.baseUrl}${response.headers.get('location')}`, {
      headers: { Cookie: cookie.admin },
    });
    const html = await preview.text();
    assert.equal(preview.status, 200);
    assert.match(html, /BOM-OK-2/);
    assert.deepEqual(await readdir(uploadsDir), []);
  });
});

describe('a parse that exhausts its worker fails alone', () => {
  test('runInWorker: a job allocating without end is stopped at its heap cap with a 422', async () => {
    const job = new URL(
      `data:text/javascript,${encodeURIComponent('export async function run() { const kept = []; for (;;) kept.push(new Array(1e5).fill(Math.random())); }')}`,
    );
    await assert.rejects(
      runInWorker(job, null, { maxOldGenerationSizeMb: 32, tooHeavy: 'Tệp quá lớn để đọc.' }),
      (error: unknown) =>
        error instanceof WorkerJobError && error.status === 422 && error.message === 'Tệp quá lớn để đọc.',
    );
    // And this process is still here to run the next job.
    assert.equal(
      await runInWorker(
        new URL(`data:text/javascript,${encodeURIComponent('export async function run(input) { return input * 2; }')}`),
        21,
      ),
      42,
    );
  });
});
