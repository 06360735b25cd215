// Typed, validated environment. Read once at start; every other module receives the Config
// object it needs instead of reading process.env itself.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { TrustProxy } from './core/request-host';
import { projectRoot } from './paths';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// A hostname in ASCII (IDNs as punycode), as DNS allows: labels of 1-63 letters, digits and
// hyphens, 253 characters at most.
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export type { TrustProxy };

export interface Config {
  databaseUrl: string | null;
  /**
   * Read replicas of DATABASE_URL for anonymous public reads, and how long after a change to a
   * site its reads stay on the primary (the replicas' lag); null: every query goes to DATABASE_URL.
   */
  databaseReplicas: { urls: string[]; graceMs: number } | null;
  redisUrl: string | null;
  port: number;
  primaryDomain: string;
  trustProxy: TrustProxy;
  sessionSecret: string | null;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Prefix of every Redis key and channel, so that several deployments or test runs can share one Redis. */
  redisPrefix: string;
  /** S3-compatible storage for media; null: the local directory DATA_DIR/media. */
  mediaS3: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string } | null;
  /** Password of the demo accounts that `npm run seed` creates; random and printed when unset. */
  demoPassword: string | null;
  /** Bearer token for /metrics and the details of /readyz (METRICS_TOKEN). */
  metricsToken: string | null;
  /**
   * Addresses or CIDRs that may read /metrics and the details of /readyz without the token
   * (METRICS_ALLOW, e.g. `127.0.0.1,::1`, `loopback` or `10.0.0.0/8`). None by default: with
   * neither this nor METRICS_TOKEN, /metrics answers 404 and /readyz only its status, to
   * everyone (behind a proxy on the same host, every visitor would be a loopback client).
   */
  metricsAllow: string[];
  /** Worker processes on this machine (node:cluster); more than 1 needs DATABASE_URL and REDIS_URL. */
  clusterWorkers: number;
  /** Slow-client limits of the HTTP server: all headers within headersMs, the whole request within requestMs. */
  httpTimeouts: { headersMs: number; requestMs: number };
  /** Image jobs (decode and re-encode) run at once in this process; the rest wait their turn. */
  imageJobs: number;
  /** ClamAV's clamscan or clamdscan binary that every upload goes through; null: uploads are not scanned. */
  virusScan: { path: string; timeoutMs: number } | null;
  production: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Cấu hình sai: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

const urlOf = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const trustProxy = z.string().transform((v, ctx): TrustProxy => {
  const s = v.trim().toLowerCase();
  if (s === '' || s === 'false' || s === '0') return false;
  if (s === 'true') return true;
  if (/^[1-9]\d?$/.test(s)) return Number(s);
  const list = s.split(',').map((x) => x.trim());
  const ipOrCidr = /^(loopback|linklocal|uniquelocal|[0-9a-f:.]+(\/\d{1,3})?)$/;
  if (list.every((x) => ipOrCidr.test(x))) return list;
  ctx.addIssue({
    code: 'custom',
    message: 'must be true, false, a hop count (1-99), or a comma-separated list of proxy addresses/CIDRs',
  });
  return z.NEVER;
});

/** A duration in milliseconds, a whole number within bounds. */
const millis = (min: number, max: number) => {
  const message = `must be a whole number of milliseconds from ${min} to ${max}`;
  return z.coerce.number({ message }).int(message).min(min, message).max(max, message);
};

// A replica's connection options other than the address and credentials are DATABASE_URL's
// (Sequelize's replication takes host, port, user, password and database per replica).
const isReplicaUrl = (v: string) => {
  try {
    const u = new URL(v);
    return ['postgres:', 'postgresql:'].includes(u.protocol) && u.hostname !== '' && !u.search && !u.hash;
  } catch {
    return false;
  }
};

const schema = z.object({
  DATABASE_URL: urlOf(['postgres:', 'postgresql:']).optional(),
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.length > 0 && list.every(isReplicaUrl),
      'must be a comma-separated list of postgres://user:password@host:port/database URLs without parameters (SSL and other options are those of DATABASE_URL)',
    )
    .optional(),
  DATABASE_REPLICA_GRACE_MS: millis(0, 600_000).default(5_000),
  REDIS_URL: urlOf(['redis:', 'rediss:']).optional(),
  PORT: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, 'must be a port number from 0 to 65535')
    .default(3000),
  PRIMARY_DOMAIN: z
    .string()
    .transform((v) => v.trim().toLowerCase().replace(/\.$/, ''))
    .refine((v) => HOSTNAME.test(v), 'must be a host name such as tuyenquang.gov.vn (ASCII, no port, no scheme)')
    .default('tuyenquang.localhost'),
  TRUST_PROXY: trustProxy.default(false),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters long').optional(),
  DATA_DIR: z.string().min(1, 'must be a directory path').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1-64 letters, digits, colons, hyphens or underscores')
    .default('cong:'),
  MEDIA_S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
    )
    .optional(),
  MEDIA_S3_ENDPOINT: urlOf(['http:', 'https:']).optional(),
  MEDIA_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, 'must be a region name such as us-east-1')
    .default('us-east-1'),
  MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters long').optional(),
  CLUSTER_WORKERS: z.coerce
    .number({ message: 'must be a whole number from 1 to 64' })
    .int('must be a whole number from 1 to 64')
    .min(1, 'must be a whole number from 1 to 64')
    .max(64, 'must be a whole number from 1 to 64')
    .default(1),
  HEADERS_TIMEOUT_MS: millis(1_000, 120_000).default(15_000),
  REQUEST_TIMEOUT_MS: millis(1_000, 600_000).default(30_000),
  IMAGE_JOBS: z.coerce
    .number({ message: 'must be a whole number from 1 to 16' })
    .int('must be a whole number from 1 to 16')
    .min(1, 'must be a whole number from 1 to 16')
    .max(16, 'must be a whole number from 1 to 16')
    .default(1),
  CLAMSCAN_PATH: z
    .string()
    .refine((v) => path.isAbsolute(v), 'must be the absolute path of clamdscan or clamscan')
    .optional(),
  CLAMSCAN_TIMEOUT_MS: millis(1_000, 600_000).default(60_000),
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters long').optional(),
  METRICS_ALLOW: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((x) => /^(loopback|linklocal|uniquelocal|[0-9a-f:.]+(\/\d{1,3})?)$/.test(x)),
      'must be a comma-separated list of addresses or CIDRs (or loopback)',
    )
    .optional(),
  NODE_ENV: z.string().optional(),
});

/** Reads and validates the environment. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set": shells and compose files often export VAR= .
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET', 'must be set in production (at least 32 characters)');
  }
  // Workers share nothing but the database and the cache: the embedded database and the
  // in-process cache are one process's.
  if (e.DATABASE_REPLICA_URLS && !e.DATABASE_URL)
    throw new ConfigError('DATABASE_REPLICA_URLS', 'needs DATABASE_URL (the embedded database has no replicas)');
  if (e.CLUSTER_WORKERS > 1 && !e.DATABASE_URL)
    throw new ConfigError('CLUSTER_WORKERS', 'above 1 needs DATABASE_URL (the embedded database serves one process)');
  if (e.CLUSTER_WORKERS > 1 && !e.REDIS_URL)
    throw new ConfigError(
      'CLUSTER_WORKERS',
      'above 1 needs REDIS_URL (sessions, limits and the page cache are shared)',
    );
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS)
    throw new ConfigError('HEADERS_TIMEOUT_MS', `must not be above REQUEST_TIMEOUT_MS (${e.REQUEST_TIMEOUT_MS})`);
  // A scanner that is set but cannot run would refuse every upload: stop at start instead.
  if (e.CLAMSCAN_PATH) {
    try {
      fs.accessSync(e.CLAMSCAN_PATH, fs.constants.X_OK);
      if (!fs.statSync(e.CLAMSCAN_PATH).isFile()) throw new Error('not a file');
    } catch {
      throw new ConfigError('CLAMSCAN_PATH', `must be an executable file, but ${e.CLAMSCAN_PATH} is not`);
    }
  }
  const dataDir = path.resolve(e.DATA_DIR ?? path.join(projectRoot, 'data'));
  if (fs.existsSync(dataDir) && !fs.statSync(dataDir).isDirectory()) {
    throw new ConfigError('DATA_DIR', `must be a directory, but ${dataDir} is a file`);
  }
  return {
    databaseUrl: e.DATABASE_URL ?? null,
    databaseReplicas: e.DATABASE_REPLICA_URLS
      ? { urls: e.DATABASE_REPLICA_URLS, graceMs: e.DATABASE_REPLICA_GRACE_MS }
      : null,
    redisUrl: e.REDIS_URL ?? null,
    port: e.PORT,
    primaryDomain: e.PRIMARY_DOMAIN,
    trustProxy: e.TRUST_PROXY,
    sessionSecret: e.SESSION_SECRET ?? null,
    dataDir,
    logLevel: e.LOG_LEVEL,
    redisPrefix: e.REDIS_PREFIX,
    demoPassword: e.DEMO_PASSWORD ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsAllow: e.METRICS_ALLOW ?? [],
    clusterWorkers: e.CLUSTER_WORKERS,
    httpTimeouts: { headersMs: e.HEADERS_TIMEOUT_MS, requestMs: e.REQUEST_TIMEOUT_MS },
    imageJobs: e.IMAGE_JOBS,
    virusScan: e.CLAMSCAN_PATH ? { path: e.CLAMSCAN_PATH, timeoutMs: e.CLAMSCAN_TIMEOUT_MS } : null,
    mediaS3: e.MEDIA_S3_BUCKET
      ? {
          bucket: e.MEDIA_S3_BUCKET,
          endpoint: e.MEDIA_S3_ENDPOINT,
          region: e.MEDIA_S3_REGION,
          accessKeyId: e.MEDIA_S3_ACCESS_KEY_ID,
          secretAccessKey: e.MEDIA_S3_SECRET_ACCESS_KEY,
        }
      : null,
    production,
  };
}
