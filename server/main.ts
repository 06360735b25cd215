// Boot: config → themes → database (embedded or DATABASE_URL) → migrations → demo seed on a new
// embedded database → cache → listen. SIGTERM stops accepting, lets requests in flight finish,
// then closes the pools.
import http from 'node:http';
import { ConfigError, loadConfig } from './config';
import { createLogger, startPlatform } from './platform';
import { seedDemo } from './seed/demo';

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
  const platform = await startPlatform(config, { logger });
  if (platform.freshEmbeddedDatabase) {
    const { accounts, ...result } = await seedDemo(platform);
    logger.info(result, 'demo data created in the new embedded database');
    if (accounts) printDemoAccounts(accounts);
  }

  const server = http.createServer(
    { requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 },
    platform.handler,
  );
  server.listen(config.port, () => {
    const port = (server.address() as { port: number }).port;
    const base = `http://${config.primaryDomain}${port === 80 ? '' : `:${port}`}`;
    logger.info({ port, portal: base }, `Cổng is listening: ${base}/`);
  });

  let stopping = false;
  const stop = (signal: string) => {
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
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
