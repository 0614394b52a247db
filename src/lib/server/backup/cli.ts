/**
 * The options of `npm run backup` and `npm run restore`, from the command line and the
 * environment. Pure. Paths of the instance (DATABASE_URL, H5P_DIR) are taken from the project
 * folder (--root), as the server takes them from its working folder; --out and the archive from
 * the folder the command runs in.
 */
import { parseArgs } from 'node:util';
import { isAbsolute, join, resolve } from 'node:path';
import { parseKeep, type RetentionPolicy } from '../../backup/retention.ts';

const DEFAULT_DATABASE_URL = 'file:data/hoc-lieu-so.db';

export const BACKUP_USAGE = `Cách dùng: npm run backup -- [--out <thư mục>] [--keep 7d,4w] [--root <thư mục dự án>] [--database-url file:…]
  --out           nơi ghi tệp sao lưu (hoặc BACKUP_DIR; mặc định data/backups/ của thư mục dự án)
  --keep          giữ bản mới nhất của N ngày (d), N tuần (w), N tháng (m) gần nhất; xóa các bản cũ khác (hoặc BACKUP_KEEP)
  --root          thư mục dự án của phiên bản đang chạy (mặc định: thư mục hiện tại)
  --database-url  cơ sở dữ liệu (hoặc DATABASE_URL; mặc định file:data/hoc-lieu-so.db); H5P_DIR như khi chạy máy chủ`;

export const RESTORE_USAGE = `Cách dùng: npm run restore -- <tệp .tar.gz> [--root <thư mục dự án>] [--database-url file:…] [--verify-only]
  --root          thư mục dự án để khôi phục vào (mặc định: thư mục hiện tại); máy chủ của nó phải đang dừng
  --database-url  cơ sở dữ liệu đích (hoặc DATABASE_URL; mặc định file:data/hoc-lieu-so.db); H5P_DIR, HOST, PORT như khi chạy máy chủ
  --verify-only   chỉ kiểm tra tệp sao lưu, không khôi phục`;

export interface BackupConfig {
  root: string;
  databaseUrl: string;
  h5pDir: string;
  outDir: string;
  keep: RetentionPolicy | undefined;
}

export interface RestoreConfig {
  archive: string;
  root: string;
  databaseUrl: string;
  h5pDir: string;
  host: string;
  port: number;
  verifyOnly: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function h5pDirOf(root: string, env: Env): string {
  const dir = env.H5P_DIR ?? join('data', 'h5p');
  return isAbsolute(dir) ? dir : resolve(root, dir);
}

/** The backup's options, or throws an Error whose message is for the operator. */
export function backupConfig(args: readonly string[], env: Env, cwd: string): BackupConfig | 'help' {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      out: { type: 'string' },
      keep: { type: 'string' },
      root: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new Error(`Không hiểu tham số: ${positionals.join(' ')}`);
  const root = resolve(cwd, values.root ?? '.');
  const keepText = values.keep ?? env.BACKUP_KEEP;
  const keep = keepText ? parseKeep(keepText) : undefined;
  if (keepText && !keep)
    throw new Error(`--keep "${keepText}" không hợp lệ; ví dụ: --keep 7d,4w (7 ngày, 4 tuần), thêm 12m cho 12 tháng.`);
  const out = values.out ?? env.BACKUP_DIR;
  return {
    root,
    databaseUrl: values['database-url'] ?? env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    h5pDir: h5pDirOf(root, env),
    outDir: out ? resolve(cwd, out) : join(root, 'data', 'backups'),
    keep,
  };
}

/** The restore's options, or throws an Error whose message is for the operator. */
export function restoreConfig(args: readonly string[], env: Env, cwd: string): RestoreConfig | 'help' {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      root: { type: 'string' },
      'database-url': { type: 'string' },
      'verify-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new Error('Cần đúng một tệp sao lưu (.tar.gz).');
  const root = resolve(cwd, values.root ?? '.');
  const port = Number(env.PORT ?? 4321);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`PORT "${env.PORT}" không hợp lệ.`);
  return {
    archive: resolve(cwd, positionals[0]),
    root,
    databaseUrl: values['database-url'] ?? env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    h5pDir: h5pDirOf(root, env),
    host: env.HOST ?? '127.0.0.1',
    port,
    verifyOnly: values['verify-only'] ?? false,
  };
}
