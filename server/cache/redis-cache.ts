import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Cache, Unsubscribe } from './cache';

const VERSIONS_KEY = 'tenant-versions'; // hash: tenantId -> version
const VERSION_CHANNEL = 'tenant-version';

export interface RedisCacheOptions {
  url: string;
  prefix: string;
  logger: Logger;
}

/**
 * The shared cache: every instance reads and writes the same Redis. Tenant versions are kept in
 * a Redis hash and mirrored in memory; a bump is announced on a channel, and the whole hash is
 * read again whenever the subscriber (re)connects, so a missed message cannot leave stale pages.
 */
export class RedisCache implements Cache {
  readonly shared = true;
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly versions = new Map<number, number>();
  private readonly handlers = new Map<string, Set<(message: string) => void>>();

  constructor(private readonly opts: RedisCacheOptions) {
    this.prefix = opts.prefix;
    const common = {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    };
    // While Redis is down a command fails at once (no offline queue): a page does not wait on a
    // cache it can do without, and what needs Redis (sign-in, limits) refuses at once.
    this.client = new Redis(opts.url, { ...common, enableOfflineQueue: false, keyPrefix: this.prefix });
    this.subscriber = new Redis(opts.url, { ...common, enableOfflineQueue: true });
    for (const c of [this.client, this.subscriber]) {
      c.on('error', (err) => opts.logger.warn({ err: err.message }, 'redis error'));
    }
    this.subscriber.on('messageBuffer', (ch: Buffer, msg: Buffer) => this.dispatch(ch.toString(), msg.toString()));
    this.subscriber.on('ready', () => void this.reloadVersions());
    this.subscribe(VERSION_CHANNEL, (m) => {
      const [id, v] = m.split(':').map(Number);
      if (id && v && v > (this.versions.get(id) ?? 0)) this.versions.set(id, v);
    });
  }

  /** Waits until the versions are loaded, so the first request already uses the right ones. */
  async ready(): Promise<void> {
    if (this.client.status !== 'ready')
      await new Promise<void>((resolve) => {
        // At start, wait for the connection (or give up after 10 s and run degraded).
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 10_000);
        this.client.once('ready', done);
      });
    await this.reloadVersions();
  }

  private async reloadVersions() {
    try {
      const all = await this.client.hgetall(VERSIONS_KEY);
      for (const [id, v] of Object.entries(all)) this.versions.set(Number(id), Number(v));
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'could not load tenant cache versions');
    }
  }

  async get(key: string) {
    return this.client.getBuffer(key);
  }
  async set(key: string, value: Buffer | string, ttlSeconds: number) {
    await this.client.set(key, value, 'EX', Math.max(1, Math.round(ttlSeconds)));
  }
  async del(key: string) {
    await this.client.del(key);
  }
  async take(key: string) {
    return this.client.getdelBuffer(key);
  }
  async incr(key: string, ttlSeconds: number) {
    const [[, n]] = (await this.client
      .multi()
      .incr(key)
      .expire(key, Math.max(1, Math.round(ttlSeconds)), 'NX')
      .exec()) as [[Error | null, number], unknown];
    return n;
  }

  tenantVersion(tenantId: number) {
    return this.versions.get(tenantId) ?? 0;
  }
  async bumpTenantVersion(tenantId: number) {
    const v = await this.client.hincrby(VERSIONS_KEY, String(tenantId), 1);
    this.versions.set(tenantId, Math.max(v, this.versions.get(tenantId) ?? 0));
    await this.publish(VERSION_CHANNEL, `${tenantId}:${v}`);
    return v;
  }

  async publish(channel: string, message: string) {
    await this.client.publish(this.prefix + channel, message);
  }
  subscribe(channel: string, handler: (message: string) => void): Unsubscribe {
    const full = this.prefix + channel;
    let set = this.handlers.get(full);
    if (!set) {
      set = new Set();
      this.handlers.set(full, set);
      void this.subscriber.subscribe(full).catch(() => undefined); // ioredis resubscribes on reconnect
    }
    set.add(handler);
    return () => set.delete(handler);
  }
  private dispatch(channel: string, message: string) {
    for (const h of this.handlers.get(channel) ?? []) h(message);
  }

  async ping() {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
  async close() {
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
  }
}
