// npm run bench:tenants — does tenant resolution cost more with 10,000 sites than with 10? Two
// databases are made on the real Postgres, one with 10 sites and one with 10,000 (bulk-inserted
// rows, as provisioning would leave them), each served by the portal; wrk sends the same
// page-cache hits (the homes of 10 sites, by host) to both in one run. The goal: the ratio of
// requests/s, 10,000 sites over 10, at least 0.95.
import os from 'node:os';
import { Client } from 'pg';
import { loadConfig } from '../server/config';
import { migrateUp } from '../server/db/migrate';
import { createLogger, openDatabase } from '../server/platform';
import { intEnv, ms, runBench, startChild, wrk, writeResult, type WrkRequest } from './wrk';

const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = intEnv('BENCH_DURATION', 10);
const ROUNDS = intEnv('BENCH_ROUNDS', 3);

async function makeDatabase(name: string, sites: number): Promise<string> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const config = loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' });
  const db = await openDatabase(config, createLogger(config));
  try {
    await migrateUp(db.sequelize, db.databaseUrl);
    await db.sequelize.query(
      `INSERT INTO tenants (slug, name_vi, kind, theme, primary_host)
       SELECT 'xa-' || i, 'Xã thử ' || i, 'commune', 'coso', 'xa-' || i || '.bench.test'
         FROM generate_series(1, :n) AS i`,
      { replacements: { n: sites } },
    );
  } finally {
    await db.close();
  }
  return url.toString();
}

runBench(async () => {
  const small = await makeDatabase('cong_bench_t10', 10);
  const large = await makeDatabase('cong_bench_t10k', 10_000);
  const env = (url: string) => ({ ...process.env, DATABASE_URL: url, REDIS_URL: '', LOG_LEVEL: 'warn' });
  const [ten, tenK] = await Promise.all([
    startChild('portal-data.ts', [], env(small)),
    startChild('portal-data.ts', [], env(large)),
  ]);
  const requests: WrkRequest[] = Array.from({ length: 10 }, (_, i) => ({ host: `xa-${i + 1}.bench.test`, path: '/' }));
  const run = async (label: string, port: number) => {
    await wrk({ port, requests, seconds: 2, connections: 50, threads: 2 });
    const r = await wrk({ port, requests, seconds: SECONDS, connections: 50, threads: 2 });
    console.log(`${label}: ${Math.round(r.reqPerSec)} req/s`);
    return { label, ...r };
  };
  // Alternated, ROUNDS times, so that the machine's noise falls on both alike.
  const rows: Awaited<ReturnType<typeof run>>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rows.push(await run(`10 sites (${i + 1})`, ten.port));
    rows.push(await run(`10,000 sites (${i + 1})`, tenK.port));
  }
  const meanOf = (label: string) => {
    const xs = rows.filter((r) => r.label.startsWith(label)).map((r) => r.reqPerSec);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const ratio = meanOf('10,000 sites') / meanOf('10 sites');
  const md =
    `# Tenant resolution: 10,000 sites against 10\n\n${new Date().toISOString()}. The same page-cache hits (the homes of 10 sites by host) on a portal loaded with 10 sites and one loaded with 10,000, alternated; wrk -t2 -c50 -d${SECONDS}s after a 2 s warm-up. Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}.\n\n` +
    `| Portal | Req/s | p50 | p99 | Non-2xx/3xx |\n| --- | ---: | ---: | ---: | ---: |\n` +
    rows
      .map((r) => `| ${r.label} | ${Math.round(r.reqPerSec)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${r.non2xx3xx} |`)
      .join('\n') +
    `\n\nRatio (10,000 sites / 10 sites, means of the ${ROUNDS} runs each): **${ratio.toFixed(3)}** (goal ≥ 0.95: ${ratio >= 0.95 ? 'met' : 'NOT met'}).\n`;
  console.log(md);
  writeResult('tenants.md', md);
});
