/**
 * Upgrading keeps data. A database of the previous release (migrations 0000–0004, recorded as
 * drizzle's migrator records them, with rows in every table: tests/fixtures/previous-release.ts)
 * is upgraded the way `npm start` does it (node db/seed.ts: the migrations through db/migrate.ts,
 * then the seed), and the current build is served on it. Then: every row is still there with
 * every value; migration 0005 gave each old H5P package its live version 1 and the owner and scope
 * of its importer; a second start changes nothing; and the application works on the old data
 * (old passwords, an old session, an old API token, progress, certificates, officials, H5P).
 * Controls: a deliberately lossy migration applied to a copy is caught by the same comparison,
 * and a migration that fails leaves the previous release's database exactly as it was.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { groupCode } from '../../src/lib/certificates/code.ts';
import {
  MIGRATIONS_FOLDER,
  PREVIOUS_RELEASE_MIGRATIONS,
  FILLED_BY_MIGRATIONS,
  compareSnapshots,
  createPreviousReleaseDatabase,
  migrateWith,
  rowCounts,
  snapshotDatabase,
  snapshotOfRows,
  tablesOf,
  writePreviousReleaseMigrations,
  type DatabaseSnapshot,
  type PreviousReleaseDatabase,
} from '../fixtures/previous-release.ts';
import { getAs } from '../support/http.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
  breakpoints: boolean;
}
const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
  entries: JournalEntry[];
};
const fileHash = (tag: string) =>
  createHash('sha256')
    .update(readFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`)))
    .digest('hex');

type OldTables = Awaited<ReturnType<typeof tablesOf>>;
const folders: string[] = [];
let old: PreviousReleaseDatabase;
let oldTables: OldTables;
/** The rows the fixture wrote; the previous release's database as it was (every column). */
let inserted: DatabaseSnapshot;
let beforeUpgrade: DatabaseSnapshot;
/** Recorded migrations before and after. */
let recordedBefore: { hash: string; createdAt: number }[];
let recordedAfter: { hash: string; createdAt: number }[];
/** The old tables, read in the old shape, after the upgrade. */
let afterUpgrade: DatabaseSnapshot;
/** The whole upgraded database after the first start and after a second one. */
let afterFirstStart: DatabaseSnapshot;
let afterSecondStart: DatabaseSnapshot;
let recordedAfterSecondStart: { hash: string; createdAt: number }[];
let firstStart: SpawnSyncReturns<string>;
let secondStart: SpawnSyncReturns<string>;
let server: RunningServer;

function newFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** What `npm start` runs before serving (scripts/start.mjs): node db/seed.ts, which migrates through db/migrate.ts, then seeds. */
function startDatabaseStep(database: PreviousReleaseDatabase): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['db/seed.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.url, H5P_DIR: database.h5pDir },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

async function query<T = Record<string, unknown>>(
  url: string,
  sql: string,
  args: (string | number | null)[] = [],
): Promise<T[]> {
  const client = createClient({ url });
  try {
    return (await client.execute({ sql, args })).rows as unknown as T[];
  } finally {
    client.close();
  }
}

async function recordedMigrations(url: string): Promise<{ hash: string; createdAt: number }[]> {
  const rows = await query<{ hash: string; created_at: number }>(
    url,
    'SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at',
  );
  return rows.map((row) => ({ hash: String(row.hash), createdAt: Number(row.created_at) }));
}

before(async () => {
  old = await createPreviousReleaseDatabase({ dir: newFolder('hls-upgrade-') });
  const client = createClient({ url: old.url });
  try {
    oldTables = await tablesOf(client);
  } finally {
    client.close();
  }
  inserted = snapshotOfRows(old.inserted, oldTables);
  beforeUpgrade = await snapshotDatabase(old.url);
  recordedBefore = await recordedMigrations(old.url);

  firstStart = startDatabaseStep(old);
  recordedAfter = await recordedMigrations(old.url);
  afterUpgrade = await snapshotDatabase(old.url, oldTables);
  afterFirstStart = await snapshotDatabase(old.url);
  secondStart = startDatabaseStep(old);
  afterSecondStart = await snapshotDatabase(old.url);
  recordedAfterSecondStart = await recordedMigrations(old.url);

  server = await startServer({ DATABASE_URL: old.url, H5P_DIR: old.h5pDir });
});

after(async () => {
  await server?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('the previous release database', () => {
  test('has migrations 0000–0004 recorded as drizzle records them, and those files are unchanged since', () => {
    for (const migration of PREVIOUS_RELEASE_MIGRATIONS) {
      assert.equal(
        fileHash(migration.tag),
        migration.hash,
        `${migration.tag}.sql was edited after release: never edit an applied migration, add a new one`,
      );
      assert.equal(
        journal.entries.find((entry) => entry.tag === migration.tag)?.when,
        migration.when,
        `${migration.tag}: its journal time changed`,
      );
    }
    assert.deepEqual(
      recordedBefore,
      PREVIOUS_RELEASE_MIGRATIONS.map((migration) => ({ hash: migration.hash, createdAt: migration.when })),
    );
  });

  test('is behind every newer migration: drizzle applies only those whose journal time is later than the last recorded one', () => {
    const last = Math.max(...recordedBefore.map((row) => row.createdAt));
    const released = new Set<string>(PREVIOUS_RELEASE_MIGRATIONS.map((migration) => migration.tag));
    const newer = journal.entries.filter((entry) => !released.has(entry.tag));

    assert.ok(newer.some((entry) => entry.tag === '0005_h5p_versions'));
    for (const entry of newer)
      assert.ok(
        entry.when > last,
        `${entry.tag} has a journal time before the previous release's last migration: drizzle would never apply it`,
      );
  });

  test('holds rows in every table of the old schema, exactly the rows the fixture wrote', () => {
    const counts = rowCounts(beforeUpgrade);
    const empty = oldTables.map((table) => table.name).filter((name) => !counts[name]);
    const notWritten = oldTables.map((table) => table.name).filter((name) => !(name in old.inserted));

    assert.deepEqual(empty, []);
    assert.deepEqual(notWritten, [...FILLED_BY_MIGRATIONS]);
    assert.deepEqual(
      compareSnapshots(inserted, new Map([...beforeUpgrade].filter(([name]) => name in old.inserted))),
      [],
    );
    assert.equal(
      oldTables.find((table) => table.name === 'h5p_packages')?.columns.includes('owner_id'),
      false,
      'the old h5p_packages shape',
    );
  });
});

describe('upgrading as npm start does', () => {
  test('succeeds, applying migration 0005 and nothing before it', () => {
    assert.equal(firstStart.status, 0, firstStart.stderr);
    assert.match(
      firstStart.stdout,
      /Dữ liệu mẫu đã có sẵn\./,
      'the seed saw the old units and added no demo organisation',
    );
    assert.deepEqual(
      recordedAfter,
      journal.entries.map((entry) => ({ hash: fileHash(entry.tag), createdAt: entry.when })),
    );
  });

  test('keeps every row the previous release wrote, in every table, with the values it wrote', () => {
    assert.deepEqual(compareSnapshots(inserted, afterUpgrade), []);
  });

  test('keeps every column of every old row as it was, defaults and the indicators version included, and adds no row to an old table', () => {
    assert.deepEqual(compareSnapshots(beforeUpgrade, afterUpgrade), []);
    assert.deepEqual(rowCounts(afterUpgrade), rowCounts(beforeUpgrade));
  });

  test('backfills 0005: each old package has one version, number 1, live, with its own facts, and the owner and scope of its importer', async () => {
    const packages = await query<Record<string, string | number | null>>(
      old.url,
      'SELECT * FROM h5p_packages ORDER BY id',
    );
    const versions = await query<Record<string, string | number | null>>(
      old.url,
      'SELECT * FROM h5p_package_versions ORDER BY package_id, version_number',
    );

    assert.deepEqual(
      packages.map((row) => row.id),
      old.packages.map((item) => item.id).sort(),
    );
    assert.equal(versions.length, old.packages.length);
    for (const item of old.packages) {
      const row = packages.find((candidate) => candidate.id === item.id)!;
      const version = versions.find((candidate) => candidate.package_id === item.id);
      assert.deepEqual(
        { ownerId: row.owner_id, scope: row.scope, scopeUnitId: row.scope_unit_id },
        item.expected,
        `${item.id}: owner and scope`,
      );
      assert.ok(version, `${item.id}: no version`);
      assert.deepEqual(
        {
          versionNumber: version.version_number,
          status: version.status,
          folder: version.folder,
          sha256: version.sha256,
          title: version.title,
          mainLibrary: version.main_library,
          fileCount: version.file_count,
          inflatedBytes: version.inflated_bytes,
          importedBy: version.imported_by,
          importedAt: version.imported_at,
          scope: version.scope,
          scopeUnitId: version.scope_unit_id,
          reviewedBy: version.reviewed_by,
          supersededAt: version.superseded_at,
          filesRemovedAt: version.files_removed_at,
        },
        {
          versionNumber: 1,
          status: 'live',
          folder: String(row.sha256).slice(0, 16),
          sha256: row.sha256,
          title: row.title,
          mainLibrary: row.main_library,
          fileCount: row.file_count,
          inflatedBytes: row.inflated_bytes,
          importedBy: row.imported_by,
          importedAt: row.imported_at,
          scope: item.expected.scope,
          scopeUnitId: item.expected.scopeUnitId,
          reviewedBy: null,
          supersededAt: null,
          filesRemovedAt: null,
        },
        `${item.id}: version 1`,
      );
      if (item.source)
        assert.ok(
          existsSync(join(old.h5pDir, item.id, String(version.folder), 'h5p.json')),
          `${item.id}: the live version names the folder its files are in`,
        );
    }
  });

  test('a second start applies nothing and changes nothing', () => {
    assert.equal(secondStart.status, 0, secondStart.stderr);
    assert.deepEqual(recordedAfterSecondStart, recordedAfter);
    assert.deepEqual(compareSnapshots(afterFirstStart, afterSecondStart), []);
  });
});

/** A page's words: no markup, styles or scripts, one space between. */
function textOf(html: string): string {
  return html
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('the current application on the upgraded database', () => {
  const get = (path: string, cookie?: string) => getAs(server.baseUrl, cookie, path);

  async function signIn(username: string, password: string): Promise<string> {
    const response = await fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
      body: new URLSearchParams({ username, password }),
    });
    assert.equal(response.status, 302, `${username} could not sign in with the old password`);
    const cookie = /^(hls_session=[^;]+)/.exec(response.headers.get('set-cookie') ?? '');
    assert.ok(cookie, `${username}: no session cookie`);
    return cookie[1];
  }

  test('the learner signs in with the old password and sees their progress, the course in progress and their certificate', async () => {
    const cookie = await signIn(old.accounts.learner.username, old.accounts.learner.password);
    const page = await get('/viec-hoc-cua-toi/', cookie);
    const text = textOf(page.body);
    const { requiredLessons, completedLessons } = old.inProgress;

    assert.equal(page.status, 200);
    assert.ok(text.includes(`Xin chào ${old.accounts.learner.fullName}.`));
    assert.ok(text.includes(`${old.certificate.courseTitle} Đã hoàn thành Đã xong 100%:`), 'the completed course');
    assert.ok(text.includes(`Đang học Đã xong`), 'the course in progress');
    assert.ok(
      text.includes(`: ${completedLessons}/${requiredLessons} bài bắt buộc`),
      `${completedLessons}/${requiredLessons} lessons done`,
    );
    assert.match(
      text,
      /Giấy chứng nhận của tôi .*Còn hiệu lực Hoàn thành ngày \d\d\/\d\d\/\d{4}, điểm bài kiểm tra cuối khóa 100\/100\./,
    );
    assert.ok(
      page.body.includes(`/xac-minh/${groupCode(old.certificate.code)}/`),
      'the link to verify the certificate',
    );
  });

  test('a session the previous release started is still signed in', async () => {
    const answer = await get('/api/v1/me', `hls_session=${old.learnerSessionToken}`);

    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.body).userId, old.ids['user:lan']);
  });

  test('the old certificate verifies at its public URL and downloads as a PDF; the revoked one says so', async () => {
    const valid = await get(`/xac-minh/${groupCode(old.certificate.code)}/`);
    const revoked = await get(`/xac-minh/${groupCode(old.certificate.revokedCode)}/`);
    const pdf = await fetch(`${server.baseUrl}/chung-chi/${groupCode(old.certificate.code)}.pdf`, {
      headers: { Cookie: `hls_session=${old.learnerSessionToken}` },
    });

    assert.equal(valid.status, 200);
    assert.ok(valid.body.includes(old.accounts.learner.fullName));
    assert.ok(valid.body.includes(old.certificate.courseTitle));
    assert.ok(valid.body.includes('Còn hiệu lực'));
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.includes('Đã thu hồi'));
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5)), '%PDF-');
  });

  test('administrators sign in with their old passwords and see their officials', async () => {
    const commune = await signIn(old.accounts.communeAdmin.username, old.accounts.communeAdmin.password);
    const province = await signIn(old.accounts.provinceAdmin.username, old.accounts.provinceAdmin.password);
    const communePage = await get(`/quan-tri/don-vi/${old.ids.commune}/`, commune);
    const wardPage = await get(`/quan-tri/don-vi/${old.ids.ward}/`, province);
    const overview = await get('/quan-tri/', province);

    assert.equal(communePage.status, 200);
    for (const name of ['Nguyễn Thị Lan', 'Trần Văn Hùng']) assert.ok(communePage.body.includes(name), name);
    assert.ok(!communePage.body.includes('Lê Minh Tuấn'), 'an official who left is not listed');
    assert.equal(wardPage.status, 200);
    for (const name of ['Phạm Thu Hà', 'Hoàng Văn Nam']) assert.ok(wardPage.body.includes(name), name);
    assert.equal(overview.status, 200);
    assert.match(textOf(overview.body), /Tổng cộng 4 cán bộ, công chức đang công tác; 2 người chưa đáp ứng/);
  });

  test('the API token the previous release issued still reads the records; the revoked one does not', async () => {
    const records = await fetch(`${server.baseUrl}/api/v1/records`, {
      headers: { Authorization: `Bearer ${old.apiToken}` },
    });
    const body = (await records.json()) as {
      data: { staffCode: string; courseId?: string; course?: { id: string } }[];
    };
    const revoked = await fetch(`${server.baseUrl}/api/v1/records`, {
      headers: { Authorization: `Bearer ${old.revokedApiToken}` },
    });

    assert.equal(records.status, 200);
    assert.ok(
      body.data.some((record) => record.staffCode === old.accounts.learner.staffCode),
      'the learner’s record',
    );
    assert.equal(revoked.status, 401);
  });

  test('each old H5P package with its files still plays at its player URL, from the folder of its live version', async () => {
    for (const item of old.packages.filter((candidate) => candidate.source)) {
      const version = String(old.inserted.h5p_packages.find((row) => row.id === item.id)!.sha256).slice(0, 16);
      const player = await get(`/h5p/${item.id}/`);
      const manifest = await fetch(`${server.baseUrl}/h5p/${item.id}/tep/${version}/h5p.json`);

      assert.equal(player.status, 200, item.id);
      assert.ok(player.body.includes(`data-files="/h5p/${item.id}/tep/${version}"`), item.id);
      assert.equal(manifest.status, 200, item.id);
      assert.ok(((await manifest.json()) as { mainLibrary: string }).mainLibrary, item.id);
    }
  });

  test('an old package whose files are gone is still listed, with its owner; its player says it is not installed', async () => {
    const admin = await signIn(old.accounts.communeAdmin.username, old.accounts.communeAdmin.password);
    const list = await get('/quan-tri/h5p/', admin);
    const page = await get('/quan-tri/h5p/on-tap-dia-chinh/', admin);
    const player = await get('/h5p/on-tap-dia-chinh/');

    assert.equal(list.status, 200);
    for (const item of old.packages) assert.ok(list.body.includes(`/quan-tri/h5p/${item.id}/`), `${item.id} listed`);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes('Quản trị xã Tân Lập · Đơn vị Xã Tân Lập'), 'owner and unit scope from 0005');
    assert.equal(player.status, 404);
    assert.ok(player.body.includes('chưa được cài đặt'));
  });

  test('while the application ran, no old row was lost and none changed but for what use updates', async () => {
    const now = await snapshotDatabase(old.url, oldTables);
    const problems = compareSnapshots(beforeUpgrade, now, {
      allowAdded: true,
      mayChange: { sessions: ['last_verified_at'], api_tokens: ['last_used_at'] },
    });

    assert.deepEqual(problems, []);
  });
});

describe('the upgrade checks can fail', () => {
  /** A migrations folder: the previous release's, plus `extra` migrations (tag → SQL) after it. */
  function migrationsWith(extra: { tag: string; sql: string }[], base: 'previous' | 'current'): string {
    const folder = newFolder('hls-migrations-');
    writePreviousReleaseMigrations(folder);
    const journalPath = join(folder, 'meta', '_journal.json');
    const written = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] };
    const later =
      base === 'current'
        ? journal.entries.filter((entry) => !written.entries.some((have) => have.tag === entry.tag))
        : [];
    for (const entry of later)
      writeFileSync(join(folder, `${entry.tag}.sql`), readFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`)));
    written.entries.push(...later);
    for (const { tag, sql } of extra) {
      const last = written.entries.at(-1)!;
      written.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag });
      writeFileSync(join(folder, `${tag}.sql`), sql);
    }
    writeFileSync(journalPath, JSON.stringify(written, null, 2));
    return folder;
  }

  test('a lossy migration applied to a copy of the old database is caught by the same comparison', async () => {
    const copy = await createPreviousReleaseDatabase({ dir: newFolder('hls-upgrade-lossy-') });
    // The classic mistakes of a table rebuild and a "tidy-up": a filter left in the copy, a
    // column truncated, rows dropped.
    const lossy = migrationsWith(
      [
        {
          tag: '0005_lossy',
          sql: [
            'CREATE TABLE `__new_h5p_packages` (`id` text PRIMARY KEY NOT NULL, `title` text NOT NULL, `main_library` text NOT NULL, `sha256` text NOT NULL, `file_count` integer NOT NULL, `inflated_bytes` integer NOT NULL, `imported_by` text, `imported_at` integer NOT NULL, `owner_id` text)',
            'INSERT INTO `__new_h5p_packages` SELECT `id`, `title`, `main_library`, `sha256`, `file_count`, `inflated_bytes`, `imported_by`, `imported_at`, `imported_by` FROM `h5p_packages` WHERE `imported_by` IS NOT NULL',
            'DROP TABLE `h5p_packages`',
            'ALTER TABLE `__new_h5p_packages` RENAME TO `h5p_packages`',
            'UPDATE `users` SET `display_name` = substr(`display_name`, 1, 8)',
            'DELETE FROM `lesson_progress` WHERE `completed_at` IS NULL',
          ].join(';\n--> statement-breakpoint\n'),
        },
      ],
      'previous',
    );
    const client = createClient({ url: copy.url });
    try {
      await migrateWith(client, lossy);
    } finally {
      client.close();
    }
    const problems = compareSnapshots(
      snapshotOfRows(copy.inserted, oldTables),
      await snapshotDatabase(copy.url, oldTables),
    );

    assert.ok(
      problems.some((problem) => /^h5p_packages: mất 2\/8 dòng/.test(problem)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((problem) => /^users .*: display_name là "Nguyễn Thị Lan", nay là "Nguyễn T"$/.test(problem)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((problem) => /^lesson_progress: mất 1\/\d+ dòng/.test(problem)),
      problems.join('\n'),
    );
    assert.equal(
      problems.filter((problem) => !/^(h5p_packages|users|lesson_progress)\b/.test(problem)).length,
      0,
      problems.join('\n'),
    );
  });

  test('a migration that fails rolls back every pending migration with it: the database stays the previous release’s, as it was', async () => {
    const copy = await createPreviousReleaseDatabase({ dir: newFolder('hls-upgrade-failed-') });
    const beforeFailure = await snapshotDatabase(copy.url);
    const failing = migrationsWith(
      [
        {
          tag: '0099_fails',
          sql: 'DELETE FROM `lesson_progress`;\n--> statement-breakpoint\nINSERT INTO `no_such_table` (`id`) VALUES (1);',
        },
      ],
      'current',
    );
    const client = createClient({ url: copy.url });
    try {
      await assert.rejects(migrateWith(client, failing), /no_such_table/);
    } finally {
      client.close();
    }

    assert.deepEqual(compareSnapshots(beforeFailure, await snapshotDatabase(copy.url)), []);
    assert.deepEqual(
      await recordedMigrations(copy.url),
      PREVIOUS_RELEASE_MIGRATIONS.map((migration) => ({ hash: migration.hash, createdAt: migration.when })),
    );
    assert.deepEqual(
      await query(copy.url, "SELECT name FROM sqlite_master WHERE name = 'h5p_package_versions'"),
      [],
      '0005 was rolled back with the failing migration',
    );
    assert.deepEqual(
      (await query<{ name: string }>(copy.url, 'PRAGMA table_info(h5p_packages)')).map((column) => column.name),
      oldTables.find((table) => table.name === 'h5p_packages')!.columns,
    );
  });
});
