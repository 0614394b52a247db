/**
 * `npm run backup`: one consistent archive (.tar.gz) of a running instance: its database (VACUUM
 * INTO), the current published build, H5P packages, draft uploads, content/ and public/media/,
 * with manifest.json (src/lib/server/backup/ has the logic). Prints the archive's path, size and
 * duration; with --keep (or BACKUP_KEEP), deletes older archives past the policy. Exits 1 on
 * failure, leaving no partial archive under the archive's name.
 */
import { formatBytes } from '../src/lib/format.ts';
import { BACKUP_USAGE, backupConfig } from '../src/lib/server/backup/cli.ts';
import { createBackup } from '../src/lib/server/backup/create.ts';

try {
  let config: ReturnType<typeof backupConfig>;
  try {
    config = backupConfig(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    console.error(`${(error as Error).message}\n${BACKUP_USAGE}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(BACKUP_USAGE);
    process.exit(0);
  }
  const result = await createBackup({ ...config, log: (line) => console.log(line) });
  const { parts } = result.manifest;
  console.log(`Đã sao lưu: ${result.archive}`);
  console.log(
    `Dung lượng: ${formatBytes(result.bytes)} (${result.bytes.toLocaleString('vi-VN')} byte, ${result.manifest.files.length} tệp)`,
  );
  console.log(`Thời gian: ${(result.durationMs / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây`);
  console.log(
    `Gồm: cơ sở dữ liệu ${formatBytes(parts.database.bytes)}, bản dựng ${result.manifest.currentBuild ?? '(chưa xuất bản)'} ${formatBytes(parts.builds.bytes)}, ` +
      `H5P ${formatBytes(parts.h5p.bytes)}, bản nháp ${formatBytes(parts.drafts.bytes)}, content/ ${formatBytes(parts.content.bytes)}, public/media/ ${formatBytes(parts.media.bytes)}`,
  );
  console.log(`SHA-256: ${result.sha256} (${result.archive}.sha256)`);
  for (const skipped of result.manifest.skipped) console.log(`Bỏ qua ${skipped.path}: ${skipped.reason}`);
  if (result.pruned.length > 0)
    console.log(`Đã xóa ${result.pruned.length} bản sao lưu cũ: ${result.pruned.join(', ')}`);
} catch (error) {
  console.error(`Sao lưu không thành công: ${(error as Error).message}`);
  process.exit(1);
}
