// npm run bench:load — mixed traffic for 10 minutes (BENCH_LOAD_SECONDS) on loopback against the
// portal on the generated database (npm run generate): 80 % cached pages (site homes and lists),
// 15 % uncached item pages (a unique query string each time), 5 % searches on the portal. It
// reports throughput, p50/p99, errors, and the server's memory (RSS) at the start, every minute
// and at the end, so that growth shows.
import fs from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';
import { KINDS } from '../server/content/kinds';
import { intEnv, ms, runBench, startChild, wrk, writeResult, type WrkRequest } from './wrk';

const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/cong_bench';
const SECONDS = intEnv('BENCH_LOAD_SECONDS', 600);
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50);
const PORTAL = process.env.PRIMARY_DOMAIN || 'tuyenquang.localhost';

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function requests(): Promise<WrkRequest[]> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const sites = (
      await client.query<{ host: string | null; prefix: string }>(
        `SELECT primary_host AS host, path_prefix AS prefix FROM tenants WHERE status = 'active' ORDER BY id LIMIT 40`,
      )
    ).rows;
    const items = (
      await client.query<{ kind: string; slug: string; host: string | null; prefix: string }>(
        `SELECT i.kind, i.slug, t.primary_host AS host, t.path_prefix AS prefix
           FROM items i JOIN tenants t ON t.id = i.tenant_id
          WHERE i.publication = 'published' AND i.locale = 'vi' AND t.status = 'active'
          ORDER BY random() LIMIT 1500`,
      )
    ).rows;
    const segment = new Map(KINDS.map((k) => [k.code, k.path.vi]));
    const cached: WrkRequest[] = sites.flatMap((s) => [
      { host: s.host ?? PORTAL, path: s.prefix || '/' },
      { host: s.host ?? PORTAL, path: `${s.prefix}/tin-tuc` },
    ]);
    const uncached: WrkRequest[] = items.map((i) => ({
      host: i.host ?? PORTAL,
      path: `${i.prefix}/${segment.get(i.kind)}/${i.slug}`,
      unique: true,
    }));
    const words = ['tuyen quang', 'ke hoach', 'quyet dinh', 'chuyen doi so', 'thong bao', 'du an', 'van ban'];
    const searches: WrkRequest[] = words.map((w) => ({ host: PORTAL, path: `/tim-kiem?q=${encodeURIComponent(w)}` }));
    // Interleaved 16 : 3 : 1 (80 %, 15 %, 5 %), so any stretch of the list has the same mix.
    const out: WrkRequest[] = [];
    for (let i = 0; i < 1500; i++) {
      for (let k = 0; k < 16; k++) out.push(cached[(i * 16 + k) % cached.length]!);
      for (let k = 0; k < 3; k++) out.push(uncached[(i * 3 + k) % uncached.length]!);
      out.push(searches[i % searches.length]!);
    }
    return out;
  } finally {
    await client.end();
  }
}

runBench(async () => {
  const list = await requests();
  const portal = await startChild('portal-data.ts', [], {
    ...process.env,
    DATABASE_URL,
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
  });
  console.log(`${list.length} requests in the mix; warming up 20 s…`);
  await wrk({ port: portal.port, requests: list, seconds: 20, connections: CONNECTIONS, threads: 2 });
  const rss: { at: number; mb: number }[] = [{ at: 0, mb: rssOf(portal.pid) }];
  const started = Date.now();
  const sampler = setInterval(
    () => rss.push({ at: Math.round((Date.now() - started) / 1000), mb: rssOf(portal.pid) }),
    60_000,
  );
  console.log(`running ${SECONDS} s at ${CONNECTIONS} connections…`);
  const r = await wrk({ port: portal.port, requests: list, seconds: SECONDS, connections: CONNECTIONS, threads: 2 });
  clearInterval(sampler);
  rss.push({ at: SECONDS, mb: rssOf(portal.pid) });
  const errors = r.non2xx3xx + r.socketErrors;
  const md =
    `# Load test\n\n${new Date().toISOString()}. ${SECONDS} s of mixed traffic (80 % cached pages of 40 sites, 15 % uncached item pages of 1,500 random items, 5 % portal searches) over 1,000,000 items on the real Postgres, wrk -t2 -c${CONNECTIONS}, after a 20 s warm-up. Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)} at the end.\n\n` +
    `| Requests | Req/s | p50 | p95 | p99 | max | Non-2xx/3xx | Socket errors |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n` +
    `| ${r.requests} | ${Math.round(r.reqPerSec)} | ${ms(r.p50Ms)} | ${ms(r.p95Ms)} | ${ms(r.p99Ms)} | ${ms(r.maxMs)} | ${r.non2xx3xx} | ${r.socketErrors} |\n\n` +
    `Server memory (RSS): ${rss.map((s) => `${s.at} s: ${s.mb.toFixed(0)} MB`).join(', ')}.\n\n` +
    `Errors: ${errors === 0 ? 'none' : errors}.\n`;
  console.log(md);
  writeResult('load.md', md);
});
