/**
 * The import service on a real libSQL file database and a real folder: a refused package of any
 * class of fault writes neither files nor row; an accepted one is installed; a re-import
 * replaces the package all at once, and a failure part way leaves the old one playing. Then the
 * review: who may replace a package directly, what waits for a reviewer, approving, rejecting,
 * deleting, and the housekeeping that removes old versions only after their grace period.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import {
  auditLog,
  h5pPackages,
  h5pPackageVersions,
  leaseLocks,
  roleGrants,
  units,
  users,
} from '../../db/schema/index.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { removeExpiredVersions, RETIRED_GRACE_MS } from '../../src/lib/server/h5p/housekeeping.ts';
import { approveVersion, deletePackage, rejectVersion } from '../../src/lib/server/h5p/review.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { importH5pPackage, type H5pImportOutcome } from '../../src/lib/server/h5p/import-package.ts';
import { versionOf } from '../../src/lib/server/h5p/storage.ts';
import { writeZip, type ZipEntrySpec } from '../../src/lib/server/h5p/zip-writer.ts';
import { invalidH5p, validH5p, VALID_H5P_FILES } from '../support/h5p-fixtures.ts';

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
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

async function rowOf(id: string) {
  return db.select().from(h5pPackages).where(eq(h5pPackages.id, id)).get();
}

async function versionRows(id: string) {
  return db
    .select()
    .from(h5pPackageVersions)
    .where(eq(h5pPackageVersions.packageId, id))
    .orderBy(h5pPackageVersions.versionNumber);
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
      data: JSON.stringify({
        title: 'Test',
        machineName: 'H5P.Test',
        majorVersion: 1,
        minorVersion: 0,
        patchVersion: 0,
        runnable: 1,
        preloadedJs: [{ path: 'test.js' }],
      }),
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
      name: `the real package ${file}.h5p`,
      bytes: () => readFile(invalidH5p(`${file}.h5p`)),
      message: /\S/,
    })),
    {
      name: 'a zip-slip path',
      bytes: async () => smallPackage({ extra: [{ name: '../../evil.js', data: 'alert(1)' }] }),
      message: /zip-slip/,
    },
    {
      name: 'an absolute path',
      bytes: async () => smallPackage({ extra: [{ name: '/tmp/evil.js', data: 'x' }] }),
      message: /đường dẫn tuyệt đối/,
    },
    {
      name: 'a symbolic link',
      bytes: async () => smallPackage({ extra: [{ name: 'content/link', data: '/etc/passwd', unixMode: 0o120777 }] }),
      message: /liên kết tượng trưng/,
    },
    {
      name: 'more entries than allowed',
      bytes: async () =>
        smallPackage({
          extra: Array.from({ length: 2_000 }, (_, i) => ({
            name: `content/f${i}.txt`,
            data: 'x',
            method: 'store' as const,
          })),
        }),
      message: /vượt giới hạn 2\.000 mục/,
    },
    {
      name: 'a file that inflates beyond the per-file limit (a zip bomb)',
      bytes: async () => smallPackage({ extra: [{ name: 'content/bomb.txt', data: Buffer.alloc(51 * 1024 * 1024) }] }),
      message: /content\/bomb\.txt.*vượt giới hạn 50 MB/,
    },
    {
      name: 'a file whose header understates what it inflates to',
      bytes: async () =>
        smallPackage({ extra: [{ name: 'content/lie.txt', data: Buffer.alloc(2 * 1024 * 1024), declaredSize: 10 }] }),
      message: /không khớp với dữ liệu thật/,
    },
    {
      name: 'files that together inflate beyond the total limit',
      bytes: async () =>
        smallPackage({
          extra: [0, 1, 2].map((i) => ({ name: `content/big${i}.txt`, data: Buffer.alloc(400 * 1024) })),
        }),
      message: /vượt giới hạn tổng 1 MB/,
      limits: { maxTotalBytes: 1024 * 1024 },
    },
    {
      name: 'a disallowed file type (.php)',
      bytes: async () => smallPackage({ extra: [{ name: 'content/shell.php', data: '<?php' }] }),
      message: /"\.php" không được phép/,
    },
    {
      name: 'an HTML file',
      bytes: async () => smallPackage({ extra: [{ name: 'content/page.html', data: '<script>' }] }),
      message: /"\.html" không được phép/,
    },
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
  test('every real valid package, with its files under <id>/<version>/ and one row', async () => {
    const root = await storageRoot();
    for (const name of VALID_H5P_FILES) {
      const id = `goi-${name.slice(4, -4).toLowerCase()}`;
      const bytes = await readFile(validH5p(name));

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
  test('replaces the package: the new content is installed, the row names it, the old version is retired and keeps its files', async () => {
    const root = await storageRoot();
    const old = await importInto(root, 'goi-thay-the', smallPackage({ question: 'Câu cũ' }));
    assert.ok(old.ok && old.status === 'live');

    const fresh = await importInto(root, 'goi-thay-the', smallPackage({ question: 'Câu mới' }));

    assert.ok(fresh.ok && fresh.status === 'live');
    assert.equal(fresh.replaced, true);
    const version = versionOf(fresh.row.sha256);
    assert.equal((await rowOf('goi-thay-the'))?.sha256, fresh.row.sha256);
    assert.deepEqual((await readdir(join(root, 'goi-thay-the'))).sort(), [version, versionOf(old.row.sha256)].sort());
    assert.match(await readFile(join(root, 'goi-thay-the', version, 'content', 'content.json'), 'utf8'), /Câu mới/);
    assert.match(
      await readFile(join(root, 'goi-thay-the', versionOf(old.row.sha256), 'content', 'content.json'), 'utf8'),
      /Câu cũ/,
    );
    assert.deepEqual(
      (await versionRows('goi-thay-the')).map((row) => [
        row.versionNumber,
        row.status,
        row.supersededAt instanceof Date,
      ]),
      [
        [1, 'retired', true],
        [2, 'live', false],
      ],
    );
  });

  test('with a refused package leaves the old package and row untouched', async () => {
    const root = await storageRoot();
    const old = await importInto(root, 'goi-giu-nguyen', smallPackage());
    assert.ok(old.ok && old.status === 'live');
    const filesBefore = await filesUnder(root);

    const outcome = await importInto(
      root,
      'goi-giu-nguyen',
      smallPackage({ extra: [{ name: '../evil.js', data: 'x' }] }),
    );

    assert.equal(outcome.ok, false);
    assert.deepEqual(await filesUnder(root), filesBefore);
    assert.equal((await rowOf('goi-giu-nguyen'))?.sha256, old.row.sha256);
  });

  test('when the database write fails after extraction, keeps the old package playing and removes the new files', async () => {
    const root = await storageRoot();
    const old = await importInto(root, 'goi-loi-csdl', smallPackage({ question: 'Câu cũ' }));
    assert.ok(old.ok && old.status === 'live');
    const filesBefore = await filesUnder(root);
    // The lease and the extraction go through; recording the new version is what fails.
    await db.$client.execute(
      "CREATE TRIGGER fail_version_insert BEFORE INSERT ON h5p_package_versions BEGIN SELECT RAISE(ABORT, 'ghi thất bại'); END",
    );
    try {
      await assert.rejects(
        importH5pPackage(
          { id: 'goi-loi-csdl', title: 'Mới', bytes: smallPackage({ question: 'Câu mới' }), importedBy: null },
          { db, root },
        ),
        /insert into "h5p_package_versions"/,
      );
    } finally {
      await db.$client.execute('DROP TRIGGER fail_version_insert');
    }

    assert.deepEqual(await filesUnder(root), filesBefore);
    assert.equal((await rowOf('goi-loi-csdl'))?.sha256, old.row.sha256);
  });

  test('five times at once ends with one row, five numbered versions and exactly one live, the one the row names', async () => {
    const root = await storageRoot();

    const outcomes = await Promise.all(
      ['Một', 'Hai', 'Ba', 'Bốn', 'Năm'].map((question) =>
        importInto(root, 'goi-dong-thoi', smallPackage({ question })),
      ),
    );

    assert.ok(outcomes.every((outcome) => outcome.ok));
    const row = await rowOf('goi-dong-thoi');
    const versions = await versionRows('goi-dong-thoi');
    assert.deepEqual(
      versions.map((version) => version.versionNumber),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      versions.filter((version) => version.status === 'live').map((version) => version.sha256),
      [row!.sha256],
    );
    assert.equal((await readdir(join(root, 'goi-dong-thoi'))).length, 5);
  });
});

describe('importH5pPackage', () => {
  test('refuses, as a programming error, an id that could name another folder', async () => {
    const root = await storageRoot();

    assert.throws(
      () => importH5pPackage({ id: '../ngoai', title: 'x', bytes: smallPackage(), importedBy: null }, { db, root }),
      /invalid package id/,
    );
    assert.throws(
      () => importH5pPackage({ id: 'trinh-phat', title: 'x', bytes: smallPackage(), importedBy: null }, { db, root }),
      /invalid package id/,
    );
    assert.deepEqual(await readdir(root), []);
  });
});

/** A demo account as the session would load it: its roles with their units' tree paths. */
async function sessionUser(username: string): Promise<SessionUser> {
  const user = (await db.select().from(users).where(eq(users.username, username)).get())!;
  const grants = await db
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, user.id));
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    officialId: null,
    mustChangePassword: false,
    roles: grants,
  };
}

/**
 * A project folder whose live content has one published course with a lesson embedding
 * "goi-dang-dung", and one draft course embedding "goi-ban-nhap" (a draft lesson does not count).
 */
async function contentWithLessons(): Promise<string> {
  const root = await storageRoot();
  const course = (id: string, status: string, lesson: string) => [
    { path: join(root, 'content', 'courses', id, 'course.yaml'), text: `title: Khóa ${id}\nstatus: ${status}\n` },
    {
      path: join(root, 'content', 'courses', id, 'lessons', '01-bai-mot.mdx'),
      text: `---\ntitle: Bài có hoạt động\n---\n\n${lesson}\n`,
    },
  ];
  for (const file of [
    ...course('khoa-da-xuat-ban', 'published', '<H5P id="goi-dang-dung" title="Hoạt động" />'),
    ...course('khoa-nhap', 'draft', '<H5P id="goi-ban-nhap" title="Hoạt động" />'),
  ]) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.text);
  }
  return root;
}

describe('who may replace a package, and the review of what waits', () => {
  let contentRoot: string;
  let root: string;
  let reviewer: SessionUser;
  let instructor: SessionUser;
  let communeAdmin: SessionUser;
  let provinceAdmin: SessionUser;
  let otherCommuneAdmin: SessionUser;
  before(async () => {
    contentRoot = await contentWithLessons();
    root = await storageRoot();
    reviewer = await sessionUser('thamdinh');
    instructor = await sessionUser('giangvien');
    communeAdmin = await sessionUser('quantri.quangloi');
    provinceAdmin = await sessionUser('quantri.songlam');
    otherCommuneAdmin = await sessionUser('quantri.phuthinh');
  });

  const upload = (id: string, question: string, actor: SessionUser | null, lessons = contentRoot) =>
    importH5pPackage(
      {
        id,
        title: `Gói ${id}`,
        bytes: smallPackage({ question }),
        importedBy: actor?.id ?? null,
        actor: actor ?? undefined,
      },
      { db, root, contentRoot: lessons },
    );
  const options = () => ({ db, root, contentRoot });
  const auditOf = (id: string) =>
    db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `h5p:${id}`))
      .orderBy(auditLog.id);

  test("a commune administrator's new version of their own package, once a published lesson embeds it, waits, and the lesson keeps playing the old one", async () => {
    // Imported while no lesson embedded it (an empty project folder): theirs, live at once.
    const first = await upload('goi-dang-dung', 'Câu đang dùng', communeAdmin, await storageRoot());
    assert.ok(first.ok && first.status === 'live');
    assert.equal(first.row.ownerId, communeAdmin.id);

    const proposed = await upload('goi-dang-dung', 'Câu đề xuất', communeAdmin);

    assert.ok(proposed.ok);
    assert.equal(proposed.status, 'pending');
    assert.equal((await rowOf('goi-dang-dung'))?.sha256, first.row.sha256, 'the row still names the live version');
    assert.deepEqual(
      (await versionRows('goi-dang-dung')).map((row) => [row.versionNumber, row.status]),
      [
        [1, 'live'],
        [2, 'pending'],
      ],
    );
    assert.deepEqual(
      proposed.usedBy.map((use) => use.lessonId),
      ['khoa-da-xuat-ban/bai-mot'],
    );
    assert.ok(
      existsSync(join(root, 'goi-dang-dung', proposed.version.folder, 'h5p.json')),
      'the pending version is on disk, for the reviewer to play',
    );
    assert.equal((await auditOf('goi-dang-dung')).at(-1)?.action, 'h5p-submit');
  });

  test("an instructor's new version of that package waits too", async () => {
    const proposed = await upload('goi-dang-dung', 'Câu của giảng viên', instructor);

    assert.ok(proposed.ok);
    assert.equal(proposed.status, 'pending');
  });

  test('only a reviewer approves; then the version is live, the row names it, and the old version keeps its files', async () => {
    const [live, pending] = await versionRows('goi-dang-dung');

    const refused = await approveVersion(communeAdmin, 'goi-dang-dung', pending.versionNumber, options());
    const approved = await approveVersion(reviewer, 'goi-dang-dung', pending.versionNumber, options());
    const twice = await approveVersion(reviewer, 'goi-dang-dung', pending.versionNumber, options());

    assert.deepEqual(refused, {
      ok: false,
      status: 403,
      message: 'Chỉ người thẩm định nội dung mới duyệt hoặc từ chối được phiên bản gói H5P.',
    });
    assert.ok(approved.ok);
    assert.equal(twice.ok, false);
    assert.equal(!twice.ok && twice.status, 409);
    assert.equal((await rowOf('goi-dang-dung'))?.sha256, pending.sha256);
    const after = await versionRows('goi-dang-dung');
    assert.deepEqual(
      after.map((row) => [row.versionNumber, row.status]),
      [
        [1, 'retired'],
        [2, 'live'],
        [3, 'pending'],
      ],
    );
    assert.equal(after[1].reviewedBy, reviewer.id);
    assert.ok(
      existsSync(join(root, 'goi-dang-dung', live.folder, 'h5p.json')),
      'the old version stays for open players',
    );
    assert.equal((await auditOf('goi-dang-dung')).at(-1)?.action, 'h5p-approve');
  });

  test('while another server instance holds the package, a review step is refused with 409 and a message, and nothing moves', async () => {
    const pending = (await versionRows('goi-dang-dung')).find((row) => row.status === 'pending')!;
    await db
      .insert(leaseLocks)
      .values({ name: 'h5p:goi-dang-dung', holder: 'may-chu-khac', expiresAt: Date.now() + 60_000 });
    try {
      const outcome = await approveVersion(reviewer, 'goi-dang-dung', pending.versionNumber, {
        ...options(),
        lockWaitMs: 200,
      });

      assert.equal(!outcome.ok && outcome.status, 409);
      assert.match(!outcome.ok ? outcome.message : '', /đang được một thao tác khác xử lý/);
      assert.equal((await versionRows('goi-dang-dung')).find((row) => row.id === pending.id)?.status, 'pending');
    } finally {
      await db.delete(leaseLocks).where(eq(leaseLocks.name, 'h5p:goi-dang-dung'));
    }
  });

  test('a reviewer rejects with a comment: the version is gone from disk and nothing else changes', async () => {
    const pending = (await versionRows('goi-dang-dung')).find((row) => row.status === 'pending')!;
    const rowBefore = await rowOf('goi-dang-dung');

    const outcome = await rejectVersion(
      reviewer,
      'goi-dang-dung',
      pending.versionNumber,
      'Câu hỏi sai luật, hãy sửa.',
      options(),
    );

    assert.ok(outcome.ok);
    const rejected = (await versionRows('goi-dang-dung')).find((row) => row.versionNumber === pending.versionNumber)!;
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.reviewComment, 'Câu hỏi sai luật, hãy sửa.');
    assert.ok(rejected.filesRemovedAt instanceof Date);
    assert.equal(existsSync(join(root, 'goi-dang-dung', pending.folder)), false);
    assert.deepEqual(await rowOf('goi-dang-dung'), rowBefore);
    const entry = (await auditOf('goi-dang-dung')).at(-1);
    assert.equal(entry?.action, 'h5p-reject');
    assert.equal(entry?.details?.comment, 'Câu hỏi sai luật, hãy sửa.');
  });

  test("a reviewer's own upload of a used package goes live at once", async () => {
    const outcome = await upload('goi-dang-dung', 'Câu của người thẩm định', reviewer);

    assert.ok(outcome.ok);
    assert.equal(outcome.status, 'live');
  });

  test('a non-reviewer, even its owner, cannot delete a package a published lesson embeds; a reviewer can, and its files stay until housekeeping', async () => {
    const live = (await versionRows('goi-dang-dung')).find((row) => row.status === 'live')!;
    assert.equal((await rowOf('goi-dang-dung'))?.ownerId, communeAdmin.id);

    const refused = await deletePackage(communeAdmin, 'goi-dang-dung', options());
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.status, 403);
    assert.match(
      !refused.ok ? refused.message : '',
      /đang được dùng trong bài học đã xuất bản “Bài có hoạt động”.*Chỉ người thẩm định nội dung/,
    );
    assert.ok(await rowOf('goi-dang-dung'));

    const deleted = await deletePackage(reviewer, 'goi-dang-dung', options());

    assert.ok(deleted.ok);
    assert.equal(await rowOf('goi-dang-dung'), undefined);
    assert.equal(
      (await versionRows('goi-dang-dung')).find((row) => row.versionNumber === live.versionNumber)?.status,
      'retired',
    );
    assert.ok(existsSync(join(root, 'goi-dang-dung', live.folder, 'h5p.json')));
    assert.equal((await auditOf('goi-dang-dung')).at(-1)?.action, 'h5p-delete');
  });

  test('a package no published lesson embeds: its importer replaces it directly, an administrator of its unit too, anyone else waits', async () => {
    const mine = await upload('goi-xa-quang-loi', 'Một', communeAdmin);
    const again = await upload('goi-xa-quang-loi', 'Hai', communeAdmin);
    const byProvince = await upload('goi-xa-quang-loi', 'Ba', provinceAdmin);
    const byOtherCommune = await upload('goi-xa-quang-loi', 'Bốn', otherCommuneAdmin);
    const byInstructor = await upload('goi-xa-quang-loi', 'Năm', instructor);
    const draftOnly = await upload('goi-ban-nhap', 'Sáu', instructor);
    const draftAgain = await upload('goi-ban-nhap', 'Bảy', instructor);

    assert.deepEqual(
      [mine, again, byProvince, byOtherCommune, byInstructor, draftOnly, draftAgain].map(
        (outcome) => outcome.ok && outcome.status,
      ),
      ['live', 'live', 'live', 'pending', 'pending', 'live', 'live'],
    );
    const row = await rowOf('goi-xa-quang-loi');
    assert.equal(row?.ownerId, communeAdmin.id);
    assert.equal(row?.scope, 'unit');
    assert.equal(row?.scopeUnitId, communeAdmin.roles[0].unitId);
    assert.equal((await rowOf('goi-ban-nhap'))?.scope, 'instructor');
  });

  test('a package no published lesson embeds may be deleted by whom it belongs to, not by others', async () => {
    const byOther = await deletePackage(otherCommuneAdmin, 'goi-xa-quang-loi', options());
    const byInstructor = await deletePackage(instructor, 'goi-xa-quang-loi', options());
    const byOwner = await deletePackage(communeAdmin, 'goi-xa-quang-loi', options());

    assert.equal(!byOther.ok && byOther.status, 403);
    assert.match(!byOther.ok ? byOther.message : '', /không do anh\/chị hay đơn vị anh\/chị nhập/);
    assert.equal(!byInstructor.ok && byInstructor.status, 403);
    assert.ok(byOwner.ok);
    assert.equal(await rowOf('goi-xa-quang-loi'), undefined);
    // Its pending versions went with it.
    assert.deepEqual(
      (await versionRows('goi-xa-quang-loi')).map((row) => row.status),
      ['retired', 'retired', 'retired', 'rejected', 'rejected'],
    );
  });

  test('a first version of an id that a published lesson embeds waits too, and approving it creates the package', async () => {
    await db.delete(h5pPackageVersions).where(eq(h5pPackageVersions.packageId, 'goi-dang-dung'));
    const proposed = await upload('goi-dang-dung', 'Bản đầu', instructor);
    assert.ok(proposed.ok && proposed.status === 'pending');
    assert.equal(await rowOf('goi-dang-dung'), undefined);

    const approved = await approveVersion(reviewer, 'goi-dang-dung', proposed.version.versionNumber, options());

    assert.ok(approved.ok);
    const row = await rowOf('goi-dang-dung');
    assert.equal(row?.sha256, proposed.version.sha256);
    assert.equal(row?.ownerId, instructor.id);
    assert.equal(row?.scope, 'instructor');
  });

  test('refuses, as a programming error, a title that is not plain text or a user import without its actor', async () => {
    assert.throws(
      () =>
        importH5pPackage(
          { id: 'goi-tieu-de', title: '<b>Đậm</b>', bytes: smallPackage(), importedBy: null },
          { db, root },
        ),
      /plain text/,
    );
    assert.throws(
      () =>
        importH5pPackage(
          { id: 'goi-tieu-de', title: 'Gói', bytes: smallPackage(), importedBy: instructor.id },
          { db, root },
        ),
      /actor/,
    );
  });
});

describe('housekeeping of old versions', () => {
  test('removes a replaced version only after the grace period, never the live one or a folder another version still uses', async () => {
    const root = await storageRoot();
    const start = new Date('2026-03-01T08:00:00Z');
    const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);
    const first = await importH5pPackage(
      { id: 'goi-don-dep', title: 'Cũ', bytes: smallPackage({ question: 'Cũ' }), importedBy: null },
      { db, root, now: start },
    );
    const second = await importH5pPackage(
      { id: 'goi-don-dep', title: 'Mới', bytes: smallPackage({ question: 'Mới' }), importedBy: null },
      { db, root, now: at(1) },
    );
    // The same bytes as the live version again: one folder, named by two versions.
    const third = await importH5pPackage(
      { id: 'goi-don-dep', title: 'Mới lại', bytes: smallPackage({ question: 'Mới' }), importedBy: null },
      { db, root, now: at(2) },
    );
    assert.ok(first.ok && second.ok && third.ok);
    const [oldFolder, newFolder] = [first.version.folder, second.version.folder];

    const early = await removeExpiredVersions({ db, root, now: at(1 + 23) });
    assert.deepEqual(early, []);
    assert.deepEqual((await readdir(join(root, 'goi-don-dep'))).sort(), [oldFolder, newFolder].sort());

    const late = await removeExpiredVersions({ db, root, now: at(1 + 25) });

    assert.deepEqual(late, [`goi-don-dep/${oldFolder}`]);
    assert.deepEqual(
      await readdir(join(root, 'goi-don-dep')),
      [newFolder],
      'the live folder stays, though a retired version names it too',
    );
    const rows = await versionRows('goi-don-dep');
    assert.ok(rows[0].filesRemovedAt instanceof Date);
    assert.equal(rows[1].filesRemovedAt, null);
    assert.equal(RETIRED_GRACE_MS, 24 * 3_600_000);
  });

  test('removes an old leftover folder no version names, but not a young one that may be an import in progress', async () => {
    const root = await storageRoot();
    const now = new Date();
    const outcome = await importH5pPackage(
      { id: 'goi-sot-lai', title: 'Gói', bytes: smallPackage(), importedBy: null },
      { db, root },
    );
    assert.ok(outcome.ok);
    const old = join(root, 'goi-sot-lai', 'aaaaaaaaaaaaaaaa');
    const partial = join(root, 'goi-sot-lai', '.bbbbbbbbbbbbbbbb.partial-x1');
    const young = join(root, 'goi-sot-lai', 'cccccccccccccccc');
    for (const folder of [old, partial, young]) await mkdir(folder, { recursive: true });
    const twoDaysAgo = new Date(now.getTime() - 2 * RETIRED_GRACE_MS);
    for (const folder of [old, partial]) await utimes(folder, twoDaysAgo, twoDaysAgo);

    const removed = await removeExpiredVersions({ db, root, now });

    assert.deepEqual(removed.sort(), ['goi-sot-lai/.bbbbbbbbbbbbbbbb.partial-x1', 'goi-sot-lai/aaaaaaaaaaaaaaaa']);
    assert.deepEqual(
      (await readdir(join(root, 'goi-sot-lai'))).sort(),
      [outcome.version.folder, 'cccccccccccccccc'].sort(),
    );
  });
});
