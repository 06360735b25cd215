// `npm run bench:search`: latency of searchItems() (server/content/search.ts) on the database
// that `npm run generate` fills (1,000,000 items over 150 sites), for a mix of queries citizens
// type: without and with diacritics, with a typo, rare and common words, within one site and
// across every site, with kind and date filters, page 1 and page 5. Then the same mix over HTTP
// (the portal's /tim-kiem, which is never page-cached) with wrk.
//
// 1. In process: every query of the mix once per round, one at a time (no queueing), after
//    warm-up rounds; p50/p95/p99 per query and over the whole mix.
// 2. HTTP: the portal in its own process on the same database, wrk cycling through the mix
//    (one-site queries as the portal's ?site= filter, which is what a site's own search runs).
//
// Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/cong_bench), BENCH_SEARCH_ROUNDS
// (20), BENCH_SEARCH_WARMUP (2), BENCH_DURATION (15 s of wrk), BENCH_SEARCH_CONNECTIONS ("1,4":
// one wrk run per count; one connection shows a request's own latency, more show queueing),
// BENCH_THREADS (2), BENCH_HTTP=0 to skip the HTTP part.
import os from 'node:os';
import { QueryTypes } from 'sequelize';
import { createSequelize } from '../server/db/sequelize';
import { migrateUp } from '../server/db/migrate';
import { searchItems, type SearchQuery } from '../server/content/search';
import { intEnv, ms, percentile, runBench, startChild, wrk, writeResult, type WrkRequest } from './wrk';

const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/cong_bench';
const ROUNDS = intEnv('BENCH_SEARCH_ROUNDS', 20);
const WARMUP = intEnv('BENCH_SEARCH_WARMUP', 2);
const DURATION = intEnv('BENCH_DURATION', 15);
const CONNECTIONS = (process.env.BENCH_SEARCH_CONNECTIONS || '1,4')
  .split(',')
  .map((c) => Number.parseInt(c, 10))
  .filter((c) => c > 0);
const THREADS = intEnv('BENCH_THREADS', 2);
const PORTAL_HOST = 'tuyenquang.localhost';

interface Case {
  name: string;
  q: string;
  /** 'all': from the portal, every active site; 'one': one site (a different one each round). */
  scope: 'all' | 'one';
  kind?: string;
  /** Days back from today for `from` (to = today), or a fixed range. */
  days?: number;
  range?: [string, string];
  page?: number;
}

const MIX: Case[] = [
  { name: 'common, no marks', q: 'tuyen quang', scope: 'all' },
  { name: 'common, no marks, page 5', q: 'tuyen quang', scope: 'all', page: 5 },
  { name: 'common, one site', q: 'tuyen quang', scope: 'one' },
  { name: 'common, no marks', q: 'quyet dinh', scope: 'all' },
  { name: 'common + kind filter', q: 'quyet dinh', scope: 'all', kind: 'legal_document' },
  { name: 'common, no marks, page 5', q: 'ke hoach', scope: 'all', page: 5 },
  { name: 'common, one site', q: 'ke hoach', scope: 'one' },
  { name: 'with marks', q: 'Quyết định phê duyệt', scope: 'all' },
  { name: 'with marks', q: 'chuyển đổi số', scope: 'all' },
  { name: 'with marks + last 90 days', q: 'chuyển đổi số', scope: 'all', days: 90 },
  { name: 'words + year range', q: 'giai ngan von dau tu cong', scope: 'all', range: ['2025-01-01', '2025-12-31'] },
  { name: 'words + a past year', q: 'ke hoach 2024', scope: 'all' },
  { name: 'typo', q: 'tuyen quag', scope: 'all' },
  { name: 'typo', q: 'chuyn doi so', scope: 'all' },
  { name: 'typo, one site', q: 'phuong minh xuna', scope: 'one' },
  { name: 'product', q: 'mật ong bạc hà', scope: 'all' },
  { name: 'product', q: 'ca tam', scope: 'all' },
  { name: 'rare place, no marks', q: 'phay sua', scope: 'all' },
  { name: 'rare place, with marks', q: 'thôn Khâm Hon', scope: 'all' },
  { name: 'place, one site', q: 'lung cu', scope: 'one' },
  { name: 'kind filter, one site, page 5', q: 'thong bao', scope: 'one', kind: 'announcement', page: 5 },
  { name: 'one site', q: 'lich cong tac tuan 12', scope: 'one' },
  { name: 'no match', q: 'khongcotutunaytrongcong', scope: 'all' },
];

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 7 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);

function queryOf(c: Case, allSites: number[], oneSite: number): SearchQuery {
  return {
    q: c.q.normalize('NFC'),
    siteIds: c.scope === 'all' ? allSites : [oneSite],
    locale: 'vi',
    kind: c.kind,
    from: c.range?.[0] ?? (c.days ? daysAgo(c.days) : undefined),
    to: c.range?.[1] ?? (c.days ? today() : undefined),
    page: c.page ?? 1,
    perPage: 10,
  };
}

function urlOf(c: Case, oneSite: number): WrkRequest {
  const q = queryOf(c, [], oneSite);
  const params = new URLSearchParams({ q: q.q });
  if (c.scope === 'one') params.set('site', String(oneSite));
  if (q.kind) params.set('kind', q.kind);
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  if (q.page > 1) params.set('page', String(q.page));
  return { host: PORTAL_HOST, path: `/tim-kiem?${params.toString()}` };
}

async function main() {
  const loadAtStart = os.loadavg()[0]!;
  const sequelize = createSequelize({ url: DATABASE_URL, poolMax: 2 });
  // The indexes the search expects (a database generated before a new migration lacks them).
  const applied = await migrateUp(sequelize, DATABASE_URL);
  if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
  const one = async <T extends object>(sql: string) => (await sequelize.query<T>(sql, { type: QueryTypes.SELECT }))[0]!;
  const { items } = await one<{ items: string }>(
    `SELECT count(*) AS items FROM items WHERE publication = 'published'`,
  ).catch(() => ({ items: '0' }));
  if (Number(items) < 1000) {
    throw new Error(`${DATABASE_URL} holds ${items} published items: run \`npm run generate\` first`);
  }
  const sites = await sequelize.query<{ id: number; slug: string; kind: string; items: string }>(
    `SELECT t.id, t.slug, t.kind, (SELECT count(*) FROM items i WHERE i.tenant_id = t.id) AS items
       FROM tenants t WHERE t.status = 'active' ORDER BY t.id`,
    { type: QueryTypes.SELECT },
  );
  const allSites = sites.map((s) => s.id);
  // One-site queries rotate over sites of each kind: a department, a ward, a commune, an agency.
  const pickSite = (slug: string, kind: string) =>
    sites.find((s) => s.slug === slug) ?? sites.find((s) => s.kind === kind) ?? sites[0]!;
  const oneSites = [
    pickSite('stc', 'department'),
    pickSite('minhxuan', 'ward'),
    pickSite('lung-cu', 'commune'),
    pickSite('bqlkcn', 'agency'),
    pickSite('tantrao', 'commune'),
  ];
  const setup =
    `${Number(items).toLocaleString('en-GB')} published items, ${sites.length} active sites; ` +
    `one-site queries rotate over ${oneSites.map((s) => `${s.slug} (${s.kind}, ${Number(s.items).toLocaleString('en-GB')} items)`).join(', ')}. ` +
    `Node ${process.version}, ${os.cpus().length} CPUs, load average ${loadAtStart.toFixed(1)} at the start.`;
  console.log(setup);

  // 1. In process, one query at a time.
  const times = MIX.map(() => [] as number[]);
  const totals = MIX.map(() => new Set<number>());
  for (let round = -WARMUP; round < ROUNDS; round++) {
    const site = oneSites[(round + WARMUP) % oneSites.length]!.id;
    for (const [i, c] of MIX.entries()) {
      const t = process.hrtime.bigint();
      const r = await searchItems(sequelize, queryOf(c, allSites, site));
      const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
      if (round >= 0) {
        times[i]!.push(elapsed);
        totals[i]!.add(r.total);
      }
    }
    process.stdout.write(round < 0 ? 'w' : '.');
  }
  console.log();
  const all = times.flat();
  const rows = MIX.map((c, i) => {
    const t = times[i]!;
    const extra = [c.kind && `kind=${c.kind}`, c.days && `last ${c.days} days`, c.range && c.range.join('…')]
      .filter(Boolean)
      .join(', ');
    const total = [...totals[i]!];
    return (
      `| ${c.name} | \`${c.q}\`${extra ? ` (${extra})` : ''} | ${c.scope === 'all' ? `all ${sites.length}` : 'one'} | ${c.page ?? 1} | ` +
      `${total.length === 1 ? total[0]!.toLocaleString('en-GB') : `${Math.min(...total)}–${Math.max(...total)}`} | ` +
      `${ms(percentile(t, 50))} | ${ms(percentile(t, 95))} | ${ms(percentile(t, 99))} | ${ms(Math.max(...t))} |`
    );
  });
  const p95 = percentile(all, 95);
  const table = [
    '| Query | q | Sites | Page | total returned | p50 | p95 | p99 | max |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    `| **whole mix** (${all.length} queries) | | | | | **${ms(percentile(all, 50))}** | **${ms(p95)}** | **${ms(percentile(all, 99))}** | ${ms(Math.max(...all))} |`,
  ].join('\n');
  const verdict = `searchItems() over the mix: p95 ${ms(p95)} — ${p95 < 100 ? 'meets' : 'does NOT meet'} the target p95 < 100 ms.`;
  console.log(`\n${table}\n\n${verdict}`);
  await sequelize.close();

  // 2. Over HTTP with wrk.
  let http = '';
  if (process.env.BENCH_HTTP !== '0') {
    console.log('starting the portal on the generated database…');
    const portal = await startChild('portal-data.ts', [], {
      ...process.env,
      DATABASE_URL,
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
    });
    const requests = oneSites.flatMap((s) => MIX.map((c) => urlOf(c, s.id)));
    const lines: string[] = [];
    for (const connections of CONNECTIONS) {
      const opts = { port: portal.port, requests, connections, threads: Math.min(THREADS, connections) };
      await wrk({ ...opts, seconds: 3 }); // warm-up
      const r = await wrk({ ...opts, seconds: DURATION });
      lines.push(
        `| ${connections} | ${r.requests} | ${Math.round(r.reqPerSec)} | ${ms(r.p50Ms)} | ${ms(r.p95Ms)} | ${ms(r.p99Ms)} | ` +
          `${ms(r.maxMs)} | ${r.non2xx3xx} | ${r.socketErrors} |`,
      );
    }
    // Let the requests wrk left in flight finish before the portal is stopped.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    http = [
      `${new Set(requests.map((r) => r.path)).size} distinct URLs, cycled in order.\n`,
      '| Connections | Requests | Req/s | p50 | p95 | p99 | max | Non-2xx/3xx | Socket errors |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...lines,
    ].join('\n');
    console.log(`\n${http}`);
  }

  const md =
    `# Search benchmark\n\n${new Date().toISOString()}. ${setup}\n\n` +
    `## searchItems() in process\n\n${ROUNDS} rounds of the mix after ${WARMUP} warm-up rounds, one query at a time; ` +
    `"total returned" is what searchItems() reports as the number of results.\n\n${table}\n\n${verdict}\n` +
    (http
      ? `\n## HTTP\n\nThe portal's /tim-kiem?q=… for the mix above (one-site ` +
        `queries as ?site=), wrk -d${DURATION}s per connection count after a 3 s warm-up. The portal's search pages are ` +
        `never page-cached, so every request runs the search and renders the page.\n\n${http}\n`
      : '');
  writeResult('search.md', md);
}

runBench(main);
