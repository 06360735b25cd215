// npm run migrate [-- up | down | status]
import { loadConfig } from '../config';
import { createMigrator, withMigrationLock } from '../db/migrate';
import { createLogger, openDatabase } from '../platform';

async function run() {
  const command = process.argv[2] ?? 'up';
  if (!['up', 'down', 'status'].includes(command)) {
    console.error(`Lệnh không hợp lệ: ${command} (dùng up, down hoặc status)`);
    process.exit(2);
  }
  const config = loadConfig();
  const db = await openDatabase(config, createLogger(config));
  try {
    const migrator = createMigrator(db.sequelize);
    if (command === 'status') {
      for (const m of await migrator.executed()) console.log(`đã chạy   ${m.name}`);
      for (const m of await migrator.pending()) console.log(`chưa chạy ${m.name}`);
      return;
    }
    const done = await withMigrationLock(db.databaseUrl, () => (command === 'up' ? migrator.up() : migrator.down()));
    const names = done.map((m) => m.name).join(', ');
    if (command === 'up') console.log(names ? `Đã áp dụng: ${names}` : 'Không có migration nào cần áp dụng.');
    else console.log(names ? `Đã hoàn tác: ${names}` : 'Không có migration nào để hoàn tác.');
  } finally {
    await db.close();
  }
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
