import path from 'node:path';
import { ConfigError, loadConfig } from '../../../server/config';

describe('loadConfig', () => {
  test('defaults: embedded database, in-process cache, the demo domain', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: null,
      redisUrl: null,
      port: 3000,
      primaryDomain: 'tuyenquang.localhost',
      trustProxy: false,
      logLevel: 'info',
      production: false,
    });
    expect(path.isAbsolute(c.dataDir)).toBe(true);
  });

  test('reads every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/cong',
      REDIS_URL: 'redis://cache:6379/1',
      PORT: '8080',
      PRIMARY_DOMAIN: 'TuyenQuang.gov.vn.',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      SESSION_SECRET: 'x'.repeat(40),
      DATA_DIR: '/var/lib/cong',
      LOG_LEVEL: 'debug',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/cong',
      redisUrl: 'redis://cache:6379/1',
      port: 8080,
      primaryDomain: 'tuyenquang.gov.vn',
      trustProxy: ['10.0.0.0/8', 'loopback'],
      sessionSecret: 'x'.repeat(40),
      dataDir: '/var/lib/cong',
      logLevel: 'debug',
    });
  });

  test.each([
    ['TRUST_PROXY', 'true', true],
    ['TRUST_PROXY', 'false', false],
    ['TRUST_PROXY', '2', 2],
  ])('%s=%s', (name, value, expected) => {
    expect(loadConfig({ [name]: value }).trustProxy).toEqual(expected);
  });

  test('an empty variable counts as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: null, port: 3000 });
  });

  test.each([
    ['DATABASE_URL', 'mysql://localhost/cong', /postgres/],
    ['DATABASE_URL', 'not a url', /postgres/],
    ['REDIS_URL', 'http://localhost:6379', /redis/],
    ['PORT', 'abc', /whole number/],
    ['PORT', '70000', /0 to 65535/],
    ['PRIMARY_DOMAIN', 'https://tuyenquang.gov.vn', /host name/],
    ['PRIMARY_DOMAIN', 'tuyên quang', /host name/],
    ['TRUST_PROXY', 'sometimes', /true, false, a hop count/],
    ['SESSION_SECRET', 'short', /32 characters/],
    ['DATA_DIR', __filename, /must be a directory/],
    ['LOG_LEVEL', 'verbose', /one of fatal, error/],
    ['REDIS_PREFIX', 'bad prefix!', /letters, digits/],
    ['METRICS_TOKEN', 'short', /24 characters/],
    ['METRICS_ALLOW', 'everyone', /addresses or CIDRs/],
    ['CLUSTER_WORKERS', '0', /1 to 64/],
    ['CLUSTER_WORKERS', 'many', /1 to 64/],
    ['CLUSTER_WORKERS', '2', /needs DATABASE_URL/],
  ])('refuses %s=%p with a message naming it', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toMatch(message);
  });

  test('several workers need the shared database and cache; metrics settings are read', () => {
    expect(() => loadConfig({ CLUSTER_WORKERS: '2', DATABASE_URL: 'postgres://db/cong' })).toThrow(/needs REDIS_URL/);
    const c = loadConfig({
      CLUSTER_WORKERS: '4',
      DATABASE_URL: 'postgres://db/cong',
      REDIS_URL: 'redis://cache:6379',
      METRICS_TOKEN: 't'.repeat(24),
      METRICS_ALLOW: '10.0.0.0/8, LOOPBACK',
    });
    expect(c).toMatchObject({
      clusterWorkers: 4,
      metricsToken: 't'.repeat(24),
      metricsAllow: ['10.0.0.0/8', 'loopback'],
    });
    // Closed by default: no address may read /metrics without the token.
    expect(loadConfig({})).toMatchObject({ clusterWorkers: 1, metricsToken: null, metricsAllow: [] });
  });

  test('production requires SESSION_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) }).production).toBe(true);
  });
});
