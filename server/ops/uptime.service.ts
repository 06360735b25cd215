// The self-check: once a minute, across all instances (the first to insert the minute into
// uptime_runs runs it), the database, the cache and each active site's home page are checked;
// checks and failures are added per target and Vietnam day. Uptime % of a period is one
// aggregate over those rows.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Cache } from '../cache/cache';
import { vnDay } from '../calendar/working-calendar';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { canonicalHost } from '../../tenants/resolve-tenant';

export interface UptimeDeps {
  sequelize: Sequelize;
  cache: Cache;
  registry: TenantRegistry;
  /** A loopback port on which this instance answers (see selfCheckServer). */
  port: () => Promise<number>;
}

const TIMEOUT_MS = 5_000;
const within = <T>(p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS))]);

/** Runs this minute's check unless another instance has; returns the results, or null. */
export async function runUptimeCheck(deps: UptimeDeps, now = new Date()): Promise<Record<string, boolean> | null> {
  const claimed = await deps.sequelize.query(
    `INSERT INTO uptime_runs (minute) VALUES (date_trunc('minute', :now::timestamptz)) ON CONFLICT DO NOTHING RETURNING minute`,
    { replacements: { now: now.toISOString() }, type: QueryTypes.SELECT },
  );
  if (claimed.length === 0) return null;
  const results: Record<string, boolean> = {};
  results.database = await within(deps.sequelize.query('SELECT 1')).then(
    () => true,
    () => false,
  );
  results.cache = await within(deps.cache.ping()).then(
    (ok) => ok,
    () => false,
  );
  const port = await deps.port();
  for (const site of deps.registry.all().filter((s) => s.status === 'active')) {
    // The home page through the whole stack, over HTTP on loopback, as a visitor gets it.
    results[`site:${site.id}`] = await within(
      getStatus(port, canonicalHost(site, deps.registry.domain), site.pathPrefix || '/'),
    ).then(
      (status) => status === 200,
      () => false,
    );
  }
  const targets = Object.keys(results);
  await deps.sequelize.query(
    `INSERT INTO uptime_days (target, day, checks, failures)
     SELECT t, :day::date, 1, CASE WHEN ok THEN 0 ELSE 1 END FROM unnest(ARRAY[:targets]::text[], ARRAY[:oks]::boolean[]) AS v(t, ok)
     ON CONFLICT (target, day) DO UPDATE SET checks = uptime_days.checks + 1, failures = uptime_days.failures + EXCLUDED.failures`,
    { replacements: { day: vnDay(now), targets, oks: targets.map((t) => results[t]) }, type: QueryTypes.INSERT },
  );
  await deps.sequelize.query(`DELETE FROM uptime_runs WHERE minute < now() - interval '2 days'`);
  return results;
}

/** Uptime per target over a period of Vietnam days: checks, failures and the share available. */
/** Availability per target over a period, each with its label: the database, the cache, or a site's name. */
export async function uptimeOf(sequelize: Sequelize, from: string, to: string, sites: { id: number; name: string }[]) {
  const name = new Map(sites.map((s) => [`site:${s.id}`, s.name]));
  const rows = await sequelize.query<{ target: string; checks: string; failures: string }>(
    `SELECT target, sum(checks) AS checks, sum(failures) AS failures FROM uptime_days
      WHERE day BETWEEN :from::date AND :to::date
        AND (target IN ('database', 'cache') OR target = ANY(ARRAY[:sites]::text[]))
      GROUP BY target ORDER BY target`,
    {
      replacements: { from, to, sites: sites.length ? [...name.keys()] : [''] },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => ({
    target: r.target,
    checks: Number(r.checks),
    failures: Number(r.failures),
    uptime: Number(r.checks) ? 1 - Number(r.failures) / Number(r.checks) : null,
    label:
      r.target === 'database'
        ? 'Cơ sở dữ liệu'
        : r.target === 'cache'
          ? 'Bộ nhớ đệm'
          : (name.get(r.target) ?? r.target),
  }));
}

function getStatus(port: number, host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { host, 'user-agent': 'cong-uptime-monitor' }, timeout: TIMEOUT_MS },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * A loopback listener on the instance's own handler, for the self-check: opened on first use on
 * an ephemeral port of 127.0.0.1 (never reachable from outside), closed with the platform.
 */
export function selfCheckServer(handler: http.RequestListener) {
  let server: http.Server | null = null;
  let port: Promise<number> | null = null;
  return {
    port: () =>
      (port ??= new Promise<number>((resolve, reject) => {
        server = http.createServer(handler);
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port));
      })),
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}
