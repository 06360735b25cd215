// npm run backup [-- <directory>]: the database and the files, into a new directory (by default
// DATA_DIR/backups/<time>). With the embedded database, stop the server first.
import path from 'node:path';
import { loadConfig } from '../config';
import { backup, BackupError } from '../ops/backup.service';

async function main() {
  const config = loadConfig();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(process.argv[2] ?? path.join(config.dataDir, 'backups', stamp));
  const m = await backup(config, dir);
  console.log(
    `Đã sao lưu vào ${dir}: ${m.database === 'postgres' ? 'Postgres' : 'cơ sở dữ liệu nhúng'}, ${m.sites} trang, ${m.items} mục; tệp: ${m.files.join(', ') || 'không có'}.` +
      (m.mediaBucket ? ` Tệp media nằm ở bucket ${m.mediaBucket}: sao lưu bằng công cụ của kho lưu trữ.` : ''),
  );
}

main().catch((err) => {
  console.error(err instanceof BackupError ? err.message : err);
  process.exit(1);
});
