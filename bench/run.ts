// `npm run bench`: starts the portal, a bare Express hello-world and a node:http server replaying
// the portal home's bytes, each as its own child process so that wrk measures a process that
// shares nothing with the runner; then loads each target with wrk and prints req/s, p99 and the
// ratio to Express. Every request carries the same headers except Host and none sends
// Accept-Encoding, so the portal answers identity bodies, the same bytes node-static replays.
//
// Env: BENCH_DURATION (s, 10), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (50), BENCH_THREADS (2).
// DATABASE_URL: bench against a fresh database on that server (dropped afterwards) instead of
// a temporary embedded PGlite. REDIS_URL: the portal uses Redis under its own key prefix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { intEnv, onCleanup, probe, runBench, startChild, wrk, writeResult, type WrkResult } from './wrk';

const DURATION = intEnv('BENCH_DURATION', 10);
const WARMUP = intEnv('BENCH_WARMUP', 2);
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50);
const THREADS = intEnv('BENCH_THREADS', 2);
const PORTAL_HOST = 'tuyenquang.localhost';

/** The portal's database and cache namespace for this run only, and how to remove them. */
async function benchEnvironment(runId: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  if (process.env.DATABASE_URL) {
    const admin = process.env.DATABASE_URL;
    const dbName = `cong_bench_${runId}`;
    const sql = async (q: string) => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(q);
      } finally {
        await c.end();
      }
    };
    await sql(`CREATE DATABASE ${dbName}`);
    onCleanup(() => sql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const url = new URL(admin);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-bench-'));
    onCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
    env.DATA_DIR = dir;
  }
  if (process.env.REDIS_URL) {
    const prefix = `cong-bench-${runId}:`;
    env.REDIS_PREFIX = prefix;
    onCleanup(async () => {
      const { Redis } = await import('ioredis');
      const redis = new Redis(process.env.REDIS_URL!);
      for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
        if (keys.length) await redis.del(...keys);
      }
      await redis.quit();
    });
  }
  return env;
}

interface Target {
  name: string;
  port: number;
  host?: string;
  path: string;
}

async function main() {
  const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const loadAtStart = os.loadavg()[0]!; // a busy machine skews every figure; say so in the results
  const env = await benchEnvironment(runId);

  console.log('starting the portal (migrations + demo seed) and the Express baseline…');
  const [portal, express] = await Promise.all([
    startChild('portal-server.ts', [], env),
    startChild('express-hello.ts'),
  ]);
  const nodeStatic = await startChild('node-static.ts', [String(portal.port), PORTAL_HOST, '/']);
  console.log(
    `portal :${portal.port} ${JSON.stringify(portal.info)}, express :${express.port}, node-static :${nodeStatic.port} ${JSON.stringify(nodeStatic.info)}`,
  );

  const targets: Target[] = [
    { name: 'Express hello-world', port: express.port, path: '/' },
    { name: 'node:http, home bytes (Node limit)', port: nodeStatic.port, path: '/' },
    { name: 'portal home (page cache)', port: portal.port, host: PORTAL_HOST, path: '/' },
    { name: 'sub-domain site home', port: portal.port, host: `stc.${PORTAL_HOST}`, path: '/' },
    { name: 'path-prefix site home', port: portal.port, host: PORTAL_HOST, path: '/phuong-minh-xuan/' },
    { name: 'unknown host', port: portal.port, host: 'unknown.example', path: '/' },
    // Express again: on a shared machine the two baseline runs show how much the load drifted.
    { name: 'Express hello-world (again)', port: express.port, path: '/' },
  ];

  const rows: { t: Target; answer: string; r: WrkResult }[] = [];
  for (const t of targets) {
    process.stdout.write(`${t.name}: warm-up ${WARMUP} s, run ${DURATION} s… `);
    const opts = {
      port: t.port,
      requests: [{ host: t.host, path: t.path }],
      connections: CONNECTIONS,
      threads: THREADS,
    };
    await wrk({ ...opts, seconds: WARMUP }); // fills the page cache, lets V8 optimise
    const answer = await probe(t.port, opts.requests[0]!);
    const r = await wrk({ ...opts, seconds: DURATION });
    console.log(`${Math.round(r.reqPerSec)} req/s`);
    rows.push({ t, answer, r });
  }

  const base = (rows[0]!.r.reqPerSec + rows.at(-1)!.r.reqPerSec) / 2; // mean of both Express runs
  const table = [
    '| Target | Host | Path | Answer | Req/s | p99 | × Express | Non-2xx/3xx | Socket errors |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ t, answer, r }) =>
        `| ${t.name} | ${t.host ?? '127.0.0.1'} | ${t.path} | ${answer} | ${Math.round(r.reqPerSec)} | ` +
        `${r.p99Ms.toFixed(2)} ms | ${(r.reqPerSec / base).toFixed(2)} | ${r.non2xx3xx} | ${r.socketErrors} |`,
    ),
  ].join('\n');
  const home = rows[2]!.r.reqPerSec / base;
  const verdict = `Portal cached home: ${home.toFixed(2)} × Express — ${home >= 1 ? 'reaches' : 'does NOT reach'} 1.0 ×.`;
  const setup =
    `wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}s (after a ${WARMUP} s warm-up), ` +
    `Node ${process.version}, ${os.cpus().length} CPUs, database: ${String(portal.info?.database)}, ` +
    `redis: ${String(portal.info?.redis)}, load average ${loadAtStart.toFixed(1)} at the start. ` +
    `× Express is against the mean of both Express runs. No Accept-Encoding is sent, so bodies are identity.`;
  console.log(`\n${table}\n\n${verdict}`);

  writeResult('latest.md', `# Cổng benchmark\n\n${new Date().toISOString()}. ${setup}\n\n${table}\n\n${verdict}\n`);
}

runBench(main);
