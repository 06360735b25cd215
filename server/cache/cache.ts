// One cache interface with two implementations: Redis (shared by every instance) and a bounded
// in-process LRU (the embedded default). Besides key/value storage it carries the per-tenant
// cache version (bumped on any change to a site, so that every cached page of that site is
// superseded at once) and a publish/subscribe bus between instances.

export type Unsubscribe = () => void;

export interface Cache {
  /** True when every instance sees the same data (Redis); false for the in-process LRU. */
  readonly shared: boolean;
  get(key: string): Promise<Buffer | null>;
  set(key: string, value: Buffer | string, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Reads and deletes in one step: a one-time value can be taken once only. */
  take(key: string): Promise<Buffer | null>;
  /** Atomically adds 1 to a counter that expires ttlSeconds after it was created. */
  incr(key: string, ttlSeconds: number): Promise<number>;

  /** The tenant's current cache version, from memory: the hot path never waits on the network. */
  tenantVersion(tenantId: number): number;
  /** Starts a new version for the tenant on every instance. */
  bumpTenantVersion(tenantId: number): Promise<number>;

  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Unsubscribe;

  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Redis key namespace of one tenant, as the architecture sets: `t:<tenantId>:`. */
export const tenantKey = (tenantId: number, rest: string) => `t:${tenantId}:${rest}`;

/** A pseudo-tenant whose cache version moves whenever any site publishes: the portal home's feed. */
export const SUBSITE_FEED = 0;
