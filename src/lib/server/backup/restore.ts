/**
 * Restores an archive made by create.ts into an instance that is stopped. Nothing of the instance
 * is touched until the whole archive has been checked:
 *  1. refused if the instance looks running (instance.ts) or the folder is not this project;
 *  2. if "<archive>.sha256" is beside it, the archive's own SHA-256 must match;
 *  3. every entry is unpacked into a hidden staging folder inside the project folder (same file
 *     system, so the final moves are renames), refusing any entry that is not a plain file or
 *     folder with a safe path, and hashing each file on the way; manifest.json must be there and
 *     valid, every file must match its size and SHA-256, none may be missing or extra; the database
 *     must pass PRAGMA integrity_check with the row count of every table the manifest records;
 *     its migrations must not be newer than the code in the folder;
 *  4. checked again that the instance is not running; then each part is swapped in: what was
 *     there is moved aside into data/pre-restore-<time>/ (kept for the operator to delete), the
 *     staged part renamed into place; the database last, with its old -wal and -shm moved aside too.
 * Any refusal removes the staging folder: the instance is as it was. The next start (npm start)
 * migrates as usual, and rebuilds the site from the restored content/ (marked changed).
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { entries } from 'tar';
import { companionFiles, databaseFacts, databaseFile, integrityOk } from './database.ts';
import { partSources } from './create.ts';
import { runningReasons } from './instance.ts';
import {
  DATABASE_ENTRY,
  FOLDER_PARTS,
  MANIFEST_PATH,
  compareFiles,
  compareRowCounts,
  entryPathProblem,
  migrationProblem,
  parseManifest,
  type BackupManifest,
} from '../../backup/manifest.ts';

/** A restore refused before anything was changed, with every reason found. */
export class RestoreRefused extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Không khôi phục: ${problems.join(' ')}`);
    this.problems = problems;
  }
}

/** The largest manifest.json read into memory. */
const MANIFEST_LIMIT = 256 * 1024 * 1024;

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)
    hash.update(chunk);
  return hash.digest('hex');
}

/** The archive's own checksum file's verdict: a problem, or undefined (also when there is none). */
async function sidecarProblem(archive: string): Promise<string | undefined> {
  const sidecar = `${archive}.sha256`;
  if (!existsSync(sidecar)) return undefined;
  const expected = /^([0-9a-f]{64})\b/i.exec(readFileSync(sidecar, 'utf8').trim())?.[1]?.toLowerCase();
  if (!expected) return `${basename(sidecar)} không chứa mã SHA-256.`;
  return (await fileSha256(archive)) === expected
    ? undefined
    : `Mã SHA-256 của tệp sao lưu không khớp ${basename(sidecar)}: tệp đã bị thay đổi hoặc hỏng.`;
}

export interface Verified {
  manifest: BackupManifest;
  /** The staging folder, holding every part as it will be placed. */
  staging: string;
}

/**
 * Unpacks `archive` into `staging` (an empty folder) and checks it (steps 2 and 3 above). Returns
 * the manifest, or throws RestoreRefused.
 */
export async function verifyArchive(archive: string, staging: string): Promise<Verified> {
  const sidecar = await sidecarProblem(archive);
  if (sidecar) throw new RestoreRefused([sidecar]);

  const archived = new Map<string, { size: number; sha256: string }>();
  let manifestText: string | undefined;
  // Decompressed here rather than by tar, so the rest of the stream can be read to its end after
  // the last entry: that is when gzip checks its CRC-32 and length, which cover manifest.json too.
  const tarBytes = (createReadStream(archive).pipe(createGunzip()) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const input: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next: () => tarBytes.next() }) };
  try {
    for await (const entry of entries(input, { strict: true })) {
      const problem = entryPathProblem(entry.path, entry.type);
      if (problem) throw new RestoreRefused([`Tệp sao lưu có ${problem}`]);
      const path = entry.path.replace(/\/$/, '');
      if (entry.type === 'Directory') {
        mkdirSync(join(staging, ...path.split('/')), { recursive: true });
        continue;
      }
      if (archived.has(path) || (path === MANIFEST_PATH && manifestText !== undefined))
        throw new RestoreRefused([`Tệp sao lưu có hai mục ${path}.`]);
      if (path === MANIFEST_PATH) {
        if (entry.size > MANIFEST_LIMIT) throw new RestoreRefused(['manifest.json quá lớn.']);
        manifestText = await entry.text();
        continue;
      }
      const target = join(staging, ...path.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      const hash = createHash('sha256');
      let size = 0;
      const handle = await openFile(target, 'wx', ((entry.mode ?? 0o644) & 0o777) | 0o600);
      try {
        for await (const chunk of entry.body) {
          hash.update(chunk);
          size += chunk.length;
          await handle.write(chunk);
        }
      } finally {
        await handle.close();
      }
      if (entry.mtime) utimesSync(target, entry.mtime, entry.mtime);
      archived.set(path, { size, sha256: hash.digest('hex') });
    }
    while (!(await tarBytes.next()).done) {
      // The end-of-archive blocks and gzip's trailer.
    }
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const what = code.startsWith('Z_') ? 'dữ liệu nén gzip bị hỏng' : 'không đọc được';
    throw new RestoreRefused([`Tệp sao lưu bị hỏng: ${what} (${(error as Error).message}).`]);
  } finally {
    await tarBytes.return?.();
  }
  if (manifestText === undefined) throw new RestoreRefused(['Tệp sao lưu không có manifest.json.']);
  const parsed = parseManifest(manifestText);
  if (!parsed.ok) throw new RestoreRefused(parsed.problems);
  const problems = compareFiles(parsed.manifest.files, archived);
  if (problems.length > 0)
    throw new RestoreRefused(
      problems.length > 10 ? [...problems.slice(0, 10), `… và ${problems.length - 10} lỗi khác.`] : problems,
    );

  const facts = await databaseFacts(join(staging, DATABASE_ENTRY));
  for (const companion of companionFiles(join(staging, DATABASE_ENTRY))) rmSync(companion, { force: true });
  if (!integrityOk(facts))
    throw new RestoreRefused([
      `Cơ sở dữ liệu trong tệp sao lưu không qua PRAGMA integrity_check: ${facts.integrity.join('; ')}`,
    ]);
  const rows = compareRowCounts(parsed.manifest.database.tables, facts.tables);
  if (rows.length > 0) throw new RestoreRefused(rows);
  return { manifest: parsed.manifest, staging };
}

/** Verifies an archive without restoring it (the staging folder is made beside it, then removed). */
export async function verifyOnly(archive: string): Promise<BackupManifest> {
  if (!existsSync(archive) || !statSync(archive).isFile())
    throw new RestoreRefused([`Không thấy tệp sao lưu ${archive}.`]);
  const staging = mkdtempSync(join(dirname(resolve(archive)), '.verify-'));
  try {
    return (await verifyArchive(resolve(archive), staging)).manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export interface RestoreOptions {
  archive: string;
  /** The project folder to restore into (content/, public/media/, data/). */
  root: string;
  /** A `file:` URL; a relative path is taken from `root`. */
  databaseUrl: string;
  /** H5P_DIR of the instance (absolute). */
  h5pDir: string;
  /** Where the instance would answer (its HOST and PORT). */
  host: string;
  port: number;
  log?: (line: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where what was replaced now is (undefined when nothing was there). */
  previous: string | undefined;
  databaseFile: string;
  durationMs: number;
}

/** Moves a file or folder, by rename, or by copy then rename when it crosses file systems. */
function move(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const temporary = join(dirname(to), `.${basename(to)}.restore-${process.pid}`);
    rmSync(temporary, { recursive: true, force: true });
    cpSync(from, temporary, { recursive: true, preserveTimestamps: true });
    renameSync(temporary, to);
    rmSync(from, { recursive: true, force: true });
  }
}

function projectProblem(root: string): string | undefined {
  if (!existsSync(root) || !statSync(root).isDirectory()) return `Không thấy thư mục dự án ${root}.`;
  try {
    const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string }).name;
    return name === 'hoc-lieu-so'
      ? undefined
      : `${root} không phải thư mục dự án Học Liệu Số (package.json có tên "${name}").`;
  } catch {
    return `${root} không phải thư mục dự án Học Liệu Số (không đọc được package.json).`;
  }
}

/** The "when" of every migration the code in `root` has (db/migrations/meta/_journal.json). */
function journalWhens(root: string): number[] {
  try {
    const journal = JSON.parse(readFileSync(join(root, 'db', 'migrations', 'meta', '_journal.json'), 'utf8')) as {
      entries?: { when?: number }[];
    };
    return (journal.entries ?? []).map((entry) => Number(entry.when)).filter(Number.isFinite);
  } catch {
    return [];
  }
}

/** Restores; see the module comment. Throws RestoreRefused when it changed nothing. */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const startedAt = performance.now();
  const archive = resolve(options.archive);
  const root = resolve(options.root);
  if (!existsSync(archive) || !statSync(archive).isFile())
    throw new RestoreRefused([`Không thấy tệp sao lưu ${archive}.`]);
  const notProject = projectProblem(root);
  if (notProject) throw new RestoreRefused([notProject]);
  let dbFile: string;
  try {
    dbFile = databaseFile(options.databaseUrl, root);
  } catch (error) {
    throw new RestoreRefused([(error as Error).message]);
  }
  const probe = { root, databaseFile: dbFile, host: options.host, port: options.port };
  const running = await runningReasons(probe);
  if (running.length > 0)
    throw new RestoreRefused([...running, 'Hãy dừng máy chủ (ví dụ systemctl stop hoc-lieu-so) rồi chạy lại.']);

  const staging = mkdtempSync(join(root, '.restore-'));
  try {
    log('Đang kiểm tra tệp sao lưu…');
    const { manifest } = await verifyArchive(archive, staging);
    const tooNew = migrationProblem(manifest.database.migrations, journalWhens(root));
    if (tooNew) throw new RestoreRefused([tooNew]);
    log(`Tệp sao lưu hợp lệ: ${manifest.files.length} tệp, tạo lúc ${manifest.createdAt}.`);
    const stillRunning = await runningReasons(probe);
    if (stillRunning.length > 0)
      throw new RestoreRefused([...stillRunning, 'Máy chủ vừa chạy trong lúc kiểm tra; hãy dừng nó rồi chạy lại.']);

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const previous = join(root, 'data', `pre-restore-${stamp}`);
    let movedAside = false;
    const aside = (from: string, to: string) => {
      if (!existsSync(from)) return;
      move(from, to);
      movedAside = true;
    };
    const sources = partSources(root, resolve(options.h5pDir));
    try {
      for (const part of FOLDER_PARTS) {
        const staged = join(staging, ...part.prefix.split('/').filter(Boolean));
        mkdirSync(staged, { recursive: true });
        aside(sources[part.name], join(previous, ...part.prefix.split('/').filter(Boolean)));
        move(staged, sources[part.name]);
        log(`Đã khôi phục ${part.prefix} (${manifest.parts[part.name].files} tệp).`);
      }
      // Files keep their archived times, but the folder is marked changed now: npm start rebuilds
      // when content/ is newer than the builds, so the site is built from the restored content by
      // the code in the folder (a dist/ built before the restore would otherwise win over it).
      const now = new Date();
      utimesSync(sources.content, now, now);
      for (const file of [dbFile, ...companionFiles(dbFile)]) aside(file, join(previous, 'database', basename(file)));
      move(join(staging, DATABASE_ENTRY), dbFile);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}. Việc khôi phục dừng giữa chừng: những phần đã thay nằm ở chỗ cũ, dữ liệu trước đó ở ${previous}.`,
        { cause: error },
      );
    }
    log(`Đã khôi phục cơ sở dữ liệu vào ${dbFile}.`);
    return {
      manifest,
      previous: movedAside ? previous : undefined,
      databaseFile: dbFile,
      durationMs: performance.now() - startedAt,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
