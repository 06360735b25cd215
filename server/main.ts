// Boot: config → themes → database (embedded or DATABASE_URL) → migrations → demo seed on a new
// embedded database → cache → listen. SIGTERM or Ctrl+C stops accepting, lets requests in flight
// finish, then closes the pools and the embedded database. A signal that arrives while starting
// is kept until the start is done: killing PGlite mid-write would leave its lock and socket
// behind, or worse, a half-written database.
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config';
import { createHttpServer } from './http/http-server';
import { configureVirusScan } from './media/virus-scan';
import { createLogger, startPlatform } from './platform';
import { isLocalDomain, seedDemo } from './seed/demo';

/** Printed once, when the demo accounts are created: the password is not stored anywhere else. */
function printDemoAccounts(a: { password: string; generated: boolean; emails: string[]; totpSecret: string }) {
  console.log(
    [
      '',
      'Tài khoản mẫu (demo accounts):',
      ...a.emails.map((e) => `  ${e}`),
      `  Mật khẩu / password: ${a.generated ? a.password : '(DEMO_PASSWORD)'}`,
      `  Khóa 2FA mẫu / demo TOTP secret: ${a.totpSecret}  (npm run totp-code)`,
      '',
    ].join('\n'),
  );
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config);
  if (config.clusterWorkers > 1 && cluster.isPrimary) return superviseWorkers(config.clusterWorkers, logger);
  let stopRequested: string | null = null;
  let stop = (signal: string) => {
    if (!stopRequested) logger.info({ signal }, 'stopping once the start is done');
    stopRequested = signal;
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const platform = await startPlatform(config, { logger });
  if (platform.freshEmbeddedDatabase && !isLocalDomain(config.primaryDomain)) {
    logger.warn(
      { domain: config.primaryDomain },
      'no demo on a real domain: run `npm run setup` for the first accounts',
    );
  } else if (platform.freshEmbeddedDatabase) {
    const { accounts, ...result } = await seedDemo(platform);
    logger.info(result, 'demo data created in the new embedded database');
    if (accounts) printDemoAccounts(accounts);
  }
  if (stopRequested) {
    await platform.close();
    logger.info('stopped');
    process.exit(0);
  }

  configureVirusScan(config, logger);
  const server = createHttpServer(platform.handler, config.httpTimeouts);
  server.listen(config.port, () => {
    const port = (server.address() as { port: number }).port;
    const base = `http://${config.primaryDomain}${port === 80 ? '' : `:${port}`}`;
    logger.info({ port, portal: base }, `Cổng is listening: ${base}/`);
  });

  let stopping = false;
  stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      logger.warn('requests still open after 20 s; closing them');
      server.closeAllConnections();
    }, 20_000).unref();
    server.close(async () => {
      clearTimeout(force);
      await platform.close();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
}

/**
 * CLUSTER_WORKERS > 1: this process only supervises. Workers share the listening port (the
 * cluster module hands connections out), Postgres and Redis; a worker that dies is replaced,
 * and SIGTERM is passed on to every worker, each finishing its requests.
 */
function superviseWorkers(n: number, logger: ReturnType<typeof createLogger>) {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < n; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    setTimeout(fork, 1000).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: n }, 'shutting down the workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 25_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  logger.info({ workers: n }, 'supervising workers');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
