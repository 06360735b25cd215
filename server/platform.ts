// Assembles one instance of the platform from its configuration: database (embedded or real),
// migrations, cache, tenant registry, themes, the HTTP handler. main.ts, the CLI commands and the
// tests all start it the same way.
import cluster from 'node:cluster';
import { AdCounter } from './ads/ads.service';
import { runUptimeCheck, selfCheckServer } from './ops/uptime.service';
import { Metrics, monitoringGate } from './ops/metrics';
import { runQueuedExports } from './reports/export.service';
import { VisitCounter } from './visits/visit-counter';
import http from 'node:http';
import type { Sequelize } from 'sequelize';
import pino, { type Logger } from 'pino';
import { TenantRegistry } from '../tenants/tenant-registry';
import type { Cache } from './cache/cache';
import { createCache } from './cache/create-cache';
import type { Config } from './config';
import { initModels } from './db/models';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres';
import { migrationsCurrent } from './db/migration-files';
import { createSequelize } from './db/sequelize';
import { createApp } from './app';
import { createFrontDoor } from './http/front-door';
import { requestResolver } from './http/resolve-request';
import { frontItemPages } from './http/front-item-pages';
import { pruneSearchWords } from './content/search-words';
import { SiteChrome } from './site/site-chrome';
import { SitePages } from './site/site-page';
import { readiness } from './http/health';
import { PageCache } from './cache/page-cache';
import { requestOrigin } from './core/request-host';
import { Renderer } from './render/renderer';
import { loadThemes } from './render/theme';
import { themesDir } from './paths';
import path from 'node:path';
import type { AdminDeps } from '../admin/admin-context';
import { AdminViews } from '../admin/admin-views';
import { LoginThrottle } from './auth/login-throttle';
import { SecretBox } from './auth/secret-box';
import { SessionProbe } from './auth/session-probe';
import { resolveSessionSecret } from './auth/session-secret';
import { configureImageJobs } from './media/image-jobs';
import { PrivateFiles } from './media/private-files';
import { LocalFileStore } from './media/file-store';
import { seedCalendar } from './calendar/working-calendar';
import { publishDueItems } from './content/content.service';

export interface Platform {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  /** The URL in use: DATABASE_URL, or the embedded database's socket. */
  databaseUrl: string;
  cache: Cache;
  registry: TenantRegistry;
  renderer: Renderer;
  pageCache: PageCache;
  secrets: SecretBox;
  /** The request listener: front door first, then Express. */
  handler: http.RequestListener;
  /** True when this start created a new embedded database. */
  freshEmbeddedDatabase: boolean;
  /** Page views counted in this process, flushed to Postgres on each scheduler tick. */
  visits: VisitCounter;
  adCounter: AdCounter;
  close(): Promise<void>;
}

export interface PlatformOptions {
  logger?: Logger;
  /** Apply pending migrations while starting (default true). */
  migrate?: boolean;
  themesDir?: string;
  /** Run the scheduled-publishing tick (default true; tests drive it by hand). */
  scheduler?: boolean;
}

export const SCHEDULER_TICK_MS = 20_000;

export interface Database {
  sequelize: Sequelize;
  databaseUrl: string;
  /** True when this start created a new embedded database. */
  fresh: boolean;
  close(): Promise<void>;
}

// Sequelize model classes are process-wide: initialising them on a second Sequelize would re-bind
// every model. So instances in one process (tests, CLI commands) share one Sequelize per URL (and
// replicas), closed when the last user closes it.
const sharedSequelize = new Map<string, { sequelize: Sequelize; users: number }>();

/** The real Postgres at DATABASE_URL, or else the embedded one under DATA_DIR; models registered. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, maxConnections: 5 });
    databaseUrl = embedded.url;
    logger.info({ dataDir: config.dataDir, created: embedded.created }, 'embedded Postgres (PGlite) started');
  }
  const url = databaseUrl;
  const replicas = config.databaseReplicas;
  const key = JSON.stringify([url, replicas]);
  let shared = sharedSequelize.get(key);
  if (!shared) {
    const sequelize = createSequelize({ url, poolMax: embedded ? 5 : 10, logger, replicas });
    initModels(sequelize);
    shared = { sequelize, users: 0 };
    sharedSequelize.set(key, shared);
  }
  shared.users++;
  const entry = shared;
  let closed = false;
  return {
    sequelize: entry.sequelize,
    databaseUrl: url,
    fresh: embedded?.created ?? false,
    async close() {
      if (closed) return;
      closed = true;
      if (--entry.users === 0) {
        sharedSequelize.delete(key);
        await entry.sequelize.close();
      }
      await embedded?.stop();
    },
  };
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  // Under CLUSTER_WORKERS each line says which worker wrote it.
  return pino({
    level: config.logLevel,
    base: cluster.isWorker ? { pid: process.pid } : undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export async function startPlatform(config: Config, opts: PlatformOptions = {}): Promise<Platform> {
  const logger = opts.logger ?? createLogger(config);
  // Themes first: a broken theme should stop the start before anything else is opened.
  const themes = loadThemes(opts.themesDir ?? themesDir);
  const renderer = new Renderer(themes, 'tinh');

  configureImageJobs(config);
  const db = await openDatabase(config, logger);
  const { sequelize, databaseUrl } = db;
  let cache: Cache | null = null;
  try {
    if (opts.migrate !== false && !(await migrationsCurrent(sequelize))) {
      // umzug is loaded only when there is something to migrate. require, not import(): from
      // dist/ an import() of a project file would need its '.js', which jest and tsx do not have.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { migrateUp } = require('./db/migrate') as typeof import('./db/migrate');
      const applied = await migrateUp(sequelize, databaseUrl);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    cache = await createCache({ redisUrl: config.redisUrl, prefix: config.redisPrefix, logger });
    const registry = new TenantRegistry(config.primaryDomain, cache, logger);
    await registry.start();
    renderer.assertThemesOf(registry.all());
    const now = new Date().getUTCFullYear();
    await seedCalendar(sequelize, [now - 1, now, now + 1, now + 2]);
    const pageCache = new PageCache(cache);
    const origin = requestOrigin(config.trustProxy);
    const sessionSecret = resolveSessionSecret(config);
    const secrets = new SecretBox(sessionSecret);
    const throttle = new LoginThrottle(cache);
    const views = new AdminViews();
    const admin: AdminDeps = {
      logger,
      sequelize,
      cache,
      registry,
      origin,
      views,
      secrets,
      throttle,
      files: new PrivateFiles(path.join(config.dataDir, 'private')),
      sessionSecret,
      themeNames: [...themes.keys()],
      renderer,
      mediaStore: config.mediaS3
        ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK, only when used
          new (require('./media/s3-file-store') as typeof import('./media/s3-file-store')).S3FileStore(config.mediaS3)
        : new LocalFileStore(path.join(config.dataDir, 'media')),
    };
    const visits = new VisitCounter();
    const metrics = new Metrics(sequelize);
    const adCounter = new AdCounter();
    const resolveRequest = requestResolver({ registry, origin, pageCache, cache, sequelize });
    const sitePages = new SitePages(
      // Only a key the pipeline took before rendering: a change during the render is never stored as current.
      { registry, renderer, origin, pageCache, pageCacheKeyOf: (req) => resolveRequest(req).takenKey },
      new SiteChrome(sequelize, cache, visits),
    );
    const app = createApp({
      resolveRequest,
      sitePages,
      visits,
      adCounter,
      mediaStore: admin.mediaStore,
      logger,
      admin,
      registry,
      renderer,
      pageCache,
      origin,
      trustProxy: config.trustProxy,
    });
    const handler = createFrontDoor({
      registry,
      renderer,
      adminViews: views,
      pageCache,
      origin,
      ready: () => readiness(sequelize, cache!),
      app: app as unknown as http.RequestListener,
      pages: frontItemPages({ sitePages, logger }),
      visits,
      metrics,
      monitoring: monitoringGate(config.metricsToken, config.metricsAllow),
      sessions: new SessionProbe(cache, sessionSecret),
      resolveRequest,
    });
    const openCache = cache;
    const selfCheck = selfCheckServer(handler);
    // Scheduled publishing: every instance ticks, the advisory lock in publishDueItems lets one
    // of them publish, so an item goes out once, within a tick of its time, also after a restart.
    // A tick's jobs, kept so that shutdown waits for them before it closes the pools.
    let tick: Promise<unknown> = Promise.resolve();
    const scheduler =
      opts.scheduler === false
        ? null
        : setInterval(() => {
            tick = Promise.allSettled([
              publishDueItems({ sequelize, cache: openCache }).catch((err) =>
                logger.error({ err }, 'scheduled publishing failed'),
              ),
              visits
                .flush(sequelize)
                .catch((err) => logger.warn({ err }, 'visit counts not flushed; kept for the next tick')),
              adCounter.flush(sequelize).catch((err) => logger.warn({ err }, 'ad counts not flushed; kept')),
              pruneSearchWords(sequelize).catch((err) => logger.warn({ err }, 'search words not pruned; kept queued')),
              runUptimeCheck({ sequelize, cache: openCache, registry, port: selfCheck.port }).catch((err) =>
                logger.warn({ err }, 'uptime self-check failed'),
              ),
              runQueuedExports({
                sequelize,
                files: admin.files,
                logger,
                sites: () => registry.all().map((s) => ({ id: s.id, name: s.nameVi, kind: s.kind })),
              }).catch((err) => logger.error({ err }, 'report exports failed')),
            ]);
          }, SCHEDULER_TICK_MS);
    scheduler?.unref();
    return {
      config,
      logger,
      sequelize,
      databaseUrl,
      cache: openCache,
      registry,
      renderer,
      pageCache,
      secrets,
      handler,
      freshEmbeddedDatabase: db.fresh,
      visits,
      adCounter,
      async close() {
        if (scheduler) clearInterval(scheduler);
        // Bounded: a long export left unfinished is picked up again by the next start.
        await Promise.race([tick, new Promise((r) => setTimeout(r, 10_000).unref())]);
        await selfCheck.close();
        await adCounter.flush(sequelize).catch(() => undefined);
        await visits.flush(sequelize).catch((err) => logger.warn({ err }, 'visit counts lost at shutdown'));
        registry.stop();
        await openCache.close();
        await db.close();
      },
    };
  } catch (err) {
    await cache?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}
