// The portal as main.ts runs it, on a database that already holds its data (the one
// `npm run generate` fills): migrations are applied if any are pending, nothing is seeded.
// The runner passes DATABASE_URL (and REDIS_URL/REDIS_PREFIX if it wants Redis) in the env.
import { loadConfig } from '../server/config';
import { createHttpServer } from '../server/http/http-server';
import { createLogger, startPlatform } from '../server/platform';
import { listenAndReport } from './child';

async function main() {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('portal-data.ts needs DATABASE_URL (a generated database)');
  const platform = await startPlatform(config, { logger: createLogger(config) });
  const server = createHttpServer(platform.handler, config.httpTimeouts);
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
