// `npm run bench:item`: item pages that the page cache does not answer, on the real Postgres
// with the database `npm run generate` fills (1,000,000 items, 150 sites), against a bare
// Express 5 hello-world measured in the same run (issue 5: "an uncached item page ≥ 0.25 × the
// bare Express hello-world's req/s").
//
// The requests go to 5,000 items drawn at random from the whole database (every site, every
// kind), each with its own site's Host and path, so that the database reads rows it has not just
// read. "Uncached" is measured two honest ways, neither of which changes the server:
//   - cache miss: a query parameter unique to each request, so no two requests share a page-cache
//     key; every request renders, compresses the page (gzip and brotli, as for any page that will
//     be cached) and stores it — what a miss costs.
//   - bypass: the session cookie of an editor signed in through the sign-in form (the bench makes
//     the account); the front door then never consults the cache and the page is rendered and
//     sent, not compressed nor stored. (A made-up `cong.sid` is served from the cache.)
// A cached item page (50 items, warm) is shown for reference.
//
// Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/cong_bench), BENCH_DURATION (10),
// BENCH_WARMUP (2), BENCH_CONNECTIONS (50), BENCH_THREADS (2), BENCH_ITEMS (5000).
import os from 'node:os';
import { Client } from 'pg';
import { KINDS } from '../server/content/kinds';
import { signedInCookie } from './session';
import { intEnv, ms, probe, runBench, startChild, wrk, writeResult, type WrkRequest, type WrkResult } from './wrk';

const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/cong_bench';
const DURATION = intEnv('BENCH_DURATION', 10);
const WARMUP = intEnv('BENCH_WARMUP', 2);
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50);
const THREADS = intEnv('BENCH_THREADS', 2);
const ITEMS = intEnv('BENCH_ITEMS', 5000);
const PORTAL_HOST = process.env.PRIMARY_DOMAIN || 'tuyenquang.localhost';

async function randomItems(n: number): Promise<WrkRequest[]> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ kind: string; slug: string; host: string | null; prefix: string }>(
      `SELECT i.kind, i.slug, t.primary_host AS host, t.path_prefix AS prefix
         FROM items i JOIN tenants t ON t.id = i.tenant_id
        WHERE i.publication = 'published' AND i.published_at <= now() AND i.locale = 'vi' AND t.status = 'active'
        ORDER BY random() LIMIT $1`,
      [n],
    );
    if (rows.length < Math.min(n, 100)) {
      throw new Error(`${DATABASE_URL} holds ${rows.length} published items: run \`npm run generate\` first`);
    }
    const segment = new Map(KINDS.map((k) => [k.code, k.path.vi]));
    return rows.map((r) => ({ host: r.host ?? PORTAL_HOST, path: `${r.prefix}/${segment.get(r.kind)}/${r.slug}` }));
  } finally {
    await client.end();
  }
}

interface Target {
  name: string;
  port: number;
  requests: WrkRequest[];
  uniqueQuery?: boolean;
  headers?: Record<string, string>;
}

async function main() {
  const loadAtStart = os.loadavg()[0]!;
  const urls = await randomItems(ITEMS);
  console.log(`${urls.length} random items; starting the portal on ${DATABASE_URL} and the Express baseline…`);
  const [portal, express] = await Promise.all([
    startChild('portal-data.ts', [], { ...process.env, DATABASE_URL, REDIS_URL: '', LOG_LEVEL: 'warn' }),
    startChild('express-hello.ts'),
  ]);
  const targets: Target[] = [
    { name: 'Express hello-world', port: express.port, requests: [{ path: '/' }] },
    {
      name: `item page, cache miss (unique query string), ${urls.length} random items`,
      port: portal.port,
      requests: urls,
      uniqueQuery: true,
    },
    {
      name: `item page, cache bypassed (session cookie), ${urls.length} random items`,
      port: portal.port,
      requests: urls,
      headers: { Cookie: await signedInCookie(portal.port, PORTAL_HOST, DATABASE_URL) },
    },
    { name: 'item page, page cache hit (50 items, warm)', port: portal.port, requests: urls.slice(0, 50) },
    { name: 'Express hello-world (again)', port: express.port, requests: [{ path: '/' }] },
  ];

  const rows: { t: Target; answer: string; r: WrkResult }[] = [];
  for (const t of targets) {
    process.stdout.write(`${t.name}: warm-up ${WARMUP} s, run ${DURATION} s… `);
    const opts = { port: t.port, requests: t.requests, connections: CONNECTIONS, threads: THREADS };
    await wrk({ ...opts, uniqueQuery: t.uniqueQuery, headers: t.headers, seconds: WARMUP });
    const first = t.requests[0]!;
    const answer = await probe(
      t.port,
      t.uniqueQuery ? { ...first, path: `${first.path}?nocache=probe-${Date.now()}` } : first,
      t.headers,
    );
    const r = await wrk({ ...opts, uniqueQuery: t.uniqueQuery, headers: t.headers, seconds: DURATION });
    console.log(`${Math.round(r.reqPerSec)} req/s`);
    rows.push({ t, answer, r });
  }

  const base = (rows[0]!.r.reqPerSec + rows.at(-1)!.r.reqPerSec) / 2;
  const table = [
    '| Target | Answer (first URL) | Req/s | p50 | p99 | × Express | Non-2xx/3xx | Socket errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ t, answer, r }) =>
        `| ${t.name} | ${answer} | ${Math.round(r.reqPerSec)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ` +
        `${(r.reqPerSec / base).toFixed(2)} | ${r.non2xx3xx} | ${r.socketErrors} |`,
    ),
  ].join('\n');
  const miss = rows[1]!.r.reqPerSec / base;
  const bypass = rows[2]!.r.reqPerSec / base;
  const verdict =
    `Uncached item page: ${miss.toFixed(2)} × Express on a cache miss, ${bypass.toFixed(2)} × with the cache bypassed — ` +
    `${Math.min(miss, bypass) >= 0.25 ? 'both reach' : miss >= 0.25 || bypass >= 0.25 ? 'only one reaches' : 'neither reaches'} 0.25 ×.`;
  const setup =
    `wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}s (after a ${WARMUP} s warm-up), Node ${process.version}, ` +
    `${os.cpus().length} CPUs, real Postgres (${new URL(DATABASE_URL).pathname.slice(1)}, ${String(portal.info?.sites)} sites), ` +
    `in-process cache, load average ${loadAtStart.toFixed(1)} at the start. × Express is against the mean of both Express runs. ` +
    `No Accept-Encoding is sent.`;
  console.log(`\n${table}\n\n${verdict}`);
  writeResult('item.md', `# Item page benchmark\n\n${new Date().toISOString()}. ${setup}\n\n${table}\n\n${verdict}\n`);
}

runBench(main);
