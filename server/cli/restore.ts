// npm run restore -- <directory> [--force]: into the configured database (empty, unless --force)
// and DATA_DIR. With the embedded database, stop the server first.
import path from 'node:path';
import { loadConfig } from '../config';
import { BackupError, restore } from '../ops/backup.service';

async function main() {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('Cách dùng: npm run restore -- <thư mục sao lưu> [--force]');
    process.exit(2);
  }
  const m = await restore(loadConfig(), path.resolve(dir), args.includes('--force'));
  console.log(`Đã khôi phục bản sao lưu lúc ${m.createdAt}: ${m.sites} trang, ${m.items} mục.`);
}

main().catch((err) => {
  console.error(err instanceof BackupError ? err.message : err);
  process.exit(1);
});
