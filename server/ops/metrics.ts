// Prometheus metrics (prom-client): requests and latency per tenant kind, page-cache hits, the
// database pool, and the background work waiting. Served at /metrics by the front door, to a
// bearer token (METRICS_TOKEN) or to the addresses of METRICS_ALLOW; with neither set, to
// nobody. Never to the public.
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyaddr from 'proxy-addr';
import client from 'prom-client';
import { QueryTypes, type Sequelize } from 'sequelize';
import { crossSiteReadCounts } from '../db/cross-site';

export class Metrics {
  readonly registry = new client.Registry();
  private readonly requests = new client.Counter({
    name: 'cong_http_requests_total',
    help: 'HTTP requests answered, by the kind of site, status class and page-cache result',
    labelNames: ['tenant_kind', 'status', 'cache'] as const,
    registers: [this.registry],
  });
  private readonly duration = new client.Histogram({
    name: 'cong_http_request_duration_seconds',
    help: 'Time to answer a request, by the kind of site',
    labelNames: ['tenant_kind'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(sequelize: Sequelize) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'cong_' });
    const pool = () =>
      (
        sequelize.connectionManager as unknown as {
          pool?: { size?: number; available?: number; using?: number; waiting?: number };
        }
      ).pool ?? {};
    for (const [name, help, read] of [
      ['cong_db_pool_size', 'Database connections open', () => pool().size ?? 0],
      ['cong_db_pool_available', 'Database connections idle', () => pool().available ?? 0],
      ['cong_db_pool_waiting', 'Queries waiting for a database connection', () => pool().waiting ?? 0],
    ] as const)
      new client.Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    // Background work: report exports and scheduled items waiting to run.
    new client.Gauge({
      name: 'cong_jobs_waiting',
      help: 'Background jobs waiting, by queue',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        const [row] = await sequelize
          .query<{ exports: string; scheduled: string }>(
            `SELECT (SELECT count(*) FROM report_exports WHERE status IN ('queued','running')) AS exports,
                    (SELECT count(*) FROM items WHERE review_state = 'scheduled' AND scheduled_at <= now()) AS scheduled`,
            { type: QueryTypes.SELECT },
          )
          .catch(() => [undefined]);
        this.set({ queue: 'report_exports' }, Number(row?.exports ?? 0));
        this.set({ queue: 'scheduled_publishing' }, Number(row?.scheduled ?? 0));
      },
    });
    // Reads that span sites, per named purpose (server/db/cross-site.ts): a new purpose, or one
    // that suddenly reads far more, is worth a look.
    new client.Counter({
      name: 'cong_cross_site_reads_total',
      help: 'Reads across sites through crossSite(), by purpose',
      labelNames: ['purpose'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [purpose, n] of crossSiteReadCounts()) this.inc({ purpose }, n);
      },
    });
  }

  /** Counts one answered request; `started` is process.hrtime.bigint() at its arrival. */
  observe(tenantKind: string, status: number, cache: string, started: bigint) {
    this.requests.inc({ tenant_kind: tenantKind, status: `${Math.floor(status / 100)}xx`, cache });
    this.duration.observe({ tenant_kind: tenantKind }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/**
 * Who may read /metrics and the details of /readyz: a client with the bearer token
 * (METRICS_TOKEN) or from an address of METRICS_ALLOW. With neither set, nobody: closed by
 * default, since a proxy on the same host makes every visitor a loopback client.
 */
export interface MonitoringGate {
  /** Neither a token nor an allow-list is set: /metrics is not there at all. */
  closed: boolean;
  allows(req: IncomingMessage): boolean;
}

export function monitoringGate(token: string | null, allow: string[]): MonitoringGate {
  const trusted = allow.length ? proxyaddr.compile(allow) : null;
  const expected = token ? crypto.createHash('sha256').update(`Bearer ${token}`).digest() : null;
  return {
    closed: !expected && !trusted,
    allows(req) {
      const given = req.headers.authorization;
      // Compared as hashes: equal lengths, and no early exit that would time the token.
      if (expected && given && crypto.timingSafeEqual(crypto.createHash('sha256').update(given).digest(), expected))
        return true;
      return !!trusted && trusted(req.socket.remoteAddress ?? '', 0);
    },
  };
}

export async function serveMetrics(metrics: Metrics, req: IncomingMessage, res: ServerResponse, gate: MonitoringGate) {
  const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  if (gate.closed) {
    res.writeHead(404, headers);
    return void res.end('Không tìm thấy trang.');
  }
  if (!gate.allows(req)) {
    res.writeHead(403, headers);
    return void res.end('Không có quyền xem số liệu vận hành.');
  }
  const body = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}
