/**
 * Backup and restore while learners keep writing (scripts/backup.ts, scripts/restore.ts,
 * src/lib/server/backup/). A copy of the project serves a "published" build (a marked copy of
 * dist/ with a media file, as a publication leaves it), the demo H5P activities and a draft upload,
 * while a load generator posts progress events for 30 s (loopback, each event its own UUID, every
 * 2xx recorded with its time). A backup is taken in the middle; it is restored into a fresh copy of
 * the project, which is migrated and served: every event acknowledged before the backup began is
 * there exactly once, none sent after it ended is, integrity_check is ok, and the restored instance
 * serves the published pages, an H5P package file and a /media/ file. Controls: one corrupted
 * byte (with and without the checksum file beside the archive) is refused with nothing written,
 * so is a well-formed archive with one file or one manifest row count changed (the checksums and
 * row counts themselves, past gzip's own check), and a restore into the instance that is running.
 * The pure parts (retention, entry paths, comparisons) are checked first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { isNotNull } from 'drizzle-orm';
import { create, entries, WriteEntry } from 'tar';
import { openDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedDemo } from '../../db/seed.ts';
import { h5pPackages, users } from '../../db/schema/index.ts';
import {
  compareFiles,
  compareRowCounts,
  entryPathProblem,
  migrationProblem,
  parseManifest,
} from '../../src/lib/backup/manifest.ts';
import { archiveName, archivesToPrune, archiveTime, buckets, parseKeep } from '../../src/lib/backup/retention.ts';
import { copyProject, type ProjectCopy } from '../support/project-copy.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';

describe('backup: pure parts', () => {
  test('archive names carry the moment the backup began', () => {
    const at = new Date('2026-12-06T20:35:12.345Z');
    assert.equal(archiveName(at), 'hoc-lieu-so-2026-12-06T20-35-12-345Z.tar.gz');
    assert.deepEqual(archiveTime(archiveName(at)), at);
    assert.equal(archiveTime('hoc-lieu-so-2026-12-06T20-35-12-345Z.tar.gz.sha256'), undefined);
    assert.equal(archiveTime('notes.txt'), undefined);
  });

  test('--keep is N days, weeks and months', () => {
    assert.deepEqual(parseKeep('7d,4w'), { daily: 7, weekly: 4, monthly: 0 });
    assert.deepEqual(parseKeep('12m, 7d'), { daily: 7, weekly: 0, monthly: 12 });
    for (const bad of ['', '7', '7x', '7d,8d', '0d', '-1d', 'd']) assert.equal(parseKeep(bad), undefined, bad);
  });

  test('days, ISO weeks and months are those of Vietnam (UTC+7)', () => {
    assert.equal(buckets(new Date('2026-12-06T16:59:59Z')).day, '2026-12-06');
    assert.equal(buckets(new Date('2026-12-06T17:00:00Z')).day, '2026-12-07');
    assert.equal(buckets(new Date('2027-01-01T05:00:00Z')).week, '2026-W53');
    assert.equal(buckets(new Date('2027-01-04T05:00:00Z')).week, '2027-W01');
    assert.equal(buckets(new Date('2026-12-29T05:00:00Z')).week, '2026-W53');
    assert.equal(buckets(new Date('2025-12-29T05:00:00Z')).week, '2026-W01');
    assert.equal(buckets(new Date('2026-02-28T18:00:00Z')).month, '2026-03');
  });

  test('retention keeps the newest of each of the last 7 days and 4 weeks, and never touches other files', () => {
    // Two backups a day (02:00 and 14:00 Vietnam time) for 60 days.
    const names: string[] = [];
    for (let day = 0; day < 60; day += 1) {
      for (const hour of [2, 14]) names.push(archiveName(new Date(Date.UTC(2026, 9, 1 + day, hour - 7))));
    }
    const pruned = new Set(
      archivesToPrune([...names, 'README.txt', `${names[0]}.sha256`], { daily: 7, weekly: 4, monthly: 0 }),
    );
    const kept = names.filter((name) => !pruned.has(name)).sort();
    assert.ok(!pruned.has('README.txt') && !pruned.has(`${names[0]}.sha256`));
    // The last day's 14:00 backup is the newest: kept, its 02:00 sibling not.
    assert.ok(kept.includes(names.at(-1)!) && !kept.includes(names.at(-2)!));
    const dailyKept = kept.filter(
      (name) => archiveTime(name)!.getTime() > Date.UTC(2026, 9, 60 - 7 + 1) - 7 * 3_600_000,
    );
    assert.equal(dailyKept.length, 7);
    // 7 days cover at most 2 ISO weeks; 4 weeks add the newest of up to 2 older weeks (plus one shared).
    assert.ok(kept.length >= 9 && kept.length <= 11, `kept ${kept.length}`);
    assert.deepEqual(archivesToPrune(names.slice(0, 1), { daily: 0, weekly: 1, monthly: 0 }), []);
  });

  test('only plain files and folders with safe paths inside the parts may be restored', () => {
    for (const ok of [
      'database.db',
      'manifest.json',
      'content/courses/a/course.yaml',
      'public/media/videos/a.webm',
      'data/h5p/x/0123456789abcdef/h5p.json',
      'data/builds/current.json',
      'data/drafts/d1/public/media/a.png',
    ]) {
      assert.equal(entryPathProblem(ok, 'File'), undefined, ok);
    }
    assert.equal(entryPathProblem('content/', 'Directory'), undefined);
    assert.equal(entryPathProblem('data/', 'Directory'), undefined);
    for (const bad of [
      '../etc/passwd',
      '/etc/passwd',
      'content/../../x',
      'content/./x',
      'content//x',
      'src/lib/x.ts',
      'public/favicon.svg',
      'data/publish/runner.lock',
      'content/a\\b',
      'content/a\u0000b',
      'data/hoc-lieu-so.db',
    ]) {
      assert.ok(entryPathProblem(bad, 'File'), bad);
    }
    assert.ok(entryPathProblem('content/x', 'SymbolicLink'));
    assert.ok(entryPathProblem('content/x', 'Link'));
  });

  test('files and row counts are compared both ways; a newer schema is refused', () => {
    const sha = (c: string) => c.repeat(64);
    const listed = [
      { path: 'content/a', size: 1, sha256: sha('a') },
      { path: 'content/b', size: 2, sha256: sha('b') },
      { path: 'content/c', size: 3, sha256: sha('c') },
    ];
    const archived = new Map([
      ['content/a', { size: 1, sha256: sha('a') }],
      ['content/b', { size: 2, sha256: sha('f') }],
      ['content/d', { size: 1, sha256: sha('d') }],
    ]);
    const problems = compareFiles(listed, archived);
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /content\/b sai mã kiểm tra SHA-256/);
    assert.match(problems.join('\n'), /Thiếu tệp content\/c/);
    assert.match(problems.join('\n'), /content\/d có trong tệp sao lưu nhưng manifest không liệt kê/);
    assert.deepEqual(compareFiles(listed.slice(0, 1), new Map([['content/a', { size: 1, sha256: sha('a') }]])), []);
    assert.deepEqual(compareRowCounts({ a: 1, b: 2 }, { a: 1, b: 2 }), []);
    assert.equal(compareRowCounts({ a: 1, b: 2 }, { a: 1, b: 3, c: 0 }).length, 2);
    const migrations = { count: 6, lastId: null, lastTag: '0005_x', lastHash: 'h', lastCreatedAt: 200 };
    assert.equal(migrationProblem(migrations, [100, 200]), undefined);
    assert.equal(migrationProblem({ ...migrations, lastCreatedAt: 150 }, [100, 200]), undefined);
    assert.match(migrationProblem(migrations, [100, 150]) ?? '', /mới hơn mã nguồn/);
  });

  test('a manifest must be complete and list database.db', () => {
    assert.equal(parseManifest('{').ok, false);
    assert.equal(parseManifest('{"format":"hoc-lieu-so-backup"}').ok, false);
  });
});

const node = process.execPath;
const BACKUP = join(process.cwd(), 'scripts/backup.ts');
const RESTORE = join(process.cwd(), 'scripts/restore.ts');
const LOAD_SECONDS = 30;
const BACKUP_AFTER_SECONDS = 12;
const WORKERS = 6;
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa`;
const VIDEO = 'quy-trinh-tiep-cong-dan';
const BUILD_ID = '20261206T120000Z-backup';
const MEDIA_PATH = 'media/handouts/sao-luu-kiem-tra.txt';
const MEDIA_TEXT = 'Tệp do một lần xuất bản ghi vào public/media/.\n';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      node,
      [script, ...args],
      { env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Every file under `dir` with its size and mtime, for "nothing was written". */
function treeState(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const stat = statSync(full);
      out.push(`${relative(dir, full)} ${entry.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`);
      if (entry.isDirectory()) visit(full);
    }
  };
  visit(dir);
  return out.sort();
}

let source: ProjectCopy;
let target: ProjectCopy | undefined;
let server: RunningServer;
let restored: RunningServer | undefined;
const scratch: string[] = [];
let sourceDb: string;
let cookies: string[] = [];
let h5pFile: { id: string; version: string; bytes: Buffer };

before(async () => {
  source = copyProject();
  // The fresh project to restore into, copied before the source gets any data: same code and
  // dist/ (so the restored publication is newer than its dist/, whatever is rebuilt meanwhile).
  target = copyProject(source.root);
  const h5pDir = join(source.root, 'data/h5p');
  process.env.H5P_DIR = h5pDir; // The seed installs the demo H5P activities here.
  sourceDb = `file:${join(source.root, 'data/hoc-lieu-so.db')}`;
  const db = openDatabase(sourceDb);
  await migrateDatabase(db);
  await seedDemo(db);
  const learners = await db.select({ id: users.id }).from(users).where(isNotNull(users.officialId)).limit(24);
  const [pkg] = await db.select().from(h5pPackages).limit(1);
  db.$client.close();
  const version = pkg.sha256.slice(0, 16);
  h5pFile = { id: pkg.id, version, bytes: readFileSync(join(h5pDir, pkg.id, version, 'h5p.json')) };

  // What a publication leaves: the build renamed into data/builds/, media in public/media/ (and in
  // the build), the pointer last. Here the build is a marked copy of dist/.
  const build = join(source.root, 'data/builds', BUILD_ID);
  cpSync(join(source.root, 'dist'), build, { recursive: true });
  const home = join(build, 'client/index.html');
  writeFileSync(home, readFileSync(home, 'utf8').replace('</body>', `<p id="build-marker">${BUILD_ID}</p></body>`));
  // A publication precompresses its pages once written (scripts/precompress.mjs); the copies of the
  // unmarked page would be served to browsers that accept them, so they go.
  for (const copy of [`${home}.br`, `${home}.gz`]) rmSync(copy, { force: true });
  for (const dir of [join(build, 'client'), join(source.root, 'public')]) {
    mkdirSync(join(dir, 'media/handouts'), { recursive: true });
    writeFileSync(join(dir, MEDIA_PATH), MEDIA_TEXT);
  }
  writeFileSync(
    join(source.root, 'data/builds/current.json'),
    `${JSON.stringify({ id: BUILD_ID, at: new Date().toISOString() })}\n`,
  );
  // The publication's change to the live content/ (a text file: nothing reads it at run time).
  writeFileSync(
    join(source.root, 'content/README.md'),
    `${readFileSync(join(source.root, 'content/README.md'), 'utf8')}\nĐã xuất bản ${BUILD_ID}.\n`,
  );
  // A draft's upload waiting for publication.
  mkdirSync(join(source.root, 'data/drafts/nhap-1/public/media/handouts'), { recursive: true });
  writeFileSync(join(source.root, 'data/drafts/nhap-1/public/media/handouts/ban-nhap.txt'), 'Bản nháp.\n');

  process.env.DATABASE_URL = sourceDb; // sessions.ts opens DATABASE_URL on first use.
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  cookies = await Promise.all(learners.map(async (learner) => `hls_session=${await createSession(learner.id)}`));
  server = await startServer({ DATABASE_URL: sourceDb, H5P_DIR: h5pDir }, { cwd: source.root });
});

after(async () => {
  await restored?.stop();
  await server?.stop();
  source?.cleanup();
  target?.cleanup();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

interface Sent {
  id: string;
  sentAt: number;
  ackedAt?: number;
}

describe('backup and restore while learners keep writing', () => {
  const sent: Sent[] = [];
  let failures = 0;
  let archive = '';
  let backupStartedAt = 0;
  let backupEndedAt = 0;

  test(`a backup taken in the middle of ${LOAD_SECONDS} s of progress events`, { timeout: 180_000 }, async () => {
    const home = await fetch(`${server.baseUrl}/`);
    assert.match(await home.text(), new RegExp(`build-marker">${BUILD_ID}<`), 'the source serves the published build');

    const started = Date.now();
    const deadline = started + LOAD_SECONDS * 1000;
    const worker = async (index: number) => {
      for (let turn = 0; Date.now() < deadline; turn += 1) {
        const occurredAt = new Date().toISOString();
        const events = Array.from({ length: 1 + (turn % 3) }, (_, n) =>
          n === 0
            ? {
                id: randomUUID(),
                kind: 'video_watched',
                courseId: COURSE,
                lessonId: LESSON,
                videoId: VIDEO,
                occurredAt,
                data: { intervals: [[0, 15]], position: 15, duration: 101 },
              }
            : {
                id: randomUUID(),
                kind: n === 1 ? 'lesson_opened' : 'lesson_completed',
                courseId: COURSE,
                lessonId: LESSON,
                occurredAt,
              },
        );
        const records: Sent[] = events.map((event) => ({ id: event.id, sentAt: Date.now() }));
        sent.push(...records);
        try {
          const response = await fetch(`${server.baseUrl}/api/v1/progress/events`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              origin: server.baseUrl,
              cookie: cookies[(index + turn * WORKERS) % cookies.length],
            },
            body: JSON.stringify({ events }),
          });
          await response.arrayBuffer();
          if (response.ok) {
            const at = Date.now();
            for (const record of records) record.ackedAt = at;
          } else failures += 1;
        } catch {
          failures += 1;
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));

    await new Promise((resolve) => setTimeout(resolve, BACKUP_AFTER_SECONDS * 1000));
    const out = tempDir('hls-backups-');
    backupStartedAt = Date.now();
    const backup = await run(BACKUP, ['--root', source.root, '--out', out, '--keep', '7d,4w'], {
      DATABASE_URL: sourceDb,
      H5P_DIR: join(source.root, 'data/h5p'),
    });
    backupEndedAt = Date.now();
    await load;

    assert.equal(backup.code, 0, backup.stderr);
    archive = /Đã sao lưu: (.+)$/m.exec(backup.stdout)?.[1] ?? '';
    assert.ok(existsSync(archive) && existsSync(`${archive}.sha256`), backup.stdout);
    assert.match(backup.stdout, /Dung lượng: .+\nThời gian: .+ giây/);
    assert.equal(dirname(archive), out);
    assert.equal(failures, 0, 'no learner request failed during the backup');
    const before = sent.filter((event) => event.ackedAt !== undefined && event.ackedAt < backupStartedAt).length;
    const during = sent.filter(
      (event) => event.ackedAt !== undefined && event.ackedAt >= backupStartedAt && event.ackedAt <= backupEndedAt,
    ).length;
    const after = sent.filter((event) => event.sentAt > backupEndedAt).length;
    assert.ok(
      before > 100 && during > 0 && after > 100,
      `events acknowledged before ${before}, during ${during}, sent after ${after}`,
    );
    console.log(
      `# ${sent.length} events sent, ${before} acknowledged before the backup, ${during} during it (${backupEndedAt - backupStartedAt} ms), ${after} sent after; ${backup.stdout.match(/Dung lượng: .+/)?.[0]}`,
    );
  });

  test(
    'the archive restored into a fresh project has every acknowledged event once, and serves the site',
    { timeout: 120_000 },
    async () => {
      assert.ok(archive && target, 'the backup was made');
      const targetDb = `file:${join(target.root, 'data/hoc-lieu-so.db')}`;
      const h5pDir = join(target.root, 'data/h5p');
      assert.notDeepEqual(
        treeState(join(target.root, 'content')),
        treeState(join(source.root, 'content')),
        'the fresh project has the content of before the publication',
      );
      const restore = await run(RESTORE, [archive, '--root', target.root], {
        DATABASE_URL: targetDb,
        H5P_DIR: h5pDir,
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
      });
      assert.equal(restore.code, 0, `${restore.stdout}\n${restore.stderr}`);
      assert.match(restore.stdout, /Đã khôi phục bản sao lưu lúc/);
      assert.deepEqual(
        readdirSync(target.root).filter((name) => name.startsWith('.restore-')),
        [],
        'no staging folder is left',
      );

      // As the next start does: migrations, then serve.
      const db = openDatabase(targetDb);
      await migrateDatabase(db);
      assert.deepEqual(
        (await db.$client.execute('PRAGMA integrity_check')).rows.map((row) => row[0]),
        ['ok'],
      );
      const counts = new Map<string, number>();
      for (const row of (
        await db.$client.execute('SELECT event_id, count(*) AS n FROM progress_events GROUP BY event_id')
      ).rows)
        counts.set(String(row.event_id), Number(row.n));
      db.$client.close();
      const acknowledgedBefore = sent.filter((event) => event.ackedAt !== undefined && event.ackedAt < backupStartedAt);
      const missing = acknowledgedBefore.filter((event) => counts.get(event.id) !== 1);
      assert.equal(
        missing.length,
        0,
        `${missing.length} of ${acknowledgedBefore.length} events acknowledged before the backup are not there exactly once`,
      );
      const late = sent.filter((event) => event.sentAt > backupEndedAt && counts.has(event.id));
      assert.equal(late.length, 0, 'no event sent after the backup ended is in it');
      const ours = new Set(sent.map((event) => event.id));
      assert.ok(
        [...counts.keys()].every((id) => ours.has(id)),
        'every event in the restored database was sent by the load generator',
      );

      for (const dir of ['content', 'public/media', 'data/h5p', 'data/drafts'])
        assert.deepEqual(
          treeState(join(target.root, dir)).map((line) => line.split(' ').slice(0, 2).join(' ')),
          treeState(join(source.root, dir)).map((line) => line.split(' ').slice(0, 2).join(' ')),
          dir,
        );
      assert.deepEqual(readdirSync(join(target.root, 'data/builds')).sort(), [BUILD_ID, 'current.json']);
      // npm start (scripts/start.mjs) rebuilds when content/ is newer than every build: it will.
      const entryAt = (dir: string) => statSync(join(target!.root, dir, 'server/entry.mjs')).mtimeMs;
      assert.ok(
        statSync(join(target.root, 'content')).mtimeMs > Math.max(entryAt('dist'), entryAt(`data/builds/${BUILD_ID}`)),
        'content/ is marked changed',
      );

      restored = await startServer({ DATABASE_URL: targetDb, H5P_DIR: h5pDir }, { cwd: target.root });
      const home = await fetch(`${restored.baseUrl}/`);
      assert.equal(home.status, 200);
      assert.match(
        await home.text(),
        new RegExp(`build-marker">${BUILD_ID}<`),
        'the restored instance serves the published build',
      );
      const course = await fetch(`${restored.baseUrl}/khoa-hoc/${COURSE}/`);
      assert.equal(course.status, 200);
      assert.match(await course.text(), /<h1/);
      const media = await fetch(`${restored.baseUrl}/${MEDIA_PATH}`);
      assert.equal(media.status, 200);
      assert.equal(await media.text(), MEDIA_TEXT);
      const h5p = await fetch(`${restored.baseUrl}/h5p/${h5pFile.id}/tep/${h5pFile.version}/h5p.json`);
      assert.equal(h5p.status, 200);
      assert.deepEqual(Buffer.from(await h5p.arrayBuffer()), h5pFile.bytes);
    },
  );

  for (const withChecksum of [false, true]) {
    test(`control: one corrupted byte ${withChecksum ? 'with' : 'without'} the .sha256 beside it is refused and nothing is written`, async () => {
      assert.ok(archive, 'the backup was made');
      const dir = tempDir('hls-corrupt-');
      const copy = join(dir, 'hoc-lieu-so-2026-01-01T00-00-00-000Z.tar.gz');
      const bytes = readFileSync(archive);
      bytes[Math.floor(bytes.length / 2)] ^= 0x5a;
      writeFileSync(copy, bytes);
      if (withChecksum) cpSync(`${archive}.sha256`, `${copy}.sha256`);
      // A fresh project folder with something in it that a restore would replace.
      const root = tempDir('hls-restore-target-');
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'hoc-lieu-so' }));
      mkdirSync(join(root, 'content'));
      writeFileSync(join(root, 'content/README.md'), 'cũ\n');
      const beforeState = treeState(root);
      const restore = await run(RESTORE, [copy, '--root', root], {
        DATABASE_URL: 'file:data/hoc-lieu-so.db',
        H5P_DIR: join(root, 'data/h5p'),
        PORT: String(await freePort()),
      });
      assert.equal(restore.code, 1, restore.stdout);
      assert.match(restore.stderr, /Không khôi phục \(chưa thay đổi gì\)/);
      assert.match(restore.stderr, withChecksum ? /SHA-256 của tệp sao lưu không khớp/ : /hỏng|SHA-256|không khớp/);
      assert.deepEqual(treeState(root), beforeState, 'nothing was written');
    });
  }

  test('control: a well-formed archive whose file or manifest was changed is refused and nothing is written', async () => {
    assert.ok(archive, 'the backup was made');
    const dir = tempDir('hls-tampered-');
    const cases = [
      {
        name: 'a content file',
        change: (path: string, bytes: Uint8Array) =>
          path === 'content/README.md' ? Buffer.concat([bytes, Buffer.from('thêm\n')]) : bytes,
        refusal: /Tệp content\/README\.md (dài|sai mã kiểm tra SHA-256)/,
      },
      {
        name: 'a row count in the manifest',
        change: (path: string, bytes: Uint8Array) => {
          if (path !== 'manifest.json') return bytes;
          const manifest = JSON.parse(Buffer.from(bytes).toString('utf8'));
          manifest.database.tables.progress_events += 1;
          return Buffer.from(JSON.stringify(manifest));
        },
        refusal: /Bảng progress_events có \d+ dòng, manifest ghi \d+/,
      },
    ];
    for (const [index, { name, change, refusal }] of cases.entries()) {
      const copy = join(dir, `hoc-lieu-so-2026-01-0${index + 1}T00-00-00-000Z.tar.gz`);
      const repacked: WriteEntry[] = [];
      for await (const entry of entries(createReadStream(archive) as unknown as AsyncIterable<Uint8Array>)) {
        const body = change(entry.path, await entry.bytes());
        repacked.push(new WriteEntry({ path: entry.path, mode: entry.mode, mtime: entry.mtime }, body));
      }
      await create({ file: copy, gzip: true, portable: true }, repacked);
      const root = tempDir('hls-restore-target-');
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'hoc-lieu-so' }));
      const beforeState = treeState(root);
      const restore = await run(RESTORE, [copy, '--root', root], {
        DATABASE_URL: 'file:data/hoc-lieu-so.db',
        H5P_DIR: join(root, 'data/h5p'),
        PORT: String(await freePort()),
      });
      assert.equal(restore.code, 1, `${name}: ${restore.stdout}`);
      assert.match(restore.stderr, refusal, name);
      assert.deepEqual(treeState(root), beforeState, `${name}: nothing was written`);
    }
  });

  test('control: a restore into the running instance is refused', async () => {
    const port = new URL(server.baseUrl).port;
    const beforeState = treeState(join(source.root, 'data/builds'));
    const restore = await run(RESTORE, [archive, '--root', source.root], {
      DATABASE_URL: sourceDb,
      H5P_DIR: join(source.root, 'data/h5p'),
      PORT: port,
    });
    assert.equal(restore.code, 1, restore.stdout);
    assert.match(restore.stderr, /Một máy chủ đang trả lời tại 127\.0\.0\.1:\d+/);
    assert.match(restore.stderr, /Tiến trình \d+ (chạy máy chủ|đang mở)/);
    assert.deepEqual(treeState(join(source.root, 'data/builds')), beforeState);
    assert.equal((await fetch(`${server.baseUrl}/api/v1/health`)).status, 200);
  });
});
