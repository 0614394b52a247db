/**
 * What a backup archive holds and how it is checked: the parts, where each lives in the archive,
 * manifest.json (its shape, read with zod), the rule for a safe entry path, and the comparisons a
 * restore makes before it touches anything. Pure: no file system, no database.
 *
 * Layout of an archive (a .tar.gz):
 *   database.db            the database, taken with VACUUM INTO (one file, rollback-journal mode)
 *   data/builds/…          current.json and the build folder it names (not older builds)
 *   data/h5p/…             installed H5P packages (H5P_DIR)
 *   data/drafts/…          media uploaded to drafts, waiting for publication
 *   content/…              the live content (publications write their course here)
 *   public/media/…         the live media (publications write their uploads here)
 *   manifest.json          last: it lists the SHA-256 and size of every file before it
 */
import { z } from 'astro/zod';

export const MANIFEST_PATH = 'manifest.json';
export const DATABASE_ENTRY = 'database.db';
export const MANIFEST_FORMAT = 'hoc-lieu-so-backup';
export const MANIFEST_VERSION = 1;

/** The folder parts of an archive: name and the path prefix of their entries. */
export const FOLDER_PARTS = [
  { name: 'builds', prefix: 'data/builds/' },
  { name: 'h5p', prefix: 'data/h5p/' },
  { name: 'drafts', prefix: 'data/drafts/' },
  { name: 'content', prefix: 'content/' },
  { name: 'media', prefix: 'public/media/' },
] as const;

export type FolderPartName = (typeof FOLDER_PARTS)[number]['name'];
export type PartName = 'database' | FolderPartName;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);

export const ManifestFileSchema = z.strictObject({ path: z.string().min(1).max(4096), size: count, sha256 });

const PartSchema = z.strictObject({ files: count, bytes: count });

export const ManifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  formatVersion: z.literal(MANIFEST_VERSION),
  /** When the backup began (ISO 8601). */
  createdAt: z.iso.datetime(),
  /** When the database snapshot was taken: every write acknowledged before this is in it. */
  databaseSnapshotAt: z.iso.datetime(),
  app: z.strictObject({ name: z.string(), version: z.string(), commit: z.string().nullable() }),
  database: z.strictObject({
    file: z.literal(DATABASE_ENTRY),
    sqliteVersion: z.string(),
    integrity: z.literal('ok'),
    /**
     * drizzle's __drizzle_migrations: how many ran, and the last one: its tag in the journal
     * (db/migrations/meta/_journal.json, e.g. "0005_h5p_versions"), hash and created_at (the
     * journal's "when"); its id column is NULL in SQLite, kept as drizzle wrote it.
     */
    migrations: z.strictObject({
      count,
      lastId: count.nullable(),
      lastTag: z.string().nullable(),
      lastHash: z.string().nullable(),
      lastCreatedAt: z.number().nullable(),
    }),
    /** Rows per table, every table of the database. */
    tables: z.record(z.string(), count),
  }),
  /** The published build current.json named (null when the site serves dist/). */
  currentBuild: z.string().nullable(),
  /** Files and bytes per part; a restore replaces each part as a whole (an empty part empties it). */
  parts: z.strictObject({
    database: PartSchema,
    builds: PartSchema,
    h5p: PartSchema,
    drafts: PartSchema,
    content: PartSchema,
    media: PartSchema,
  }),
  files: z.array(ManifestFileSchema),
  /** Files left out, with the reason (a symbolic link, a name a restore would refuse). */
  skipped: z.array(z.strictObject({ path: z.string(), reason: z.string() })),
});

export type ManifestFile = z.infer<typeof ManifestFileSchema>;
export type BackupManifest = z.infer<typeof ManifestSchema>;

/** The manifest from its text, or the reasons it is not one. */
export function parseManifest(
  text: string,
): { ok: true; manifest: BackupManifest } | { ok: false; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['manifest.json không phải JSON hợp lệ.'] };
  }
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues
        .slice(0, 5)
        .map((issue) => `manifest.json sai ở "${issue.path.join('.')}": ${issue.message}`),
    };
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of parsed.data.files) {
    const problem = entryPathProblem(file.path, 'File');
    if (problem) problems.push(`manifest.json: ${problem}`);
    if (seen.has(file.path)) problems.push(`manifest.json liệt kê hai lần tệp ${file.path}.`);
    seen.add(file.path);
  }
  if (!seen.has(DATABASE_ENTRY)) problems.push('manifest.json không có tệp cơ sở dữ liệu database.db.');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, manifest: parsed.data };
}

/** The part an archive path belongs to, or undefined. */
export function partOf(path: string): PartName | undefined {
  if (path === DATABASE_ENTRY) return 'database';
  return FOLDER_PARTS.find((part) => path.startsWith(part.prefix))?.name;
}

/**
 * Why an archive entry may not be restored, or undefined: only files and folders, with a relative
 * path of plain segments (no "..", ".", empty segment, backslash or control character), inside one
 * of the parts, or manifest.json itself.
 */
export function entryPathProblem(path: string, type: string): string | undefined {
  if (type !== 'File' && type !== 'Directory')
    return `mục "${path}" có loại ${type}; tệp sao lưu chỉ được có tệp và thư mục.`;
  const bare = type === 'Directory' ? path.replace(/\/$/, '') : path;
  if (bare.length === 0 || bare.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(bare))
    return `đường dẫn không hợp lệ: "${path}".`;
  if (bare.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'))
    return `đường dẫn không hợp lệ: "${path}".`;
  if (type === 'File' && bare === MANIFEST_PATH) return undefined;
  if (
    type === 'Directory' &&
    FOLDER_PARTS.some((part) => `${bare}/`.startsWith(part.prefix) || part.prefix.startsWith(`${bare}/`))
  )
    return undefined;
  if (type === 'File' && partOf(bare) !== undefined) return undefined;
  return `mục "${path}" nằm ngoài các phần của một bản sao lưu.`;
}

/** What the archive holds: path → size and SHA-256, as read. */
export type ArchivedFiles = ReadonlyMap<string, { size: number; sha256: string }>;

/** Every way the archived files differ from the manifest's list (empty when they match). */
export function compareFiles(listed: readonly ManifestFile[], archived: ArchivedFiles): string[] {
  const problems: string[] = [];
  const listedPaths = new Set<string>();
  for (const file of listed) {
    listedPaths.add(file.path);
    const found = archived.get(file.path);
    if (!found) problems.push(`Thiếu tệp ${file.path} (manifest có, tệp sao lưu không có).`);
    else if (found.size !== file.size)
      problems.push(`Tệp ${file.path} dài ${found.size} byte, manifest ghi ${file.size} byte.`);
    else if (found.sha256 !== file.sha256)
      problems.push(`Tệp ${file.path} sai mã kiểm tra SHA-256 (nội dung đã bị thay đổi hoặc hỏng).`);
  }
  for (const path of archived.keys())
    if (!listedPaths.has(path)) problems.push(`Tệp ${path} có trong tệp sao lưu nhưng manifest không liệt kê.`);
  return problems;
}

/** Tables whose row count differs from the manifest's (empty when they all match). */
export function compareRowCounts(
  expected: Readonly<Record<string, number>>,
  actual: Readonly<Record<string, number>>,
): string[] {
  const problems: string[] = [];
  for (const [table, rows] of Object.entries(expected)) {
    if (!(table in actual)) problems.push(`Cơ sở dữ liệu thiếu bảng ${table}.`);
    else if (actual[table] !== rows) problems.push(`Bảng ${table} có ${actual[table]} dòng, manifest ghi ${rows}.`);
  }
  for (const table of Object.keys(actual))
    if (!(table in expected)) problems.push(`Bảng ${table} có trong cơ sở dữ liệu nhưng manifest không ghi.`);
  return problems;
}

/**
 * Why a database with these migrations cannot be served by code whose journal has these "when"
 * values, or undefined. drizzle runs every migration newer than the last one applied, so an older
 * database is brought up to date at the next start; a newer one (from later code) cannot be.
 */
export function migrationProblem(
  migrations: BackupManifest['database']['migrations'],
  journalWhens: readonly number[],
): string | undefined {
  if (migrations.lastCreatedAt === null) return undefined;
  const newest = journalWhens.length > 0 ? Math.max(...journalWhens) : -Infinity;
  if (migrations.lastCreatedAt > newest) {
    return `Bản sao lưu có lược đồ cơ sở dữ liệu mới hơn mã nguồn đang cài (${migrations.count} migration, mã nguồn có ${journalWhens.length}); hãy cập nhật mã nguồn trước khi khôi phục.`;
  }
  return undefined;
}
