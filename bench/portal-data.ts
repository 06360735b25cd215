// The portal as main.ts runs it, on a database that already holds its data (the one
// `npm run generate` fills): migrations are applied if any are pending, nothing is seeded.
// The runner passes DATABASE_URL (and REDIS_URL/REDIS_PREFIX if it wants Redis) in the env.
import http from 'node:http';
import { loadConfig } from '../server/config';
import { createLogger, startPlatform } from '../server/platform';
import { listenAndReport } from './child';

async function main() {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('portal-data.ts needs DATABASE_URL (a generated database)');
  const platform = await startPlatform(config, { logger: createLogger(config) });
  const server = http.createServer(
    { requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 },
    platform.handler,
  );
  listenAndReport(
    server,
    { database: 'postgres', redis: !!config.redisUrl, sites: platform.registry.all().length },
    () => platform.close(),
  );
}

main().catch((err) => {
  console.error('portal-data:', err);
  process.exit(1);
});
