/**
 * Validation and extraction of `.h5p` packages: the real packages in ../shared/h5p (exported by
 * H5P's editor), and packages built here for each class of fault.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateH5pPackage, type H5pValidation } from '../../src/lib/server/h5p/validate-package.ts';
import { extractValidatedPackage, writeFolderAtomically } from '../../src/lib/server/h5p/extract-package.ts';
import { writeZip, type ZipEntrySpec } from '../../src/lib/server/h5p/zip-writer.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The real packages live in the workplace's shared/ folder beside the repository (as in CI).
const sharedH5p = resolve(repoRoot, process.env.SHARED_DIR ?? '../shared', 'h5p');
if (!existsSync(sharedH5p)) throw new Error(`Không thấy các gói H5P mẫu ở ${sharedH5p}: đặt thư mục shared/ cạnh repo, hoặc SHARED_DIR.`);
const validDir = join(sharedH5p, 'valid');
const invalidDir = join(sharedH5p, 'invalid');

/** A small valid package: one runnable library with a script and a style sheet. */
function packageEntries(changes: { h5p?: object; library?: object; folder?: string; omit?: string[]; extra?: ZipEntrySpec[] } = {}): ZipEntrySpec[] {
  const folder = changes.folder ?? 'H5P.Test-1.0';
  const h5p = {
    title: 'Câu hỏi thử',
    language: 'vi',
    mainLibrary: 'H5P.Test',
    embedTypes: ['iframe'],
    license: 'U',
    preloadedDependencies: [{ machineName: 'H5P.Test', majorVersion: '1', minorVersion: '0' }],
    ...changes.h5p,
  };
  const library = {
    title: 'Test',
    machineName: 'H5P.Test',
    majorVersion: 1,
    minorVersion: 0,
    patchVersion: 3,
    runnable: 1,
    preloadedJs: [{ path: 'js/test.js' }],
    preloadedCss: [{ path: 'css/test.css' }],
    ...changes.library,
  };
  const entries: ZipEntrySpec[] = [
    { name: 'h5p.json', data: JSON.stringify(h5p) },
    { name: 'content/content.json', data: JSON.stringify({ question: '<p>Hai cộng hai?</p>' }) },
    { name: 'content/images/anh.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), method: 'store' },
    { name: `${folder}/library.json`, data: JSON.stringify(library) },
    { name: `${folder}/js/test.js`, data: 'H5P.Test = function () {};' },
    { name: `${folder}/css/test.css`, data: '.h5p-test { color: black; }' },
  ];
  return [...entries.filter((entry) => !changes.omit?.includes(entry.name)), ...(changes.extra ?? [])];
}

function refused(result: H5pValidation): string {
  assert.equal(result.ok, false, 'the package should have been refused');
  return (result as { problems: string[] }).problems.join('\n');
}

describe('validateH5pPackage with packages exported by H5P', () => {
  test('accepts every package in shared/h5p/valid and names its main library', async () => {
    const names = (await readdir(validDir)).filter((name) => name.endsWith('.h5p'));
    assert.ok(names.length >= 5);

    for (const name of names) {
      const result = await validateH5pPackage(join(validDir, name));

      assert.ok(result.ok, `${name}: ${result.ok ? '' : result.problems.join('; ')}`);
      assert.equal(result.manifest.mainLibrary, name.replace(/\.h5p$/, ''));
      assert.ok(result.libraries.some(({ library }) => library.machineName === result.manifest.mainLibrary));
    }
  });

  test('accepts a package given as bytes as well as a path', async () => {
    const result = await validateH5pPackage(await readFile(join(validDir, 'H5P.TrueFalse.h5p')));

    assert.ok(result.ok);
    assert.equal(result.manifest.mainLibrary, 'H5P.TrueFalse');
  });

  test('refuses a file that is not a zip archive, saying so', async () => {
    const message = refused(await validateH5pPackage(join(invalidDir, 'corrupt_archive.h5p')));

    assert.match(message, /không phải tệp \.h5p/);
    assert.match(message, /zip/);
  });

  test('refuses a package whose h5p.json is not valid JSON', async () => {
    const message = refused(await validateH5pPackage(join(invalidDir, 'broken-h5p-json.h5p')));

    assert.match(message, /"h5p\.json" không phải JSON hợp lệ/);
  });

  test('refuses a package missing a library script declared in preloadedJs', async () => {
    const message = refused(await validateH5pPackage(join(invalidDir, 'missing-preloaded-js.h5p')));

    assert.match(message, /greetingcard\.js/);
    assert.match(message, /preloadedJs/);
  });

  test('refuses a package whose library folder does not match its library.json', async () => {
    const message = refused(await validateH5pPackage(join(invalidDir, 'invalid-library-directory-name.h5p')));

    assert.match(message, /"H5P\.GreetingCard-1\.0" không khớp/);
    assert.match(message, /H5P\.AnotherLibrary-1\.0/);
  });

  test('accepts the SVG-with-script package but lists its SVG files for sandboxed serving', async () => {
    const result = await validateH5pPackage(join(invalidDir, 'xss-svg.h5p'));

    assert.ok(result.ok);
    assert.equal(result.manifest.mainLibrary, 'H5P.Blanks');
    assert.ok(result.svgFiles.includes('content/images/xss.svg'));
    assert.ok(result.svgFiles.every((path) => path.toLowerCase().endsWith('.svg')));
  });
});

describe('validateH5pPackage with packages built for each fault', () => {
  test('accepts the well-formed package the fault cases start from', async () => {
    const result = await validateH5pPackage(writeZip(packageEntries()));

    assert.ok(result.ok, result.ok ? '' : result.problems.join('; '));
    assert.deepEqual(result.libraries.map(({ folder }) => folder), ['H5P.Test-1.0']);
    assert.equal(result.files.length, 6);
  });

  test('refuses a zip-slip path "../evil.js"', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: '../evil.js', data: 'alert(1)' }] }))));

    assert.match(message, /"\.\.\/evil\.js"/);
    assert.match(message, /zip-slip/);
  });

  test('refuses a zip-slip path hidden inside a folder', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/../../evil.js', data: 'x' }] }))));

    assert.match(message, /zip-slip/);
  });

  test('refuses an absolute path', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: '/etc/cron.d/evil.txt', data: 'x' }] }))));

    assert.match(message, /"\/etc\/cron\.d\/evil\.txt" là đường dẫn tuyệt đối/);
  });

  test('refuses a Windows drive path', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'C:/evil.txt', data: 'x' }] }))));

    assert.match(message, /đường dẫn tuyệt đối/);
  });

  test('refuses a path with a backslash', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content\\..\\evil.txt', data: 'x' }] }))));

    assert.match(message, /dấu "\\"/);
  });

  test('refuses a path with a NUL character', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/a.txt\u0000.php', data: 'x' }] }))));

    assert.match(message, /ký tự điều khiển/);
  });

  test('refuses a path that is not normalised', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/./a.txt', data: 'x' }] }))));

    assert.match(message, /chưa chuẩn hoá/);
  });

  test('refuses a symbolic link entry', async () => {
    const entries = packageEntries({ extra: [{ name: 'content/link.txt', data: '/etc/passwd', unixMode: 0o120777 }] });

    const message = refused(await validateH5pPackage(writeZip(entries)));

    assert.match(message, /"content\/link\.txt" là liên kết tượng trưng/);
  });

  test('refuses more entries than the default limit of 2,000', async () => {
    const extra = Array.from({ length: 2_000 }, (_, index) => ({ name: `content/f${index}.txt`, data: 'x', method: 'store' as const }));

    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra }))));

    assert.match(message, /2\.006 mục, vượt giới hạn 2\.000 mục/);
  });

  test('refuses an entry whose header understates what it inflates to', async () => {
    const bomb = { name: 'content/bomb.txt', data: Buffer.alloc(3 * 1024 * 1024), declaredSize: 100 };

    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [bomb] })), { maxFileBytes: 1024 * 1024 }));

    assert.match(message, /"content\/bomb\.txt"/);
    assert.match(message, /kích thước khai báo .* không khớp với dữ liệu thật/);
  });

  test('refuses a package whose files together inflate beyond the total limit', async () => {
    const extra = [0, 1].map((index) => ({ name: `content/big${index}.txt`, data: Buffer.alloc(600 * 1024) }));

    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra })), { maxTotalBytes: 1024 * 1024, maxFileBytes: 700 * 1024 }),
    );

    assert.match(message, /vượt giới hạn tổng 1 MB/);
  });

  test('refuses a file that declares more than the per-file limit', async () => {
    const extra = [{ name: 'content/video.mp4', data: Buffer.alloc(200 * 1024) }];

    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra })), { maxFileBytes: 100 * 1024 }));

    assert.match(message, /"content\/video\.mp4" khai báo 200 KB, vượt giới hạn 100 KB/);
  });

  test('refuses a .php file', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/shell.php', data: '<?php' }] }))));

    assert.match(message, /"content\/shell\.php" có loại "\.php" không được phép/);
  });

  test('refuses an .exe file whatever the letter case', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'H5P.Test-1.0/setup.EXE', data: 'MZ' }] }))));

    assert.match(message, /"H5P\.Test-1\.0\/setup\.EXE" có loại "\.exe" không được phép/);
  });

  test('refuses an HTML file, which would run script with whatever origin serves it', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/page.html', data: '<script>' }] }))));

    assert.match(message, /"\.html" không được phép/);
  });

  test('refuses a library folder without library.json', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ omit: ['H5P.Test-1.0/library.json'] }))));

    assert.match(message, /Thư mục thư viện "H5P\.Test-1\.0" thiếu tệp "library\.json"/);
  });

  test('refuses a library folder whose version differs from its library.json', async () => {
    const entries = packageEntries({ folder: 'H5P.Test-1.1', h5p: { preloadedDependencies: [{ machineName: 'H5P.Test', majorVersion: 1, minorVersion: 1 }] } });

    const message = refused(await validateH5pPackage(writeZip(entries)));

    assert.match(message, /"H5P\.Test-1\.1" không khớp .* tên thư mục phải là "H5P\.Test-1\.0"/);
  });

  test('refuses a library missing a style sheet declared in preloadedCss', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ omit: ['H5P.Test-1.0/css/test.css'] }))));

    assert.match(message, /khai báo tệp "css\/test\.css" trong preloadedCss nhưng gói không có tệp "H5P\.Test-1\.0\/css\/test\.css"/);
  });

  test('refuses a package without h5p.json', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ omit: ['h5p.json'] }))));

    assert.match(message, /thiếu tệp "h5p\.json"/);
  });

  test('refuses an h5p.json without a title, naming the field', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ h5p: { title: undefined } }))));

    assert.match(message, /Tệp "h5p\.json" \(trường title\): Thiếu tên nội dung/);
  });

  test('refuses an h5p.json with an unknown embed type', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ h5p: { embedTypes: ['object'] } }))));

    assert.match(message, /trường embedTypes\.0.*"div" hoặc "iframe"/);
  });

  test('refuses a library.json without a patch version', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ library: { patchVersion: undefined } }))));

    assert.match(message, /"H5P\.Test-1\.0\/library\.json" \(trường patchVersion\)/);
  });

  test('refuses a package without content/content.json', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ omit: ['content/content.json'] }))));

    assert.match(message, /thiếu tệp "content\/content\.json"/);
  });

  test('refuses an h5p.json dependency the package does not contain', async () => {
    const dependencies = [
      { machineName: 'H5P.Test', majorVersion: 1, minorVersion: 0 },
      { machineName: 'H5P.Question', majorVersion: 1, minorVersion: 5 },
    ];

    const message = refused(await validateH5pPackage(writeZip(packageEntries({ h5p: { preloadedDependencies: dependencies } }))));

    assert.match(message, /cần thư viện "H5P\.Question-1\.5" nhưng gói không có/);
  });

  test('lets through extra fields H5P allows in h5p.json', async () => {
    const result = await validateH5pPackage(writeZip(packageEntries({ h5p: { authors: [{ name: 'Ban biên soạn', role: 'Author' }] } })));

    assert.ok(result.ok);
    assert.deepEqual(result.manifest.authors, [{ name: 'Ban biên soạn', role: 'Author' }]);
  });
});

describe('extractValidatedPackage', () => {
  const workDirs: string[] = [];
  async function workDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'h5p-extract-'));
    workDirs.push(dir);
    return dir;
  }
  after(async () => {
    for (const dir of workDirs) await rm(dir, { recursive: true, force: true });
  });

  async function listFiles(root: string): Promise<string[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/')).sort();
  }

  test('extracts exactly the files of a real package, with their bytes', async () => {
    const parent = await workDir();
    const target = join(parent, 'goi-1');

    const result = await extractValidatedPackage(join(validDir, 'H5P.MultiChoice.h5p'), target);

    assert.ok(result.ok);
    assert.deepEqual(await listFiles(target), result.files.map((file) => file.path).sort());
    const manifest = JSON.parse(await readFile(join(target, 'h5p.json'), 'utf8'));
    assert.equal(manifest.mainLibrary, 'H5P.MultiChoice');
    for (const file of result.files.slice(0, 20)) assert.equal((await stat(join(target, file.path))).size, file.size);
    assert.deepEqual(await readdir(parent), ['goi-1']);
  });

  test('leaves no target folder and no temporary folder when the package is refused', async () => {
    const parent = await workDir();
    const target = join(parent, 'goi-2');

    const result = await extractValidatedPackage(writeZip(packageEntries({ extra: [{ name: '../evil.js', data: 'x' }] })), target);

    assert.equal(result.ok, false);
    assert.deepEqual(await readdir(parent), []);
  });

  test('leaves nothing behind when a header lies about a size', async () => {
    const parent = await workDir();
    const target = join(parent, 'goi-3');
    const bomb = { name: 'content/bomb.txt', data: Buffer.alloc(2 * 1024 * 1024), declaredSize: 10 };

    const result = await extractValidatedPackage(writeZip(packageEntries({ extra: [bomb] })), target);

    assert.equal(result.ok, false);
    assert.deepEqual(await readdir(parent), []);
  });

  test('refuses to overwrite an existing target and leaves it untouched', async () => {
    const parent = await workDir();
    const target = join(parent, 'goi-4');
    await extractValidatedPackage(writeZip(packageEntries()), target);
    const before = await listFiles(target);

    await assert.rejects(extractValidatedPackage(join(validDir, 'H5P.TrueFalse.h5p'), target), /already exists/);

    assert.deepEqual(await listFiles(target), before);
    assert.deepEqual(await readdir(parent), ['goi-4']);
  });

  test('removes its temporary folder when writing fails part way', async () => {
    const parent = await workDir();
    const target = join(parent, 'goi-5');

    await assert.rejects(
      writeFolderAtomically(target, async (root) => {
        await writeFile(join(root, 'h5p.json'), '{}');
        throw new Error('đĩa đầy');
      }),
      /đĩa đầy/,
    );

    assert.deepEqual(await readdir(parent), []);
  });

  test('refuses two entries that would land on the same place on disk', async () => {
    const entries = packageEntries({ extra: [{ name: 'content/images/ANH.png', data: 'again' }] });

    const message = refused(await validateH5pPackage(writeZip(entries)));

    assert.match(message, /"content\/images\/ANH\.png" xuất hiện hai lần/);
  });

  test('refuses a file whose path runs through another file', async () => {
    const entries = packageEntries({ extra: [{ name: 'content/content.json/x.json', data: '{}' }] });

    const message = refused(await validateH5pPackage(writeZip(entries)));

    assert.match(message, /"content\/content\.json" đã là một tệp/);
  });

  test('refuses a file name longer than a file system allows', async () => {
    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: `content/${'a'.repeat(300)}.txt`, data: 'x' }] }))));

    assert.match(message, /dài hơn 255 byte/);
  });
});
