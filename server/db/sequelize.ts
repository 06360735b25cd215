import { Sequelize, type Transaction } from 'sequelize';
import type { Logger } from 'pino';

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  logger?: Logger;
  /**
   * Read replicas of `url` (postgres://user:password@host:port/database; a user, password or
   * database left out is `url`'s) and how long after a change to a site its reads must stay on
   * the primary.
   */
  replicas?: { urls: string[]; graceMs: number } | null;
}

interface ReplicationPool {
  acquire(queryType: string | undefined, useMaster: boolean | undefined): Promise<unknown>;
}

const replicasOf = new WeakMap<Sequelize, { graceMs: number }>();

/** The replicas' grace period when this Sequelize has replicas; null when every query goes to the primary. */
export const replicaReads = (sequelize: Sequelize) => replicasOf.get(sequelize) ?? null;

/** One replica as Sequelize's `replication.read` takes it; Sequelize fills what is left out from the primary's. */
function replicaConfig(url: string) {
  const u = new URL(url);
  const given = (v: string) => (v ? decodeURIComponent(v) : undefined);
  const config = {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(u.port || 5432),
    username: given(u.username),
    password: given(u.password),
    database: given(u.pathname.slice(1)),
  };
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
}

/** One Sequelize instance per process, Postgres only. Models are registered by the caller. */
export function createSequelize(opts: DatabaseOptions): Sequelize {
  const replicas = opts.replicas?.urls.length ? opts.replicas : null;
  const sequelize = new Sequelize(opts.url, {
    dialect: 'postgres',
    logging: opts.logger ? (sql) => opts.logger!.trace({ sql }, 'sql') : false,
    // With replicas, the write pool (the primary) and the read pool (shared by the replicas)
    // each hold up to `max` connections.
    pool: { min: 0, max: opts.poolMax ?? 10, idle: 10_000, acquire: 15_000 },
    define: { underscored: true, timestamps: true },
    ...(replicas ? { replication: { read: replicas.urls.map(replicaConfig), write: {} } } : {}),
  });
  if (replicas) {
    // Sequelize sends every SELECT outside a transaction to a replica unless it says
    // `useMaster: true`: a read right after a write (the back office, services, sign-in) would
    // see the replica's past. So the default is flipped: only a query that says
    // `useMaster: false` (publicRead() of the request context) may read from a replica. This is
    // done in the pool because the beforeQuery hook runs after the connection is taken.
    const pool = (sequelize.connectionManager as unknown as { pool: ReplicationPool }).pool;
    const acquire = pool.acquire;
    let warnedAt = 0;
    pool.acquire = (queryType, useMaster) =>
      useMaster !== false
        ? acquire(queryType, true)
        : // A replica that cannot be reached does not take the public pages down: the primary answers.
          acquire(queryType, false).catch((err: unknown) => {
            if (Date.now() - warnedAt > 60_000) {
              warnedAt = Date.now();
              opts.logger?.warn({ err }, 'read replica unavailable; reading from the primary');
            }
            return acquire(queryType, true);
          });
    replicasOf.set(sequelize, { graceMs: replicas.graceMs });
  }
  return sequelize;
}

/**
 * The connection a transaction belongs to, for a platform-wide read (the working calendar) inside
 * an action. Sequelize keeps it on every transaction; its types leave it out.
 */
export const connectionOf = (transaction: Transaction): Sequelize =>
  (transaction as unknown as { sequelize: Sequelize }).sequelize;
