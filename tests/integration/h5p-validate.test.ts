/**
 * Validation and extraction of `.h5p` packages: the real packages of tests/support/h5p-fixtures.ts
 * (exported by H5P's editor), and packages built here for each class of fault.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateH5pPackage, type H5pValidation } from '../../src/lib/server/h5p/validate-package.ts';
import { extractValidatedPackage, writeFolderAtomically } from '../../src/lib/server/h5p/extract-package.ts';
import { writeZip, type ZipEntrySpec } from '../../src/lib/server/h5p/zip-writer.ts';
import { invalidH5p, validH5p, VALID_H5P_FILES, fileInValidH5p } from '../support/h5p-fixtures.ts';
import { PLAYER_CORE_API } from '../../src/lib/h5p/core-api.ts';
import { contentMismatch } from '../../src/lib/server/h5p/file-signatures.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A real 1×1 PNG image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/**
 * The EICAR antivirus test file: 68 bytes of text that every virus scanner flags, not an image.
 * Joined here so that this source file is not itself taken for the test file.
 */
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

/** A small valid package: one runnable library with a script and a style sheet. */
function packageEntries(
  changes: { h5p?: object; library?: object; folder?: string; omit?: string[]; extra?: ZipEntrySpec[] } = {},
): ZipEntrySpec[] {
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
    { name: 'content/images/anh.png', data: PNG, method: 'store' },
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
  test('accepts every valid real package and names its main library', async () => {
    const names = [...VALID_H5P_FILES];
    assert.ok(names.length >= 5);

    for (const name of names) {
      const result = await validateH5pPackage(validH5p(name));

      assert.ok(result.ok, `${name}: ${result.ok ? '' : result.problems.join('; ')}`);
      assert.equal(result.manifest.mainLibrary, name.replace(/\.h5p$/, ''));
      assert.ok(result.libraries.some(({ library }) => library.machineName === result.manifest.mainLibrary));
    }
  });

  test('accepts a package given as bytes as well as a path', async () => {
    const result = await validateH5pPackage(await readFile(validH5p('H5P.TrueFalse.h5p')));

    assert.ok(result.ok);
    assert.equal(result.manifest.mainLibrary, 'H5P.TrueFalse');
  });

  test('refuses a file that is not a zip archive, saying so', async () => {
    const message = refused(await validateH5pPackage(invalidH5p('corrupt_archive.h5p')));

    assert.match(message, /không phải tệp \.h5p/);
    assert.match(message, /zip/);
  });

  test('refuses a package whose h5p.json is not valid JSON', async () => {
    const message = refused(await validateH5pPackage(invalidH5p('broken-h5p-json.h5p')));

    assert.match(message, /"h5p\.json" không phải JSON hợp lệ/);
  });

  test('refuses a package missing a library script declared in preloadedJs', async () => {
    const message = refused(await validateH5pPackage(invalidH5p('missing-preloaded-js.h5p')));

    assert.match(message, /greetingcard\.js/);
    assert.match(message, /preloadedJs/);
  });

  test('refuses a package whose library folder does not match its library.json', async () => {
    const message = refused(await validateH5pPackage(invalidH5p('invalid-library-directory-name.h5p')));

    assert.match(message, /"H5P\.GreetingCard-1\.0" không khớp/);
    assert.match(message, /H5P\.AnotherLibrary-1\.0/);
  });

  test('accepts the SVG-with-script package but lists its SVG files for sandboxed serving', async () => {
    const result = await validateH5pPackage(invalidH5p('xss-svg.h5p'));

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
    assert.deepEqual(
      result.libraries.map(({ folder }) => folder),
      ['H5P.Test-1.0'],
    );
    assert.equal(result.files.length, 6);
  });

  test('refuses a zip-slip path "../evil.js"', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: '../evil.js', data: 'alert(1)' }] }))),
    );

    assert.match(message, /"\.\.\/evil\.js"/);
    assert.match(message, /zip-slip/);
  });

  test('refuses a zip-slip path hidden inside a folder', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/../../evil.js', data: 'x' }] }))),
    );

    assert.match(message, /zip-slip/);
  });

  test('refuses an absolute path', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: '/etc/cron.d/evil.txt', data: 'x' }] }))),
    );

    assert.match(message, /"\/etc\/cron\.d\/evil\.txt" là đường dẫn tuyệt đối/);
  });

  test('refuses a Windows drive path', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'C:/evil.txt', data: 'x' }] }))),
    );

    assert.match(message, /đường dẫn tuyệt đối/);
  });

  test('refuses a path with a backslash', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content\\..\\evil.txt', data: 'x' }] }))),
    );

    assert.match(message, /dấu "\\"/);
  });

  test('refuses a path with a NUL character', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/a.txt\u0000.php', data: 'x' }] }))),
    );

    assert.match(message, /ký tự điều khiển/);
  });

  test('refuses a path that is not normalised', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/./a.txt', data: 'x' }] }))),
    );

    assert.match(message, /chưa chuẩn hoá/);
  });

  test('refuses a symbolic link entry', async () => {
    const entries = packageEntries({ extra: [{ name: 'content/link.txt', data: '/etc/passwd', unixMode: 0o120777 }] });

    const message = refused(await validateH5pPackage(writeZip(entries)));

    assert.match(message, /"content\/link\.txt" là liên kết tượng trưng/);
  });

  test('refuses more entries than the default limit of 2,000', async () => {
    const extra = Array.from({ length: 2_000 }, (_, index) => ({
      name: `content/f${index}.txt`,
      data: 'x',
      method: 'store' as const,
    }));

    const message = refused(await validateH5pPackage(writeZip(packageEntries({ extra }))));

    assert.match(message, /2\.006 mục, vượt giới hạn 2\.000 mục/);
  });

  test('refuses an entry whose header understates what it inflates to', async () => {
    const bomb = { name: 'content/bomb.txt', data: Buffer.alloc(3 * 1024 * 1024), declaredSize: 100 };

    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [bomb] })), { maxFileBytes: 1024 * 1024 }),
    );

    assert.match(message, /"content\/bomb\.txt"/);
    assert.match(message, /kích thước khai báo .* không khớp với dữ liệu thật/);
  });

  test('refuses a package whose files together inflate beyond the total limit', async () => {
    const extra = [0, 1].map((index) => ({ name: `content/big${index}.txt`, data: Buffer.alloc(600 * 1024) }));

    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra })), {
        maxTotalBytes: 1024 * 1024,
        maxFileBytes: 700 * 1024,
      }),
    );

    assert.match(message, /vượt giới hạn tổng 1 MB/);
  });

  test('refuses a file that declares more than the per-file limit', async () => {
    const extra = [{ name: 'content/video.mp4', data: Buffer.alloc(200 * 1024) }];

    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra })), { maxFileBytes: 100 * 1024 }),
    );

    assert.match(message, /"content\/video\.mp4" khai báo 200 KB, vượt giới hạn 100 KB/);
  });

  test('refuses a .php file', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/shell.php', data: '<?php' }] }))),
    );

    assert.match(message, /"content\/shell\.php" có loại "\.php" không được phép/);
  });

  test('refuses an .exe file whatever the letter case', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'H5P.Test-1.0/setup.EXE', data: 'MZ' }] }))),
    );

    assert.match(message, /"H5P\.Test-1\.0\/setup\.EXE" có loại "\.exe" không được phép/);
  });

  test('refuses a Flash file, which H5P core once allowed and no browser plays any more', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/movie.swf', data: 'FWS' }] }))),
    );

    assert.match(message, /"content\/movie\.swf" có loại "\.swf" không được phép/);
  });

  test('refuses an HTML file, which would run script with whatever origin serves it', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/page.html', data: '<script>' }] }))),
    );

    assert.match(message, /"\.html" không được phép/);
  });

  test('refuses a library folder without library.json', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ omit: ['H5P.Test-1.0/library.json'] }))),
    );

    assert.match(message, /Thư mục thư viện "H5P\.Test-1\.0" thiếu tệp "library\.json"/);
  });

  test('refuses a library folder whose version differs from its library.json', async () => {
    const entries = packageEntries({
      folder: 'H5P.Test-1.1',
      h5p: { preloadedDependencies: [{ machineName: 'H5P.Test', majorVersion: 1, minorVersion: 1 }] },
    });

    const message = refused(await validateH5pPackage(writeZip(entries)));

    assert.match(message, /"H5P\.Test-1\.1" không khớp .* tên thư mục phải là "H5P\.Test-1\.0"/);
  });

  test('refuses a library missing a style sheet declared in preloadedCss', async () => {
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ omit: ['H5P.Test-1.0/css/test.css'] }))),
    );

    assert.match(
      message,
      /khai báo tệp "css\/test\.css" trong preloadedCss nhưng gói không có tệp "H5P\.Test-1\.0\/css\/test\.css"/,
    );
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
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ library: { patchVersion: undefined } }))),
    );

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

    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ h5p: { preloadedDependencies: dependencies } }))),
    );

    assert.match(message, /cần thư viện "H5P\.Question-1\.5" nhưng gói không có/);
  });

  test('lets through extra fields H5P allows in h5p.json', async () => {
    const result = await validateH5pPackage(
      writeZip(packageEntries({ h5p: { authors: [{ name: 'Ban biên soạn', role: 'Author' }] } })),
    );

    assert.ok(result.ok);
    assert.deepEqual(result.manifest.authors, [{ name: 'Ban biên soạn', role: 'Author' }]);
  });
});

describe('validateH5pPackage checks that each file is what its extension says', () => {
  test('refuses the EICAR test text named content/eicar.jpg, naming the file, while a real JPEG passes', async () => {
    const jpeg = await fileInValidH5p('H5P.TrueFalse.h5p', 'content/images/file-582dbbc081261.jpg');

    const control = await validateH5pPackage(
      writeZip(packageEntries({ extra: [{ name: 'content/anh-that.jpg', data: jpeg }] })),
    );
    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/eicar.jpg', data: EICAR }] }))),
    );

    assert.ok(control.ok, control.ok ? '' : control.problems.join('; '));
    assert.match(message, /Tệp "content\/eicar\.jpg" có đuôi "\.jpg" nhưng nội dung không phải ảnh JPEG/);
  });

  test('refuses a file whose content is another known type, saying which', async () => {
    const jpeg = await fileInValidH5p('H5P.TrueFalse.h5p', 'content/images/file-582dbbc081261.jpg');

    const message = refused(
      await validateH5pPackage(writeZip(packageEntries({ extra: [{ name: 'content/anh.png', data: jpeg }] }))),
    );

    assert.match(
      message,
      /"content\/anh\.png" có đuôi "\.png" nhưng nội dung không phải ảnh PNG \(nội dung thật là tệp \.jpg, image\/jpeg\)/,
    );
  });

  test('accepts the sounds and fonts of a real package and refuses the same names with other content', async () => {
    const mp3 = await fileInValidH5p('H5P.SingleChoiceSet.h5p', 'H5P.SingleChoiceSet-1.11/sounds/positive-short.mp3');
    const ogg = await fileInValidH5p('H5P.SingleChoiceSet.h5p', 'H5P.SingleChoiceSet-1.11/sounds/positive-short.ogg');
    const woff2 = await fileInValidH5p('H5P.TrueFalse.h5p', 'FontAwesome-4.5/fontawesome-webfont.woff2');
    const woff = await fileInValidH5p('H5P.TrueFalse.h5p', 'FontAwesome-4.5/fontawesome-webfont.woff');
    const real = {
      'content/am.mp3': mp3,
      'content/am.ogg': ogg,
      'content/font.woff2': woff2,
      'content/font.woff': woff,
    };

    for (const [path, bytes] of Object.entries(real)) assert.equal(await contentMismatch(path, bytes), null, path);
    assert.match((await contentMismatch('content/am.mp3', ogg)) ?? '', /không phải âm thanh MP3/);
    assert.match((await contentMismatch('content/am.ogg', Buffer.from('MZ\x90\x00'))) ?? '', /không phải âm thanh Ogg/);
    assert.match(
      (await contentMismatch('content/font.woff2', woff)) ?? '',
      /không phải phông chữ WOFF2 \(nội dung thật là tệp \.woff/,
    );
    assert.match(
      (await contentMismatch('content/phim.mp4', Buffer.from('<html><script>alert(1)</script>'))) ?? '',
      /không phải video MP4/,
    );
    assert.match((await contentMismatch('content/rong.wav', Buffer.alloc(0))) ?? '', /\(tệp rỗng\)/);
  });

  test('accepts an MP3 that starts with an ID3 tag', async () => {
    const id3 = Buffer.concat([
      Buffer.from('ID3'),
      Buffer.from([3, 0, 0, 0, 0, 0, 20]),
      Buffer.alloc(20),
      Buffer.from([0xff, 0xfb, 0x90, 0x64]),
      Buffer.alloc(400),
    ]);

    assert.equal(await contentMismatch('content/nhac.mp3', id3), null);
  });

  test('accepts every valid real package, whose images, sounds, fonts and SVGs are all what they say', async () => {
    for (const name of VALID_H5P_FILES) {
      const result = await validateH5pPackage(validH5p(name));
      assert.ok(result.ok, `${name}: ${result.ok ? '' : result.problems.join('; ')}`);
    }
  });

  test('takes an SVG only as XML text with an <svg> element', async () => {
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';

    assert.equal(await contentMismatch('content/hinh.svg', Buffer.from(svg)), null);
    assert.match(
      (await contentMismatch('content/hinh.svg', PNG)) ?? '',
      /"content\/hinh\.svg" có đuôi "\.svg" nhưng nội dung không phải ảnh SVG/,
    );
    assert.match(
      (await contentMismatch('content/hinh.svg', Buffer.from('alert(document.cookie)'))) ?? '',
      /không phải ảnh SVG/,
    );
  });
});

describe('validateH5pPackage checks the H5P core API each library needs', () => {
  const supported = `${PLAYER_CORE_API.majorVersion}.${PLAYER_CORE_API.minorVersion}`;

  test('refuses a library needing a newer core API than the player, naming the library and both versions', async () => {
    const newer = { majorVersion: PLAYER_CORE_API.majorVersion, minorVersion: PLAYER_CORE_API.minorVersion + 1 };

    const message = refused(await validateH5pPackage(writeZip(packageEntries({ library: { coreApi: newer } }))));

    assert.match(
      message,
      new RegExp(
        `Thư viện "H5P\\.Test-1\\.0" \\(H5P\\.Test\\) cần lõi H5P \\(coreApi\\) phiên bản ${newer.majorVersion}\\.${newer.minorVersion}`,
      ),
    );
    assert.match(message, new RegExp(`chỉ hỗ trợ đến phiên bản ${supported.replace('.', '\\.')}`));
  });

  test('refuses a newer major version, written as strings as the H5P editor may', async () => {
    const message = refused(
      await validateH5pPackage(
        writeZip(packageEntries({ library: { coreApi: { majorVersion: '2', minorVersion: '0' } } })),
      ),
    );

    assert.match(message, /phiên bản 2\.0/);
  });

  test("accepts a library needing exactly the player's core API, or an older one", async () => {
    for (const coreApi of [{ ...PLAYER_CORE_API }, { majorVersion: 1, minorVersion: 0 }]) {
      const result = await validateH5pPackage(writeZip(packageEntries({ library: { coreApi } })));
      assert.ok(result.ok, `${JSON.stringify(coreApi)}: ${result.ok ? '' : result.problems.join('; ')}`);
    }
  });

  test('states the core API of the bundled h5p-standalone 3.8.2 (h5p-php-library 1.28.0)', async () => {
    const standalone = JSON.parse(
      await readFile(join(repoRoot, 'node_modules', 'h5p-standalone', 'package.json'), 'utf8'),
    );

    assert.equal(
      standalone.version,
      '3.8.2',
      'h5p-standalone was upgraded: check PLAYER_CORE_API in core-api.ts against its bundled H5P core',
    );
    assert.deepEqual({ ...PLAYER_CORE_API }, { majorVersion: 1, minorVersion: 28 });
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
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
      .sort();
  }

  test('extracts exactly the files of a real package, with their bytes', async () => {
    const parent = await workDir();
    const target = join(parent, 'goi-1');

    const result = await extractValidatedPackage(validH5p('H5P.MultiChoice.h5p'), target);

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

    const result = await extractValidatedPackage(
      writeZip(packageEntries({ extra: [{ name: '../evil.js', data: 'x' }] })),
      target,
    );

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

    await assert.rejects(extractValidatedPackage(validH5p('H5P.TrueFalse.h5p'), target), /already exists/);

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
    const message = refused(
      await validateH5pPackage(
        writeZip(packageEntries({ extra: [{ name: `content/${'a'.repeat(300)}.txt`, data: 'x' }] })),
      ),
    );

    assert.match(message, /dài hơn 255 byte/);
  });
});
