// The portal as main.ts runs it (same createServer options), but on a free port chosen by the
// OS and always seeded with the demo. The runner chooses the database through the environment:
// DATA_DIR (a temporary embedded PGlite) or DATABASE_URL (a fresh database on a real server).
import http from 'node:http';
import { loadConfig } from '../server/config';
import { createLogger, startPlatform } from '../server/platform';
import { seedDemo } from '../server/seed/demo';
import { listenAndReport } from './child';

async function main() {
  const config = loadConfig(process.env);
  const platform = await startPlatform(config, { logger: createLogger(config) });
  // The bench's database is always new, embedded or not; seedDemo is idempotent anyway.
  await seedDemo(platform);
  const server = http.createServer(
    { requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 },
    platform.handler,
  );
  listenAndReport(server, { database: config.databaseUrl ? 'postgres' : 'embedded', redis: !!config.redisUrl }, () =>
    platform.close(),
  );
}

main().catch((err) => {
  console.error('portal-server:', err);
  process.exit(1);
});
