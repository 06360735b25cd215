import type { Logger } from 'pino';
import type { Cache } from './cache';
import { MemoryCache } from './memory-cache';
import { RedisCache } from './redis-cache';

export async function createCache(opts: { redisUrl: string | null; prefix: string; logger: Logger }): Promise<Cache> {
  if (!opts.redisUrl) return new MemoryCache();
  const cache = new RedisCache({ url: opts.redisUrl, prefix: opts.prefix, logger: opts.logger });
  await cache.ready();
  return cache;
}
