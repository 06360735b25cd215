// `npm run bench:start`: how long `npm start` takes to serve, the way a new user runs it (no
// DATABASE_URL, no REDIS_URL: the embedded database). One first start creates the database and
// the demo; then BENCH_STARTS (5) second starts are timed from spawn until the portal's home
// answers 200, with the CPU-seconds that the whole process group (npm, sh, node) used by then.
// Each run is stopped the way a terminal's Ctrl+C does it, SIGINT to the whole process group,
// and must exit 0 and leave neither the embedded database's pid file nor its socket folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { intEnv, percentile, runBench, writeResult } from './wrk';

const STARTS = intEnv('BENCH_STARTS', 5);
const root = path.resolve(__dirname, '..');
const TICKS = 100; // USER_HZ: /proc's CPU times are in hundredths of a second on Linux

interface Run {
  wallMs: number;
  cpuS: number;
  /** npm's exit: 0, or the SIGINT it passes on to its own parent, as it does in a terminal. */
  exit: string;
  /** The server logged that it stopped (requests finished, pools and the database closed). */
  stopped: boolean;
  leftovers: string[];
}

/** CPU-seconds used so far by every live process of the group (user + system, children reaped). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) ppid(1) pgrp(2) … utime(11) stime(12) cutime(13) cstime(14)
    if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks / TICKS;
}

const getHome = (port: number) =>
  new Promise<number>((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { host: 'tuyenquang.localhost' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', () => resolve(0));
  });

/** Embedded-database leftovers: the pid lock in DATA_DIR, and socket folders this run made. */
function leftovers(dataDir: string, socketDirsBefore: Set<string>): string[] {
  const out: string[] = [];
  if (fs.existsSync(path.join(dataDir, 'embedded-postgres.pid'))) out.push('embedded-postgres.pid');
  for (const d of fs.readdirSync(os.tmpdir()))
    if (d.startsWith('cong-pg-') && !socketDirsBefore.has(d)) out.push(path.join(os.tmpdir(), d));
  return out;
}

async function startOnce(dataDir: string, port: number): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'REDIS_PREFIX', 'SESSION_SECRET']) delete env[k];
  const socketsBefore = new Set(fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('cong-pg-')));
  const t0 = process.hrtime.bigint();
  // Its own process group, as a shell gives a foreground job.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  let wallMs: number;
  let cpuS: number;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${out}`);
    if ((await getHome(port)) === 200) {
      wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      cpuS = groupCpuSeconds(child.pid!);
      break;
    }
    if (Number(process.hrtime.bigint() - t0) > 120e9) throw new Error(`no answer after 120 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  process.kill(-child.pid!, 'SIGINT'); // Ctrl+C: the whole foreground group
  const exit = await exited;
  await new Promise((r) => setTimeout(r, 200)); // the group's last process may outlive npm by a moment
  const stopped = /"msg":"stopped"/.test(out);
  return { wallMs, cpuS, exit, stopped, leftovers: leftovers(dataDir, socketsBefore) };
}

runBench(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-bench-start-'));
  const port = 3700 + Math.floor(Math.random() * 200);
  try {
    const first = await startOnce(dataDir, port);
    console.log(`first start (creates the database and the demo): ${(first.wallMs / 1000).toFixed(2)} s`);
    const runs: Run[] = [];
    for (let i = 0; i < STARTS; i++) {
      const r = await startOnce(dataDir, port);
      runs.push(r);
      console.log(
        `second start ${i + 1}: ${(r.wallMs / 1000).toFixed(2)} s, ${r.cpuS.toFixed(2)} CPU-s, exit ${r.exit}` +
          (r.stopped ? ', stopped' : ', NOT STOPPED CLEANLY') +
          (r.leftovers.length ? `, LEFT BEHIND: ${r.leftovers.join(', ')}` : ''),
      );
    }
    const wall = percentile(
      runs.map((r) => r.wallMs),
      50,
    );
    const cpu = percentile(
      runs.map((r) => r.cpuS),
      50,
    );
    const clean = runs.every((r) => ['0', 'SIGINT'].includes(r.exit) && r.stopped && r.leftovers.length === 0);
    const md = [
      `# npm start, second start (${new Date().toISOString()}, ${os.cpus().length} cores, node ${process.version})`,
      '',
      `| starts | median to first page | median CPU-seconds | stopped cleanly by Ctrl+C |`,
      `|---|---|---|---|`,
      `| ${STARTS} | ${(wall / 1000).toFixed(2)} s | ${cpu.toFixed(2)} | ${clean ? 'yes' : 'NO'} |`,
      '',
    ].join('\n');
    console.log(`\n${md}`);
    writeResult('start.md', md);
    if (!clean) process.exitCode = 1;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
