import pino from 'pino';
import type { Cache } from '../../server/cache/cache';
import { MemoryCache } from '../../server/cache/memory-cache';
import { RedisCache } from '../../server/cache/redis-cache';
import { uid } from '../support/test-platform';

const logger = pino({ level: 'silent' });
const redisUrl = process.env.REDIS_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(10);
  return check();
};

const implementations: [string, () => Promise<Cache>][] = [
  ['in-process LRU', async () => new MemoryCache({ maxBytes: 1024 * 1024 })],
];
if (redisUrl) {
  implementations.push([
    'Redis',
    async () => {
      const c = new RedisCache({
        url: redisUrl,
        prefix: `${process.env.REDIS_PREFIX ?? 'cong-test:'}${uid()}:`,
        logger,
      });
      await c.ready();
      return c;
    },
  ]);
}

describe.each(implementations)('%s cache', (_name, make) => {
  let cache: Cache;
  beforeEach(async () => (cache = await make()));
  afterEach(() => cache.close());

  test('get, set with TTL, delete', async () => {
    expect(await cache.get('k')).toBeNull();
    await cache.set('k', 'giá trị', 60);
    expect((await cache.get('k'))!.toString()).toBe('giá trị');
    await cache.set('b', Buffer.from([0, 1, 2, 255]), 60);
    expect([...(await cache.get('b'))!]).toEqual([0, 1, 2, 255]);
    await cache.del('k');
    expect(await cache.get('k')).toBeNull();
    await cache.set('short', 'x', 1);
    await sleep(1100);
    expect(await cache.get('short')).toBeNull();
  });

  test('counters count atomically and expire', async () => {
    const counts = await Promise.all(Array.from({ length: 20 }, () => cache.incr('hits', 1)));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await sleep(1100);
    expect(await cache.incr('hits', 1)).toBe(1);
  });

  test('tenant versions start at 0 and are bumped per tenant', async () => {
    expect(cache.tenantVersion(1)).toBe(0);
    expect(await cache.bumpTenantVersion(1)).toBe(1);
    expect(await cache.bumpTenantVersion(1)).toBe(2);
    expect(cache.tenantVersion(1)).toBe(2);
    expect(cache.tenantVersion(2)).toBe(0);
  });

  test('publish reaches subscribers; unsubscribe stops it', async () => {
    const got: string[] = [];
    const off = cache.subscribe('news', (m) => got.push(m));
    await sleep(50); // Redis subscriptions are asynchronous
    await cache.publish('news', 'một');
    expect(await waitFor(() => got.length === 1)).toBe(true);
    off();
    await cache.publish('news', 'hai');
    await sleep(100);
    expect(got).toEqual(['một']);
  });

  test('answers ping', async () => {
    expect(await cache.ping()).toBe(true);
  });
});

test('the in-process cache stays within its byte bound', async () => {
  const cache = new MemoryCache({ maxBytes: 10_000 });
  for (let i = 0; i < 100; i++) await cache.set(`k${i}`, Buffer.alloc(1000), 60);
  let kept = 0;
  for (let i = 0; i < 100; i++) if (await cache.get(`k${i}`)) kept++;
  expect(kept).toBeLessThanOrEqual(10);
  expect(await cache.get('k99')).not.toBeNull();
});

(redisUrl ? describe : describe.skip)('Redis across instances', () => {
  test('a version bump on one instance reaches the other, and a new instance loads current versions', async () => {
    const prefix = `${process.env.REDIS_PREFIX ?? 'cong-test:'}${uid()}:`;
    const a = new RedisCache({ url: redisUrl!, prefix, logger });
    const b = new RedisCache({ url: redisUrl!, prefix, logger });
    await Promise.all([a.ready(), b.ready()]);
    await sleep(100);
    try {
      await a.bumpTenantVersion(7);
      await a.bumpTenantVersion(7);
      expect(await waitFor(() => b.tenantVersion(7) === 2, 1000)).toBe(true);
      const c = new RedisCache({ url: redisUrl!, prefix, logger });
      await c.ready();
      expect(c.tenantVersion(7)).toBe(2);
      await c.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
