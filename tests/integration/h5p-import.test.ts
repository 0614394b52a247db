/**
 * The import service on a real libSQL file database and a real folder: a refused package of any
 * class of fault writes neither files nor row; an accepted one is installed; a re-import
 * replaces the package all at once, and a failure part way leaves the old one playing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { h5pPackages } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { importH5pPackage, type H5pImportOutcome } from '../../src/lib/server/h5p/import-package.ts';
import { versionOf } from '../../src/lib/server/h5p/storage.ts';
import { writeZip, type ZipEntrySpec } from '../../src/lib/server/h5p/zip-writer.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sharedH5p = resolve(repoRoot, process.env.SHARED_DIR ?? '../shared', 'h5p');
if (!existsSync(sharedH5p)) throw new Error(`Không thấy các gói H5P mẫu ở ${sharedH5p}: đặt thư mục shared/ cạnh repo, hoặc SHARED_DIR.`);
const validDir = join(sharedH5p, 'valid');
const invalidDir = join(sharedH5p, 'invalid');

let db: Database;
const folders: string[] = [];
before(async () => {
  // The seed installs the demo activities: keep them out of the repository's data/ folder.
  process.env.H5P_DIR = await mkdtemp(join(tmpdir(), 'h5p-seed-'));
  folders.push(process.env.H5P_DIR);
  db = openTestDatabase(await createTestDatabase());
});
after(async () => {
  db?.$client.close();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** A fresh, empty storage root for one test. */
async function storageRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'h5p-store-'));
  folders.push(root);
  return root;
}

/** Every file under `root`, as sorted relative paths ("" when the folder does not exist). */
async function filesUnder(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1)).sort();
}

async function rowOf(id: string) {
  return db.select().from(h5pPackages).where(eq(h5pPackages.id, id)).get();
}

function importInto(root: string, id: string, bytes: Buffer, limits = {}): Promise<H5pImportOutcome> {
  return importH5pPackage({ id, title: `Gói ${id}`, bytes, importedBy: null }, { db, root, limits });
}

/** A small valid package: one runnable library with a script and a style sheet. */
function smallPackage(changes: { question?: string; extra?: ZipEntrySpec[] } = {}): Buffer {
  const entries: ZipEntrySpec[] = [
    {
      name: 'h5p.json',
      data: JSON.stringify({
        title: 'Câu hỏi thử',
        language: 'vi',
        mainLibrary: 'H5P.Test',
        embedTypes: ['div'],
        preloadedDependencies: [{ machineName: 'H5P.Test', majorVersion: 1, minorVersion: 0 }],
      }),
    },
    { name: 'content/content.json', data: JSON.stringify({ question: changes.question ?? 'Hai cộng hai?' }) },
    {
      name: 'H5P.Test-1.0/library.json',
      data: JSON.stringify({ title: 'Test', machineName: 'H5P.Test', majorVersion: 1, minorVersion: 0, patchVersion: 0, runnable: 1, preloadedJs: [{ path: 'test.js' }] }),
    },
    { name: 'H5P.Test-1.0/test.js', data: 'H5P.Test = function () {};' },
  ];
  return writeZip([...entries, ...(changes.extra ?? [])]);
}

function refusedProblems(outcome: H5pImportOutcome): string {
  assert.equal(outcome.ok, false, 'the package should have been refused');
  return (outcome as { problems: string[] }).problems.join('\n');
}

describe('importH5pPackage refuses', () => {
  const faults: { name: string; bytes: () => Promise<Buffer>; message: RegExp; limits?: object }[] = [
    ...['corrupt_archive', 'broken-h5p-json', 'missing-preloaded-js', 'invalid-library-directory-name'].map((file) => ({
      name: `the shared package ${file}.h5p`,
      bytes: () => readFile(join(invalidDir, `${file}.h5p`)),
      message: /\S/,
    })),
    { name: 'a zip-slip path', bytes: async () => smallPackage({ extra: [{ name: '../../evil.js', data: 'alert(1)' }] }), message: /zip-slip/ },
    { name: 'an absolute path', bytes: async () => smallPackage({ extra: [{ name: '/tmp/evil.js', data: 'x' }] }), message: /đường dẫn tuyệt đối/ },
    { name: 'a symbolic link', bytes: async () => smallPackage({ extra: [{ name: 'content/link', data: '/etc/passwd', unixMode: 0o120777 }] }), message: /liên kết tượng trưng/ },
    {
      name: 'more entries than allowed',
      bytes: async () => smallPackage({ extra: Array.from({ length: 2_000 }, (_, i) => ({ name: `content/f${i}.txt`, data: 'x', method: 'store' as const })) }),
      message: /vượt giới hạn 2\.000 mục/,
    },
    {
      name: 'a file that inflates beyond the per-file limit (a zip bomb)',
      bytes: async () => smallPackage({ extra: [{ name: 'content/bomb.txt', data: Buffer.alloc(51 * 1024 * 1024) }] }),
      message: /content\/bomb\.txt.*vượt giới hạn 50 MB/,
    },
    {
      name: 'a file whose header understates what it inflates to',
      bytes: async () => smallPackage({ extra: [{ name: 'content/lie.txt', data: Buffer.alloc(2 * 1024 * 1024), declaredSize: 10 }] }),
      message: /không khớp với dữ liệu thật/,
    },
    {
      name: 'files that together inflate beyond the total limit',
      bytes: async () => smallPackage({ extra: [0, 1, 2].map((i) => ({ name: `content/big${i}.txt`, data: Buffer.alloc(400 * 1024) })) }),
      message: /vượt giới hạn tổng 1 MB/,
      limits: { maxTotalBytes: 1024 * 1024 },
    },
    { name: 'a disallowed file type (.php)', bytes: async () => smallPackage({ extra: [{ name: 'content/shell.php', data: '<?php' }] }), message: /"\.php" không được phép/ },
    { name: 'an HTML file', bytes: async () => smallPackage({ extra: [{ name: 'content/page.html', data: '<script>' }] }), message: /"\.html" không được phép/ },
  ];

  for (const fault of faults) {
    test(`${fault.name}, installing no files and no row`, async () => {
      const root = await storageRoot();
      const id = 'goi-bi-tu-choi';

      const outcome = await importInto(root, id, await fault.bytes(), fault.limits);

      assert.match(refusedProblems(outcome), fault.message);
      assert.deepEqual(await readdir(root), []);
      assert.equal(await rowOf(id), undefined);
    });
  }
});

describe('importH5pPackage installs', () => {
  test('every shared valid package, with its files under <id>/<version>/ and one row', async () => {
    const root = await storageRoot();
    for (const name of (await readdir(validDir)).filter((file) => file.endsWith('.h5p'))) {
      const id = `goi-${name.slice(4, -4).toLowerCase()}`;
      const bytes = await readFile(join(validDir, name));

      const outcome = await importInto(root, id, bytes);

      assert.ok(outcome.ok, `${name}: ${outcome.ok ? '' : outcome.problems.join('; ')}`);
      const row = await rowOf(id);
      assert.equal(row?.mainLibrary.split(' ')[0], name.slice(0, -4));
      assert.equal(row?.fileCount, (await filesUnder(join(root, id, versionOf(row!.sha256)))).length);
      assert.deepEqual(await readdir(join(root, id)), [versionOf(row!.sha256)]);
    }
  });

  test('the same bytes twice into the one version folder, the second time replacing only the row', async () => {
    const root = await storageRoot();
    const bytes = smallPackage();

    const first = await importInto(root, 'goi-lap-lai', bytes);
    const second = await importInto(root, 'goi-lap-lai', bytes);

    assert.ok(first.ok && second.ok);
    assert.equal(first.replaced, false);
    assert.equal(second.replaced, true);
    assert.deepEqual(await readdir(join(root, 'goi-lap-lai')), [versionOf(second.row.sha256)]);
  });
});

describe('re-importing an id', () => {
  test('replaces the package: the new content is installed, the row names it and the old version is gone', async () => {
    const root = await storageRoot();
    const old = await importInto(root, 'goi-thay-the', smallPackage({ question: 'Câu cũ' }));
    assert.ok(old.ok);

    const fresh = await importInto(root, 'goi-thay-the', smallPackage({ question: 'Câu mới' }));

    assert.ok(fresh.ok);
    assert.equal(fresh.replaced, true);
    const version = versionOf(fresh.row.sha256);
    assert.equal((await rowOf('goi-thay-the'))?.sha256, fresh.row.sha256);
    assert.deepEqual(await readdir(join(root, 'goi-thay-the')), [version]);
    assert.match(await readFile(join(root, 'goi-thay-the', version, 'content', 'content.json'), 'utf8'), /Câu mới/);
  });

  test('with a refused package leaves the old package and row untouched', async () => {
    const root = await storageRoot();
    const old = await importInto(root, 'goi-giu-nguyen', smallPackage());
    assert.ok(old.ok);
    const filesBefore = await filesUnder(root);

    const outcome = await importInto(root, 'goi-giu-nguyen', smallPackage({ extra: [{ name: '../evil.js', data: 'x' }] }));

    assert.equal(outcome.ok, false);
    assert.deepEqual(await filesUnder(root), filesBefore);
    assert.equal((await rowOf('goi-giu-nguyen'))?.sha256, old.row.sha256);
  });

  test('when the database write fails after extraction, keeps the old package playing and removes the new files', async () => {
    const root = await storageRoot();
    const old = await importInto(root, 'goi-loi-csdl', smallPackage({ question: 'Câu cũ' }));
    assert.ok(old.ok);
    const filesBefore = await filesUnder(root);
    const broken = openTestDatabase(`file:${join(await storageRoot(), 'da-dong.db')}`);
    broken.$client.close();

    await assert.rejects(
      importH5pPackage({ id: 'goi-loi-csdl', title: 'Mới', bytes: smallPackage({ question: 'Câu mới' }), importedBy: null }, { db: broken, root }),
    );

    assert.deepEqual(await filesUnder(root), filesBefore);
    assert.equal((await rowOf('goi-loi-csdl'))?.sha256, old.row.sha256);
  });

  test('five times at once ends with one row and exactly the version it names', async () => {
    const root = await storageRoot();

    const outcomes = await Promise.all(['Một', 'Hai', 'Ba', 'Bốn', 'Năm'].map((question) => importInto(root, 'goi-dong-thoi', smallPackage({ question }))));

    assert.ok(outcomes.every((outcome) => outcome.ok));
    const row = await rowOf('goi-dong-thoi');
    assert.deepEqual(await readdir(join(root, 'goi-dong-thoi')), [versionOf(row!.sha256)]);
  });
});

describe('importH5pPackage', () => {
  test('refuses, as a programming error, an id that could name another folder', async () => {
    const root = await storageRoot();

    assert.throws(() => importH5pPackage({ id: '../ngoai', title: 'x', bytes: smallPackage(), importedBy: null }, { db, root }), /invalid package id/);
    assert.throws(() => importH5pPackage({ id: 'trinh-phat', title: 'x', bytes: smallPackage(), importedBy: null }, { db, root }), /invalid package id/);
    assert.deepEqual(await readdir(root), []);
  });
});
