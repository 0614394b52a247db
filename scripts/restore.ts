/**
 * `npm run restore -- <archive>`: checks the archive completely (manifest, every SHA-256, the
 * database's integrity_check and row counts) before touching anything, refuses while the instance
 * looks running, then swaps each part in (what was there is moved to data/pre-restore-<time>/).
 * With --verify-only, only checks. Exits 1, changing nothing, on any refusal. The next start
 * (npm start) migrates the restored database as usual.
 */
import { formatBytes } from '../src/lib/format.ts';
import { RESTORE_USAGE, restoreConfig } from '../src/lib/server/backup/cli.ts';
import { RestoreRefused, restoreBackup, verifyOnly } from '../src/lib/server/backup/restore.ts';

try {
  let config: ReturnType<typeof restoreConfig>;
  try {
    config = restoreConfig(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    console.error(`${(error as Error).message}\n${RESTORE_USAGE}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(RESTORE_USAGE);
    process.exit(0);
  }
  if (config.verifyOnly) {
    const manifest = await verifyOnly(config.archive);
    console.log(`Tệp sao lưu hợp lệ: ${config.archive}`);
    console.log(
      `Tạo lúc ${manifest.createdAt} (phiên bản ${manifest.app.version}${manifest.app.commit ? `, ${manifest.app.commit.slice(0, 12)}` : ''}), ${manifest.files.length} tệp, ${manifest.database.migrations.count} migration.`,
    );
    process.exit(0);
  }
  const result = await restoreBackup({ ...config, log: (line) => console.log(line) });
  const bytes = result.manifest.files.reduce((sum, file) => sum + file.size, 0);
  console.log(
    `Đã khôi phục bản sao lưu lúc ${result.manifest.createdAt} vào ${config.root} (${result.manifest.files.length} tệp, ${formatBytes(bytes)}) trong ${(result.durationMs / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây.`,
  );
  if (result.previous)
    console.log(`Dữ liệu cũ đã được chuyển sang ${result.previous}; xóa thư mục này khi đã kiểm tra xong.`);
  console.log(
    'Khởi động lại máy chủ (npm start hoặc systemctl start hoc-lieu-so): migration sẽ chạy như thường lệ, và trang được dựng lại từ content/ đã khôi phục.',
  );
} catch (error) {
  if (error instanceof RestoreRefused) {
    console.error('Không khôi phục (chưa thay đổi gì):');
    for (const problem of error.problems) console.error(`  - ${problem}`);
  } else console.error(`Khôi phục không thành công: ${(error as Error).message}`);
  process.exit(1);
}
