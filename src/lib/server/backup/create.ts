/**
 * Makes one backup archive of an instance while it keeps serving (manifest.ts describes the
 * layout). Order, and why it gives one consistent state:
 *  1. the publication lock is taken (instance.ts), so no publication switches content/, public/
 *     and data/builds/ while they are read (a running one is waited for);
 *  2. the database is copied with VACUUM INTO (database.ts): every write acknowledged before this
 *     moment is in the copy; the copy is checked (integrity_check) and counted;
 *  3. then the folders are archived. Files are only added after the database: an H5P package is
 *     written to disk before its row, so every row of the copy finds its files (a package imported
 *     meanwhile is in the archive without a row: harmless, it is ignored).
 * Each file is hashed as it is written into the archive, and manifest.json, last, lists them all.
 * The archive is written as a hidden ".partial" file and renamed when complete; its SHA-256 goes
 * beside it in "<name>.sha256" (the format of sha256sum -c).
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { create, WriteEntry } from 'tar';
import { databaseFacts, databaseFile, integrityOk, snapshotDatabase } from './database.ts';
import { holdPublishLock } from './instance.ts';
import {
  DATABASE_ENTRY,
  FOLDER_PARTS,
  MANIFEST_FORMAT,
  MANIFEST_PATH,
  MANIFEST_VERSION,
  entryPathProblem,
  type BackupManifest,
  type FolderPartName,
  type ManifestFile,
  type PartName,
} from '../../backup/manifest.ts';
import { archiveName, archivesToPrune, archiveTime, type RetentionPolicy } from '../../backup/retention.ts';

export interface BackupOptions {
  /** The project folder of the instance (its content/, public/media/ and data/). */
  root: string;
  /** A `file:` URL; a relative path is taken from `root`. */
  databaseUrl: string;
  /** H5P_DIR of the instance (absolute). */
  h5pDir: string;
  /** Where archives are written; must not be inside a part that is archived. */
  outDir: string;
  /** Deletes older archives of `outDir` past this policy once the new one is complete. */
  keep?: RetentionPolicy;
  /** How long to wait for a running publication (default 30 minutes). */
  lockWaitMs?: number;
  log?: (line: string) => void;
}

export interface BackupResult {
  archive: string;
  bytes: number;
  sha256: string;
  durationMs: number;
  manifest: BackupManifest;
  pruned: string[];
}

/** A file changed size while it was archived; the whole backup is taken again. */
class FileChanged extends Error {}

/** Names being written (an atomic write's temporary name, an H5P upload being unpacked). */
const TRANSIENT = /^\..*(\.tmp|\.partial|\.partial-[^/]*)$/;

/** Build ids as scripts/serve.mjs accepts them. */
const BUILD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The sources of the folder parts of an instance. */
export function partSources(root: string, h5pDir: string): Record<FolderPartName, string> {
  return {
    builds: join(root, 'data', 'builds'),
    h5p: h5pDir,
    drafts: join(root, 'data', 'drafts'),
    content: join(root, 'content'),
    media: join(root, 'public', 'media'),
  };
}

/** True when `path` is `folder` or inside it. */
function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

interface Source {
  /** Path in the archive. */
  path: string;
  file: string;
}

interface Walk {
  sources: Source[];
  skipped: { path: string; reason: string }[];
}

/** Regular files under `dir` (sorted, transient names left out), as archive paths under `prefix`. */
function walk(dir: string, prefix: string, into: Walk): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    if (TRANSIENT.test(entry.name)) continue;
    const file = join(dir, entry.name);
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) walk(file, `${path}/`, into);
    else if (entry.isFile()) {
      const problem = entryPathProblem(path, 'File');
      if (problem) into.skipped.push({ path, reason: problem });
      else into.sources.push({ path, file });
    } else
      into.skipped.push({
        path,
        reason: entry.isSymbolicLink() ? 'liên kết tượng trưng (symbolic link)' : 'không phải tệp thường',
      });
  }
}

/** The published build current.json names, if its folder exists. */
function currentBuild(buildsDir: string): string | null {
  try {
    const id = JSON.parse(readFileSync(join(buildsDir, 'current.json'), 'utf8'))?.id;
    return typeof id === 'string' && BUILD_ID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** package.json's name and version, and the git commit when the project is a git checkout. */
function appVersion(root: string): BackupManifest['app'] {
  let name = 'hoc-lieu-so';
  let version = '0.0.0';
  try {
    const data = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
    name = data.name ?? name;
    version = data.version ?? version;
  } catch {
    // No package.json: the defaults.
  }
  let commit: string | null = null;
  if (existsSync(join(root, '.git'))) {
    try {
      commit =
        execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
          timeout: 5_000,
        }).trim() || null;
    } catch {
      // git is a convenience here, not a requirement.
    }
  }
  return { name, version, commit };
}

/** The journal tag of the migration created at `when` (db/migrations/meta/_journal.json), or null. */
function migrationTag(root: string, when: number | null): string | null {
  if (when === null) return null;
  try {
    const journal = JSON.parse(readFileSync(join(root, 'db', 'migrations', 'meta', '_journal.json'), 'utf8')) as {
      entries?: { when?: number; tag?: string }[];
    };
    return journal.entries?.find((entry) => entry.when === when)?.tag ?? null;
  } catch {
    return null;
  }
}

/** The body of a file entry: exactly `size` bytes of `file`, hashed on the way; `done` gets the digest. */
async function* fileBody(source: Source, size: number, done: (sha256: string) => void): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let read = 0;
  if (size > 0) {
    for await (const chunk of createReadStream(source.file, {
      start: 0,
      end: size - 1,
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      read += chunk.length;
      hash.update(chunk);
      yield chunk;
    }
  }
  if (read !== size) throw new FileChanged(`Tệp ${source.path} thay đổi trong lúc sao lưu.`);
  done(hash.digest('hex'));
}

async function writeArchive(
  options: BackupOptions,
  root: string,
  dbFile: string,
  partial: string,
  staging: string,
  started: Date,
): Promise<{ manifest: BackupManifest; sha256: string; bytes: number }> {
  const log = options.log ?? (() => undefined);
  const snapshot = join(staging, DATABASE_ENTRY);
  rmSync(snapshot, { force: true });
  const snapshotAt = await snapshotDatabase(dbFile, snapshot);
  const facts = await databaseFacts(snapshot);
  if (!integrityOk(facts))
    throw new Error(`Bản chụp cơ sở dữ liệu không qua PRAGMA integrity_check: ${facts.integrity.join('; ')}`);
  log(
    `Đã chụp cơ sở dữ liệu (${statSync(snapshot).size.toLocaleString('vi-VN')} byte, ${Object.keys(facts.tables).length} bảng, ${facts.migrations.count} migration).`,
  );

  const sourcesOf = partSources(root, options.h5pDir);
  const build = currentBuild(sourcesOf.builds);
  const sourcesByPart = new Map<PartName, Source[]>([['database', [{ path: DATABASE_ENTRY, file: snapshot }]]]);
  const skipped: Walk['skipped'] = [];
  for (const part of FOLDER_PARTS) {
    const found: Walk = { sources: [], skipped };
    if (part.name === 'builds') {
      const pointer = join(sourcesOf.builds, 'current.json');
      if (existsSync(pointer)) found.sources.push({ path: `${part.prefix}current.json`, file: pointer });
      if (build) walk(join(sourcesOf.builds, build), `${part.prefix}${build}/`, found);
    } else walk(sourcesOf[part.name], part.prefix, found);
    sourcesByPart.set(part.name, found.sources);
  }

  const files: ManifestFile[] = [];
  const parts = Object.fromEntries(
    [...sourcesByPart.keys()].map((name) => [name, { files: 0, bytes: 0 }]),
  ) as BackupManifest['parts'];
  const pending: Promise<void>[] = [];
  let manifest: BackupManifest | undefined;

  async function* entries(): AsyncGenerator<WriteEntry> {
    for (const [part, sources] of sourcesByPart) {
      for (const source of sources) {
        let stat;
        try {
          stat = lstatSync(source.file);
        } catch {
          continue; // Deleted since the folder was read (a superseded H5P version, say).
        }
        if (!stat.isFile()) continue;
        const size = stat.size;
        let finish!: () => void;
        pending.push(new Promise<void>((resolve) => (finish = resolve)));
        const body = fileBody(source, size, (sha256) => {
          files.push({ path: source.path, size, sha256 });
          parts[part].files += 1;
          parts[part].bytes += size;
          finish();
        });
        yield new WriteEntry({ path: source.path, size, mode: stat.mode & 0o777, mtime: stat.mtime }, body);
      }
    }
    // The packer reads each body before it asks for the next entry: every file is hashed by now.
    await Promise.all(pending);
    manifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_VERSION,
      createdAt: started.toISOString(),
      databaseSnapshotAt: snapshotAt.toISOString(),
      app: appVersion(root),
      database: {
        file: DATABASE_ENTRY,
        sqliteVersion: facts.sqliteVersion,
        integrity: 'ok',
        migrations: { ...facts.migrations, lastTag: migrationTag(root, facts.migrations.lastCreatedAt) },
        tables: facts.tables,
      },
      currentBuild: build,
      parts,
      files,
      skipped,
    };
    yield new WriteEntry(
      { path: MANIFEST_PATH, mode: 0o644, mtime: new Date() },
      `${JSON.stringify(manifest, null, 1)}\n`,
    );
  }

  const hash = createHash('sha256');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const stream = create({ gzip: true, portable: true }, [entries()]) as ReadableStream<Uint8Array>;
  await pipeline(
    Readable.fromWeb(stream as import('node:stream/web').ReadableStream<Uint8Array>),
    hashing,
    createWriteStream(partial, { flags: 'wx', mode: 0o600 }),
  );
  if (!manifest) throw new Error('Tệp sao lưu chưa có manifest.json.');
  return { manifest, sha256: hash.digest('hex'), bytes };
}

/** Makes the archive; see the module comment. */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const startedAt = performance.now();
  const root = resolve(options.root);
  const dbFile = databaseFile(options.databaseUrl, root);
  const outDir = resolve(options.outDir);
  const sourcesOf = partSources(root, resolve(options.h5pDir));
  for (const [part, source] of Object.entries(sourcesOf)) {
    if (inside(outDir, source))
      throw new Error(
        `Thư mục chứa bản sao lưu (${outDir}) nằm trong phần được sao lưu (${part}: ${source}); hãy chọn chỗ khác.`,
      );
  }
  if (!existsSync(dbFile)) throw new Error(`Không thấy tệp cơ sở dữ liệu ${dbFile} (DATABASE_URL).`);
  // Archives hold personal data and password hashes: readable by the backup's user only.
  mkdirSync(outDir, { recursive: true, mode: 0o700 });

  let started = new Date();
  while (existsSync(join(outDir, archiveName(started)))) started = new Date(started.getTime() + 1);
  const name = archiveName(started);
  const archive = join(outDir, name);
  const partial = join(outDir, `.${name}.partial`);
  const staging = mkdtempSync(join(outDir, `.${name}.staging-`));
  let release: (() => void) | undefined;
  let written: Awaited<ReturnType<typeof writeArchive>> | undefined;
  try {
    release = await holdPublishLock(root, options.lockWaitMs ?? 30 * 60_000, log);
    for (let attempt = 1; !written; attempt += 1) {
      try {
        written = await writeArchive(options, root, dbFile, partial, staging, started);
      } catch (error) {
        rmSync(partial, { force: true });
        if (!(error instanceof FileChanged) || attempt >= 3) throw error;
        log(`${error.message} Sao lưu lại từ đầu (lần ${attempt + 1}).`);
      }
    }
  } finally {
    release?.();
    rmSync(staging, { recursive: true, force: true });
  }
  renameSync(partial, archive);
  writeFileSync(`${archive}.sha256`, `${written.sha256}  ${name}\n`);
  const pruned = options.keep ? pruneArchives(outDir, options.keep) : [];
  return {
    archive,
    bytes: written.bytes,
    sha256: written.sha256,
    durationMs: performance.now() - startedAt,
    manifest: written.manifest,
    pruned,
  };
}

/**
 * Deletes the archives of `outDir` that `policy` does not keep (with their .sha256), and hidden
 * leftovers of a backup that was stopped more than a day ago. Returns the archive names deleted.
 */
export function pruneArchives(outDir: string, policy: RetentionPolicy): string[] {
  const names = readdirSync(outDir);
  const doomed = archivesToPrune(names, policy);
  for (const name of doomed) {
    rmSync(join(outDir, name), { force: true });
    rmSync(join(outDir, `${name}.sha256`), { force: true });
  }
  for (const name of names) {
    const leftover = /^\.(hoc-lieu-so-[^/]+\.tar\.gz)\.(partial|staging-.+)$/.exec(name);
    if (!leftover || !archiveTime(leftover[1])) continue;
    try {
      if (Date.now() - statSync(join(outDir, name)).mtimeMs > 86_400_000)
        rmSync(join(outDir, name), { recursive: true, force: true });
    } catch {
      // Gone already.
    }
  }
  return doomed;
}
