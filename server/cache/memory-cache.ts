import { EventEmitter } from 'node:events';
import { LRUCache } from 'lru-cache';
import type { Cache, Unsubscribe } from './cache';

export interface MemoryCacheOptions {
  /** Upper bound of the stored bytes. */
  maxBytes?: number;
}

/** The in-process cache of the embedded default: bounded by size, one process only. */
export class MemoryCache implements Cache {
  readonly shared = false;
  private readonly store: LRUCache<string, Buffer>;
  private readonly counters = new Map<string, { n: number; expires: number }>();
  private readonly versions = new Map<number, number>();
  private readonly bus = new EventEmitter().setMaxListeners(0);

  constructor(opts: MemoryCacheOptions = {}) {
    this.store = new LRUCache<string, Buffer>({
      maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (v) => Math.max(1, v.length),
      ttlAutopurge: false,
    });
  }

  async get(key: string) {
    const v = this.store.get(key);
    if (v) return v;
    // Counters read back as their decimal text, as with Redis GET after INCR.
    const c = this.counters.get(key);
    return c && c.expires > Date.now() ? Buffer.from(String(c.n)) : null;
  }
  async set(key: string, value: Buffer | string, ttlSeconds: number) {
    this.store.set(key, Buffer.isBuffer(value) ? value : Buffer.from(value), { ttl: ttlSeconds * 1000 });
  }
  async del(key: string) {
    this.store.delete(key);
    this.counters.delete(key);
  }
  async take(key: string) {
    const v = this.store.get(key) ?? null;
    this.store.delete(key);
    return v;
  }
  async incr(key: string, ttlSeconds: number) {
    const now = Date.now();
    let c = this.counters.get(key);
    if (!c || c.expires <= now) {
      c = { n: 0, expires: now + ttlSeconds * 1000 };
      this.counters.set(key, c);
      if (this.counters.size > 100_000) this.sweepCounters(now);
    }
    return ++c.n;
  }
  private sweepCounters(now: number) {
    for (const [k, c] of this.counters) if (c.expires <= now) this.counters.delete(k);
  }

  tenantVersion(tenantId: number) {
    return this.versions.get(tenantId) ?? 0;
  }
  async bumpTenantVersion(tenantId: number) {
    const v = this.tenantVersion(tenantId) + 1;
    this.versions.set(tenantId, v);
    return v;
  }

  async publish(channel: string, message: string) {
    // Asynchronous like Redis, so that callers never depend on synchronous delivery.
    setImmediate(() => this.bus.emit(channel, message));
  }
  subscribe(channel: string, handler: (message: string) => void): Unsubscribe {
    this.bus.on(channel, handler);
    return () => this.bus.off(channel, handler);
  }

  async ping() {
    return true;
  }
  async close() {
    this.store.clear();
    this.bus.removeAllListeners();
  }
}
