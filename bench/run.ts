// `npm run bench`: starts the portal, a bare Express hello-world and a node:http server replaying
// the portal home's bytes, each as its own child process so that wrk measures a process that
// shares nothing with the runner; then loads each target with wrk and prints req/s, p99 and the
// ratio to Express. Every request carries the same headers except Host and none sends
// Accept-Encoding, so the portal answers identity bodies, the same bytes node-static replays.
//
// Env: BENCH_DURATION (s, 10), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (50), BENCH_THREADS (2).
// DATABASE_URL: bench against a fresh database on that server (dropped afterwards) instead of
// a temporary embedded PGlite. REDIS_URL: the portal uses Redis under its own key prefix.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { ReadyMessage } from './child';
import { SERVER_NODE_FLAGS } from './wrk';

const BENCH_DIR = __dirname;
const intEnv = (name: string, dflt: number) => {
  const n = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : dflt;
};
const DURATION = intEnv('BENCH_DURATION', 10);
const WARMUP = intEnv('BENCH_WARMUP', 2);
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50);
const THREADS = intEnv('BENCH_THREADS', 2);
const PORTAL_HOST = 'tuyenquang.localhost';

// Undone in reverse order, on success, on error and on Ctrl-C alike.
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) await c().catch((err) => console.error('cleanup:', err));
  })();
  return cleaning;
}

interface Started {
  port: number;
  info?: Record<string, unknown>;
}

/** Forks a bench/*.ts child under tsx and waits for it to report its port. */
function startChild(script: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const child = fork(path.join(BENCH_DIR, script), args, {
    env,
    execArgv: [...SERVER_NODE_FLAGS, '--import', 'tsx'],
    cwd: path.dirname(BENCH_DIR), // --import resolves 'tsx' from the working directory
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push(() => stopChild(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 120 s`)), 120_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as ReadyMessage);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready`));
    });
  });
}

/** SIGTERM, then SIGKILL if the child is still there after 8 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

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
    cleanups.push(() => sql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const url = new URL(admin);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-bench-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    env.DATA_DIR = dir;
  }
  if (process.env.REDIS_URL) {
    const prefix = `cong-bench-${runId}:`;
    env.REDIS_PREFIX = prefix;
    cleanups.push(async () => {
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

/** One request as wrk will send it, to show what each target answers (status, X-Cache, size). */
function probe(port: number, host: string | undefined, urlPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = host ? { host } : {};
    http
      .get({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => {
          const cache = res.headers['x-cache'] ? ` ${String(res.headers['x-cache'])}` : '';
          resolve(`${res.statusCode}${cache} ${(bytes / 1024).toFixed(1)} kB`);
        });
      })
      .on('error', reject);
  });
}

interface WrkResult {
  reqPerSec: number;
  p99Ms: number;
  requests: number;
  non2xx3xx: number;
  socketErrors: number;
}

function wrk(port: number, host: string | undefined, urlPath: string, seconds: number): Promise<WrkResult> {
  const args = ['-t', String(THREADS), '-c', String(CONNECTIONS), '-d', `${seconds}s`, '--latency'];
  if (host) args.push('-H', `Host: ${host}`);
  args.push(`http://127.0.0.1:${port}${urlPath}`);
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(async () => void p.kill('SIGKILL')); // harmless once it has exited
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('error', (err) => reject(new Error(`cannot run wrk (apt-get install -y wrk): ${err.message}`)));
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited with code ${code}:\n${out}`));
      try {
        resolve(parseWrk(out));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function parseWrk(out: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p99 = /^\s*99(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\b/m.exec(out);
  if (!rps || !p99) throw new Error(`unexpected wrk output:\n${out}`);
  const toMs = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[p99[2] as 'us' | 'ms' | 's' | 'm'];
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    reqPerSec: Number(rps[1]),
    p99Ms: Number(p99[1]) * toMs,
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    non2xx3xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: sock ? sock.slice(1).reduce((s, n) => s + Number(n), 0) : 0,
  };
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
    await wrk(t.port, t.host, t.path, WARMUP); // fills the page cache, lets V8 optimise
    const answer = await probe(t.port, t.host, t.path);
    const r = await wrk(t.port, t.host, t.path, DURATION);
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
    `wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}s --latency (after a ${WARMUP} s warm-up), ` +
    `Node ${process.version}, ${os.cpus().length} CPUs, database: ${String(portal.info?.database)}, ` +
    `redis: ${String(portal.info?.redis)}, load average ${loadAtStart.toFixed(1)} at the start. ` +
    `× Express is against the mean of both Express runs. No Accept-Encoding is sent, so bodies are identity.`;
  console.log(`\n${table}\n\n${verdict}`);

  const resultsDir = path.join(BENCH_DIR, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const md = `# Cổng benchmark\n\n${new Date().toISOString()}. ${setup}\n\n${table}\n\n${verdict}\n`;
  fs.writeFileSync(path.join(resultsDir, 'latest.md'), md);
  console.log(`written to ${path.relative(process.cwd(), path.join(resultsDir, 'latest.md'))}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}
main()
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
