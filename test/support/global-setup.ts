// Runs once before the main suite. With DATABASE_URL (CI), it creates a fresh database on that
// server for this run; without it, it starts an in-memory embedded Postgres that lives as long
// as the run. Either way it migrates the database and seeds the demo, then points the test
// workers at it. With REDIS_URL, the run gets its own key prefix.
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres';
import { loadConfig } from '../../server/config';
import { createLogger, startPlatform } from '../../server/platform';
import { seedDemo } from '../../server/seed/demo';

/** The demo accounts' password in tests. */
export const DEMO_PASSWORD = 'Thu-nghiem-2026';

declare global {
  var __congMainTeardown: (() => Promise<void>) | undefined;
}

export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const cleanups: (() => Promise<void>)[] = [];

  if (process.env.DATABASE_URL) {
    const admin = new URL(process.env.DATABASE_URL);
    const dbName = `cong_test_${runId}`;
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE ${dbName}`);
    await client.end();
    const url = new URL(admin.toString());
    url.pathname = `/${dbName}`;
    process.env.DATABASE_URL = url.toString();
    process.env.TEST_ADMIN_DATABASE_URL = admin.toString();
    cleanups.push(async () => {
      const c = new Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    });
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: null, maxConnections: 64 });
    process.env.DATABASE_URL = embedded.url;
    process.env.TEST_EMBEDDED = '1';
    cleanups.push(() => embedded.stop());
  }
  if (process.env.REDIS_URL) process.env.REDIS_PREFIX = `cong-test-${runId}:`;
  process.env.LOG_LEVEL = 'silent';
  process.env.SESSION_SECRET ??= `test-session-secret-${runId}-0123456789abcdef`;
  process.env.DEMO_PASSWORD = DEMO_PASSWORD;

  const config = loadConfig();
  const platform = await startPlatform(config, { logger: createLogger(config) });
  await seedDemo(platform);
  await platform.close();

  if (process.env.REDIS_URL) {
    const { Redis } = await import('ioredis');
    cleanups.push(async () => {
      const redis = new Redis(process.env.REDIS_URL!);
      const keys = await redis.keys(`${process.env.REDIS_PREFIX}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });
  }
  globalThis.__congMainTeardown = async () => {
    for (const c of cleanups.reverse()) await c().catch((err) => console.error('teardown:', err));
  };
}
