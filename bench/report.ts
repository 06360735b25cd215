// `npm run bench:report`: the central report (server/reports) on the database that
// `npm run generate` fills (1,000,000 items over 151 sites), on the real Postgres.
//
// 1. The dashboard: buildReport() for the full year over every active site (target < 2 s), the
//    first half-year, the year with a kind filter, the year for one site (the one with the most
//    items that year), and the year with the most data if it is not 2026. Cold (the first call in
//    the process) and warm (median of BENCH_REPORT_RUNS further calls). Each query of the report is
//    timed as it runs inside buildReport (they run concurrently), then alone, one at a time; the
//    slowest are shown with EXPLAIN (ANALYZE, BUFFERS). The figures are checked against direct
//    counts.
// 2. Candidate fixes, each checked to give the same rows: the monthly query grouped by a timestamp
//    (read-only); the top pages query at a realistic visit volume, as it is and rewritten, on a
//    temporary table inside a rolled-back transaction (the generated database has no visit
//    history); and, opt-in, an index for the kind-filtered queries, built, measured, dropped.
// 3. The 6-month export (target < 30 s): toXlsx() and toCsv() of the report, then the whole
//    background job, requestExport() + runExport(), as a central reporter, into a temporary
//    directory. The bench removes its export rows and files; the audit entries stay (append-only).
//
// Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/cong_bench), BENCH_REPORT_RUNS (5),
// BENCH_REPORT_YEAR (2026), BENCH_EXPLAIN (3: how many of the slowest queries to explain; 0 = none),
// BENCH_VISIT_PAGES (20000) and BENCH_VISIT_DAYS (180; 0 = skip): the visit volume of the top pages
// trial, BENCH_TRY_INDEX=1: the index trial (CREATE INDEX CONCURRENTLY on items, then DROP).
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { ActionContext } from '../server/audit/audit.service';
import { actorFrom } from '../server/auth/access';
import { Grant, systemGrant } from '../server/auth/grant.model';
import { Person } from '../server/auth/person.model';
import { loadConfig } from '../server/config';
import { migrateUp } from '../server/db/migrate';
import { PrivateFiles } from '../server/media/private-files';
import { createLogger, openDatabase } from '../server/platform';
import { requestExport, runExport, toCsv, toXlsx } from '../server/reports/export.service';
import { ReportExport } from '../server/reports/report-export.model';
import { presetPeriod, type Period } from '../server/reports/period';
import { KINDS } from '../server/content/kinds';
import { buildReport, type Report, type ReportScope, type SiteRef } from '../server/reports/report.service';
import { intEnv, onCleanup, percentile, runBench, writeResult } from './wrk';

/** A central reader (a reporter), as the dashboard's reports are built for one. */
const CENTRAL = actorFrom({ id: 0, email: 'bench@cong.invalid', fullName: 'Bench' }, [
  { tenantId: null, role: 'reporter', boardPosition: null } as unknown as Grant,
]);

const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/cong_bench';
const RUNS = intEnv('BENCH_REPORT_RUNS', 5);
const YEAR = intEnv('BENCH_REPORT_YEAR', 2026);
const EXPLAIN = Number.parseInt(process.env.BENCH_EXPLAIN ?? '3', 10) || 0;
const TRY_INDEX = process.env.BENCH_TRY_INDEX === '1';
const TRIAL_INDEX = 'bench_items_report_kind_idx';
const TRIAL_INDEX_DEF =
  '(kind, tenant_id, published_at) INCLUDE (id, published_late, submitted_at) WHERE published_at IS NOT NULL';
const VISIT_PAGES = intEnv('BENCH_VISIT_PAGES', 20_000);
const VISIT_DAYS = Number.parseInt(process.env.BENCH_VISIT_DAYS ?? '180', 10) || 0;
const DASHBOARD_TARGET_MS = 2000;
const EXPORT_TARGET_MS = 30_000;
const TZ = 'Asia/Ho_Chi_Minh';
const TZ_OFFSET = '+07:00'; // Vietnam, no daylight saving

const KIND_SEGMENTS = KINDS.map((k) => `('${k.path.vi}', '${k.code}')`).join(', ');
/** buildReport()'s top pages, the visits grouped by page before the join with the items. */
const TOP_PAGES_REWRITE = `SELECT v."siteId", v.path, v.views, i.title
  FROM (SELECT tenant_id AS "siteId", path, sum(count) AS views
          FROM visit_pages
         WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND day BETWEEN :from::date AND :to::date
         GROUP BY 1, 2) v
  JOIN (VALUES ${KIND_SEGMENTS}) AS k(seg, kind) ON split_part(v.path, '/', 2) = k.seg
  JOIN items i ON i.tenant_id = v."siteId" AND i.kind = k.kind AND i.locale = 'vi'
              AND i.slug = split_part(v.path, '/', 3)
 ORDER BY v.views DESC LIMIT 10`;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const fmt = (n: number) => (Number.isFinite(n) ? `${Math.round(n).toLocaleString('en-GB')} ms` : '—');
const int = (n: number) => n.toLocaleString('en-GB');
const load = () => os.loadavg()[0]!.toFixed(2);
const median = (xs: number[]) => percentile(xs, 50);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Which of the report's queries an SQL text is (they are told apart by what they read). */
function labelOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ');
  if (/FROM visit_pages/.test(s)) return 'top pages (visit_pages ⋈ items)';
  if (/LEFT JOIN participations/.test(s)) return 'consultations (items ⋈ comments)';
  if (/FROM participations/.test(s)) return /GROUP BY 1, 2/.test(s) ? 'questions by site' : 'answer time (median)';
  if (/FROM submissions/.test(s)) return 'providers (submissions)';
  if (/FROM visit_days/.test(s)) return 'visits';
  if (/FROM uptime_days/.test(s)) return 'uptime';
  if (/FROM incidents/.test(s)) return 'incidents';
  if (/to_char\((date_trunc\('month', )?published_at/.test(s)) return 'monthly';
  if (/percentile_cont/.test(s)) return /GROUP BY 1/.test(s) ? 'moderation by site' : 'moderation (median, p90)';
  if (/ORDER BY due_at/.test(s)) return 'overdue list';
  if (/published_at IS NULL/.test(s)) return 'overdue by site';
  if (/AS published/.test(s)) return 'published by site and kind';
  return s.slice(0, 60);
}

/** Records what every query took while `fn` runs (Sequelize's own benchmark timing). */
async function timingQueries<T>(sequelize: Sequelize, fn: () => Promise<T>) {
  const seen: { label: string; sql: string; ms: number }[] = [];
  // Sequelize reads both options at each query; its typings do not show `options`.
  const opts = (sequelize as unknown as { options: { logging: unknown; benchmark: boolean } }).options;
  const saved = { logging: opts.logging, benchmark: opts.benchmark };
  opts.benchmark = true;
  opts.logging = (msg: string, timing?: number) => {
    const sql = msg.replace(/^Executed \([^)]*\): /, '');
    seen.push({ label: labelOf(sql), sql, ms: timing ?? NaN });
  };
  try {
    const t = now();
    const result = await fn();
    return { result, ms: now() - t, queries: seen };
  } finally {
    opts.logging = saved.logging;
    opts.benchmark = saved.benchmark;
  }
}

interface Case {
  name: string;
  period: Period;
  scope: ReportScope;
}

interface CaseResult {
  c: Case;
  cold: number;
  warm: number[];
  coldQueries: { label: string; ms: number }[];
  warmQueries: Map<string, number[]>;
  sqls: Map<string, string>;
  report: Report;
  checks: string[];
}

async function main() {
  const loadAtStart = load();
  const config = loadConfig({ DATABASE_URL, LOG_LEVEL: 'warn' });
  const logger = createLogger(config);
  const db = await openDatabase(config, logger);
  onCleanup(() => db.close());
  const { sequelize } = db;
  const applied = await migrateUp(sequelize, DATABASE_URL);
  console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'no pending migrations');

  const select = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });
  const [{ items }] = (await select<{ items: string }>(`SELECT count(*) AS items FROM items`)) as [{ items: string }];
  if (Number(items) < 1000) throw new Error(`${DATABASE_URL} holds ${items} items: run \`npm run generate\` first`);
  const siteRows = await select<{ id: number; name: string; kind: string }>(
    `SELECT id, name_vi AS name, kind FROM tenants WHERE status = 'active' ORDER BY id`,
  );
  const sites: SiteRef[] = siteRows.map((s) => ({ id: Number(s.id), name: s.name, kind: s.kind }));
  const allSites = sites.map((s) => s.id);

  // What the generated data covers, in Vietnam years.
  const years = await select<{ year: number; items: string }>(
    `SELECT extract(year FROM published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS year, count(*) AS items
       FROM items WHERE published_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  const [range] = await select<{ min: Date; max: Date; unpublished: string }>(
    `SELECT min(published_at) AS min, max(published_at) AS max,
            count(*) FILTER (WHERE published_at IS NULL) AS unpublished FROM items`,
  );
  const others = await select<{ t: string; n: string }>(
    `SELECT 'submissions' AS t, count(*) AS n FROM submissions
     UNION ALL SELECT 'participations', count(*) FROM participations
     UNION ALL SELECT 'visit_days', count(*) FROM visit_days
     UNION ALL SELECT 'visit_pages', count(*) FROM visit_pages
     UNION ALL SELECT 'uptime_days', count(*) FROM uptime_days
     UNION ALL SELECT 'incidents', count(*) FROM incidents`,
  );
  const settings = await select<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit')
      ORDER BY name`,
  );
  const [{ version }] = (await select<{ version: string }>(`SELECT current_setting('server_version') AS version`)) as [
    { version: string },
  ];
  const busiest = [...years].sort((a, b) => Number(b.items) - Number(a.items))[0]!;
  const [oneSite] = await select<{ id: number; n: string }>(
    `SELECT tenant_id AS id, count(*) AS n FROM items
      WHERE published_at >= :from AND published_at < :to GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    { from: new Date(`${YEAR}-01-01T00:00:00${TZ_OFFSET}`), to: new Date(`${YEAR + 1}-01-01T00:00:00${TZ_OFFSET}`) },
  );
  const one = sites.find((s) => s.id === Number(oneSite?.id)) ?? sites[0]!;
  const setting = (n: string) => {
    const s = settings.find((x) => x.name === n);
    if (!s) return '?';
    if (s.unit === '8kB') return `${(Number(s.setting) * 8) / 1024} MB`;
    if (s.unit === 'kB') return `${Number(s.setting) / 1024} MB`;
    return s.setting;
  };
  const setup = [
    `${int(Number(items))} items (${int(Number(range!.unpublished))} unpublished), ${sites.length} active sites; ` +
      `published_at from ${range!.min.toISOString()} to ${range!.max.toISOString()}.`,
    `Items by Vietnam year of publication: ${years.map((y) => `${y.year}: ${int(Number(y.items))}`).join(', ')} ` +
      `(the year with the most data: ${busiest.year}).`,
    `Other tables the report reads: ${others.map((o) => `${o.t} ${int(Number(o.n))}`).join(', ')}.`,
    `PostgreSQL ${version} (${['shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit'].map((n) => `${n} ${setting(n)}`).join(', ')}); ` +
      `Node ${process.version}, ${os.cpus().length} CPUs, load average ${loadAtStart} at the start.`,
  ].join('\n');
  console.log(setup);

  // 1. The dashboard.
  const y = presetPeriod(`y-${YEAR}`)!;
  const cases: Case[] = [
    { name: `year ${YEAR}, all sites`, period: y, scope: { siteIds: allSites } },
    { name: `first half ${YEAR}, all sites`, period: presetPeriod(`h1-${YEAR}`)!, scope: { siteIds: allSites } },
    { name: `year ${YEAR}, kind legal_document`, period: y, scope: { siteIds: allSites, kind: 'legal_document' } },
    { name: `year ${YEAR}, one site (${one.name}, #${one.id})`, period: y, scope: { siteIds: [one.id] } },
  ];
  if (busiest.year !== YEAR) {
    cases.push({
      name: `year ${busiest.year} (most data), all sites`,
      period: presetPeriod(`y-${busiest.year}`)!,
      scope: { siteIds: allSites },
    });
  }

  /** Independent counts of what the report should say, straight from the items. */
  async function check(c: Case, r: Report): Promise<string[]> {
    const [direct] = await select<{ published: string; on_time: string; late: string }>(
      `SELECT count(*) AS published, count(*) FILTER (WHERE published_late = false) AS on_time,
              count(*) FILTER (WHERE published_late) AS late
         FROM items WHERE tenant_id IN (:sites) AND published_at >= :from AND published_at < :to
          ${c.scope.kind ? 'AND kind = :kind' : ''}`,
      {
        sites: c.scope.siteIds,
        kind: c.scope.kind ?? null,
        from: new Date(`${c.period.from}T00:00:00${TZ_OFFSET}`),
        to: new Date(new Date(`${c.period.to}T00:00:00${TZ_OFFSET}`).getTime() + 86_400_000),
      },
    );
    const problems: string[] = [];
    const expect = (what: string, got: number, want: number) => {
      if (got !== want) problems.push(`${what}: report ${int(got)}, expected ${int(want)}`);
    };
    expect('published', r.totals.published, Number(direct!.published));
    expect('on time', r.totals.onTime, Number(direct!.on_time));
    expect('late', r.totals.late, Number(direct!.late));
    expect('sites', r.totals.sites, c.scope.siteIds.length);
    expect(
      'sum of months',
      r.monthly.reduce((a, m) => a + m.published, 0),
      r.totals.published,
    );
    expect(
      'sum of kinds',
      r.byKind.reduce((a, k) => a + k.published, 0),
      r.totals.published,
    );
    return problems;
  }

  /** One case: the first call (cold), then RUNS more (warm), each query timed as it runs. */
  async function measure(c: Case): Promise<CaseResult> {
    process.stdout.write(`${c.name}: `);
    const first = await timingQueries(sequelize, () => buildReport(sequelize, CENTRAL, c.period, c.scope, sites));
    process.stdout.write(`cold ${fmt(first.ms)}, warm`);
    const warm: number[] = [];
    const warmQueries = new Map<string, number[]>();
    const sqls = new Map(first.queries.map((q) => [q.label, q.sql]));
    for (let i = 0; i < RUNS; i++) {
      const run = await timingQueries(sequelize, () => buildReport(sequelize, CENTRAL, c.period, c.scope, sites));
      warm.push(run.ms);
      for (const q of run.queries) warmQueries.set(q.label, [...(warmQueries.get(q.label) ?? []), q.ms]);
      process.stdout.write(` ${fmt(run.ms)}`);
    }
    const checks = await check(c, first.result);
    console.log(` → median ${fmt(median(warm))}${checks.length ? `; CHECK FAILED: ${checks.join('; ')}` : ''}`);
    return { c, cold: first.ms, warm, coldQueries: first.queries, warmQueries, sqls, report: first.result, checks };
  }
  /** A query by itself, `n` times, one at a time; returns the times and the last rows. */
  async function alone(sql: string, n = 3) {
    const times: number[] = [];
    let rows: object[] = [];
    for (let i = 0; i < n; i++) {
      const t = now();
      rows = await sequelize.query<object>(sql, { type: QueryTypes.SELECT });
      times.push(now() - t);
    }
    return { times, rows };
  }

  const results: CaseResult[] = [];
  for (const c of cases) results.push(await measure(c));

  // Each query of the main case alone, one at a time: what it costs without the others beside it.
  const headline = results[0]!;
  const solo: { label: string; ms: number[] }[] = [];
  for (const [label, sql] of headline.sqls) solo.push({ label, ms: (await alone(sql)).times });
  solo.sort((a, b) => median(b.ms) - median(a.ms));
  const explain = async (sql: string) =>
    (await sequelize.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, { type: QueryTypes.SELECT }))
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  const explains: { label: string; plan: string }[] = [];
  for (const { label } of solo.slice(0, Math.max(0, EXPLAIN))) {
    explains.push({ label, plan: await explain(headline.sqls.get(label)!) });
  }

  // A rewrite of the monthly query (read-only, so always tried): grouped by the month as a
  // timestamp, which Postgres hashes in memory, instead of by its text, which it sorts on disk.
  const monthlySql = headline.sqls.get('monthly')!;
  const monthExpr = `date_trunc('month', published_at AT TIME ZONE '${TZ}')`;
  const monthlyRewrite = monthlySql
    .replace(`to_char(published_at AT TIME ZONE '${TZ}', 'YYYY-MM')`, `to_char(${monthExpr}, 'YYYY-MM')`)
    .replace(/GROUP BY 1 ORDER BY 1/, `GROUP BY ${monthExpr} ORDER BY 1`);
  const monthlyBefore = await alone(monthlySql);
  const monthlyAfter = await alone(monthlyRewrite);
  const monthlySame = JSON.stringify(monthlyBefore.rows) === JSON.stringify(monthlyAfter.rows);
  const monthlyPlan = await explain(monthlyRewrite);
  console.log(
    `monthly rewrite: ${fmt(median(monthlyBefore.times))} → ${fmt(median(monthlyAfter.times))}, ` +
      `same rows: ${monthlySame ? 'yes' : 'NO'}`,
  );

  // The top pages query at a realistic visit volume. The generated database holds no visit history
  // (visit_pages has only what runs against the portal today), so a temporary table of the same
  // name, which shadows the real one in its session, is filled with VISIT_PAGES item pages seen on
  // each of VISIT_DAYS days of the half-year, inside a transaction that is rolled back.
  let visitTrial = '';
  if (VISIT_DAYS > 0) {
    const halfCase = results.find((r) => r.c.period.preset === `h1-${YEAR}` && !r.c.scope.kind)!;
    const original = halfCase.sqls.get('top pages (visit_pages ⋈ items)')!;
    const t = await sequelize.transaction();
    try {
      const inTx = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
        sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements, transaction: t });
      await sequelize.query(`CREATE TEMP TABLE visit_pages (LIKE public.visit_pages INCLUDING ALL) ON COMMIT DROP`, {
        transaction: t,
      });
      const [{ n: total }] = (await inTx<{ n: string }>(`SELECT count(*) AS n FROM items WHERE locale = 'vi'`)) as [
        { n: string },
      ];
      const fill = now();
      await sequelize.query(
        `INSERT INTO visit_pages (tenant_id, day, path, count)
         SELECT p.tenant_id, d::date, p.path, 1 + abs(hashtext(p.path || d::text)) % 20
           FROM (SELECT i.tenant_id, '/' || k.seg || '/' || i.slug AS path
                   FROM items i JOIN (VALUES ${KIND_SEGMENTS}) AS k(seg, kind) ON k.kind = i.kind
                  WHERE i.locale = 'vi' AND i.id % :step = 0 LIMIT :pages) p
          CROSS JOIN generate_series(:from::date, :from::date + :days - 1, '1 day') d;
         ANALYZE visit_pages;`,
        {
          transaction: t,
          replacements: {
            step: Math.max(1, Math.floor(Number(total) / VISIT_PAGES)),
            pages: VISIT_PAGES,
            from: halfCase.c.period.from,
            days: VISIT_DAYS,
          },
        },
      );
      const fillMs = now() - fill;
      const [{ n: rowCount }] = (await inTx<{ n: string }>(`SELECT count(*) AS n FROM visit_pages`)) as [{ n: string }];
      const timed = async (sql: string, replacements: Record<string, unknown> = {}) => {
        const start = now();
        const rows = await inTx<{ siteId: number; path: string; views: string; title: string }>(sql, replacements);
        return { ms: now() - start, rows };
      };
      const rewriteArgs = { sites: allSites, from: halfCase.c.period.from, to: halfCase.c.period.to };
      const before = await timed(original);
      const after = await timed(TOP_PAGES_REWRITE, rewriteArgs);
      const after2 = await timed(TOP_PAGES_REWRITE, rewriteArgs);
      const key = (rows: typeof before.rows) => rows.map((r) => `${r.siteId} ${r.path} ${r.views} ${r.title}`);
      const viewsOf = (rows: typeof before.rows) => rows.map((r) => Number(r.views)).join(',');
      const same =
        JSON.stringify(key(before.rows).sort()) === JSON.stringify(key(after.rows).sort())
          ? 'yes'
          : viewsOf(before.rows) === viewsOf(after.rows)
            ? 'same views (pages tied on views listed differently)'
            : '**NO**';
      const rewritePlan = (
        await inTx<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${TOP_PAGES_REWRITE}`, rewriteArgs)
      )
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      console.log(
        `top pages, ${int(Number(rowCount))} visit rows: ${fmt(before.ms)} → ${fmt(after.ms)}, ${fmt(after2.ms)}; same rows: ${same}`,
      );
      visitTrial =
        `### The top pages query at a realistic visit volume\n\n` +
        `The generated database holds no visit history, so for this one query a temporary \`visit_pages\` ` +
        `(it shadows the real table in its session; rolled back after) holds ${int(VISIT_PAGES)} item pages seen on each of ` +
        `${VISIT_DAYS} days from ${halfCase.c.period.from}: ${int(Number(rowCount))} rows (filled in ${fmt(fillMs)}). ` +
        `The ${halfCase.c.name} query as buildReport() sends it, then aggregated before the join with the items:\n\n` +
        `| Query | Time |\n| --- | ---: |\n| as it is (joins every day's row to items, then groups) | **${fmt(before.ms)}** |\n` +
        `| rewritten (groups the visits, then joins the ${int(VISIT_PAGES)} pages to items) | **${fmt(after.ms)}**, ${fmt(after2.ms)} |\n\n` +
        `Same rows: ${same}.\n\n\`\`\`sql\n${TOP_PAGES_REWRITE}\n\`\`\`\n\n\`\`\`\n${rewritePlan}\n\`\`\`\n\n`;
    } finally {
      await t.rollback();
    }
  }

  // 2. The 6-month export.
  const half = presetPeriod(`h1-${YEAR}`)!;
  const halfScope: ReportScope = { siteIds: allSites };
  const exportTimes = { build: [] as number[], xlsx: [] as number[], csv: [] as number[] };
  let xlsxBytes = 0;
  let csvBytes = 0;
  for (let i = 0; i < Math.max(1, Math.min(RUNS, 3)); i++) {
    let t = now();
    const report = await buildReport(sequelize, CENTRAL, half, halfScope, sites);
    exportTimes.build.push(now() - t);
    t = now();
    xlsxBytes = (await toXlsx(report)).length;
    exportTimes.xlsx.push(now() - t);
    t = now();
    csvBytes = toCsv(report).length;
    exportTimes.csv.push(now() - t);
  }
  console.log(
    `export ${half.preset}: buildReport ${exportTimes.build.map(fmt).join(', ')}; toXlsx ${exportTimes.xlsx.map(fmt).join(', ')} ` +
      `(${kb(xlsxBytes)}); toCsv ${exportTimes.csv.map(fmt).join(', ')} (${kb(csvBytes)})`,
  );

  // The job path, as the export page starts it: a central reporter asks, the job runs.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cong-bench-report-'));
  onCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const deps = { sequelize, files: new PrivateFiles(dir), logger, sites: () => sites };
  const [person] = await Person.findOrCreate({
    where: { email: 'bench-reporter@cong.invalid' },
    defaults: {
      email: 'bench-reporter@cong.invalid',
      fullName: 'Bench reporter (bench/report.ts)',
      unit: null,
      phone: null,
      passwordHash: null,
      mustChangePassword: false,
      totpSecret: null,
      totpEnabledAt: null,
      lastSignInAt: null,
    },
  });
  // Stored: the export runs as the person who asked, with their grants as the database holds them.
  const [grant] = await Grant.findOrCreate({
    where: { personId: person.id, tenantId: null, role: 'reporter', revokedAt: null },
    defaults: systemGrant(person.id, 'reporter'),
  });
  const ctx: ActionContext = { actor: actorFrom(person, [grant]), ip: '127.0.0.1' };
  const portal = siteRows.find((s) => s.kind === 'province') ?? siteRows[0]!;
  const jobIds: number[] = [];
  onCleanup(async () => {
    if (jobIds.length) await ReportExport.destroy({ where: { id: jobIds } });
  });
  const jobs: { format: 'xlsx' | 'csv'; request: number; run: number; total: number; status: string; bytes: number }[] =
    [];
  let xlsxCheck = '';
  for (const format of ['xlsx', 'xlsx', 'csv'] as const) {
    const t0 = now();
    const job = await requestExport(deps, ctx, Number(portal.id), true, format, half, halfScope);
    jobIds.push(job.id);
    const t1 = now();
    const ran = await runExport(deps, job.id);
    const t2 = now();
    const done = (await ReportExport.findByPk(job.id))!;
    const file = done.fileKey ? await deps.files.read(done.fileKey) : null;
    const status = ran ? `${done.status}${done.error ? ` (${done.error})` : ''}` : 'not claimed';
    jobs.push({ format, request: t1 - t0, run: t2 - t1, total: t2 - t0, status, bytes: file?.length ?? 0 });
    if (format === 'xlsx' && file && !xlsxCheck) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as unknown as ArrayBuffer);
      const bySite = wb.getWorksheet('Theo trang');
      xlsxCheck =
        `The first XLSX file opens with exceljs: ${wb.worksheets.length} sheets (${wb.worksheets.map((w) => w.name).join(', ')}); ` +
        `"Theo trang" has ${bySite ? bySite.rowCount - 1 : 0} site rows (expected ${sites.length}).`;
    }
    console.log(
      `export job ${format}: request ${fmt(t1 - t0)}, run ${fmt(t2 - t1)}, ${status}, ${kb(file?.length ?? 0)}`,
    );
  }

  // The index the kind-filtered queries lack (opt-in: DDL on the bench database): built, the cases
  // measured again, then dropped, so the database is left as it was found.
  let indexTrial = '';
  if (TRY_INDEX) {
    const [existing] = await select<{ n: string }>(`SELECT count(*) AS n FROM pg_indexes WHERE indexname = :name`, {
      name: TRIAL_INDEX,
    });
    const created = Number(existing!.n) === 0;
    const t = now();
    await sequelize.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${TRIAL_INDEX} ON items ${TRIAL_INDEX_DEF}`);
    const buildMs = now() - t;
    if (created)
      onCleanup(async () => void (await sequelize.query(`DROP INDEX CONCURRENTLY IF EXISTS ${TRIAL_INDEX}`)));
    const [{ size }] = (await select<{ size: string }>(
      `SELECT pg_size_pretty(pg_relation_size(:name::regclass)) AS size`,
      { name: TRIAL_INDEX },
    )) as [{ size: string }];
    console.log(`trial index ${TRIAL_INDEX} ${created ? `built in ${fmt(buildMs)}` : 'already there'} (${size})`);
    const consultSql = headline.sqls.get('consultations (items ⋈ comments)')!;
    const consultAfter = await alone(consultSql);
    const consultBefore = solo.find((x) => x.label === 'consultations (items ⋈ comments)')!.ms;
    const consultPlan = await explain(consultSql);
    const after: CaseResult[] = [];
    for (const c of cases) after.push(await measure(c));
    const rows = results.map((r, i) => {
      const x = after[i]!;
      return (
        `| ${r.c.name} | ${fmt(r.cold)} → ${fmt(x.cold)} | ${fmt(median(r.warm))} → **${fmt(median(x.warm))}** | ` +
        `${x.checks.length ? `**FAILED**: ${x.checks.join('; ')}` : 'ok'} |`
      );
    });
    const queryRows = [...new Set(after.flatMap((r) => [...r.warmQueries.keys()]))]
      .filter((l) => results.some((r) => median(r.warmQueries.get(l) ?? [0]) >= 50))
      .map(
        (l) =>
          `| ${l} | ${results
            .map(
              (r, i) =>
                `${fmt(median(r.warmQueries.get(l) ?? []))} → ${fmt(median(after[i]!.warmQueries.get(l) ?? []))}`,
            )
            .join(' | ')} |`,
      );
    indexTrial =
      `## Trial: an index for the kind-filtered queries

` +
      `\`CREATE INDEX CONCURRENTLY ${TRIAL_INDEX} ON items ${TRIAL_INDEX_DEF}\`: ` +
      `${created ? `built in ${fmt(buildMs)}` : 'already present'}, ${size}${created ? ', dropped after the trial' : ''}.\n\n` +
      `The consultations query alone: ${consultBefore.map(fmt).join(', ')} → ${consultAfter.times.map(fmt).join(', ')}.\n\n` +
      `\`\`\`\n${consultPlan}\n\`\`\`\n\n` +
      `buildReport() without → with the index:\n\n| Case | Cold | Warm median | Figures checked |\n| --- | ---: | ---: | --- |\n` +
      `${rows.join('\n')}\n\nThe queries that took 50 ms or more inside buildReport() (warm medians, without → with):\n\n` +
      `| Query | ${results.map((r) => r.c.name).join(' | ')} |\n| --- | ${results.map(() => '---:').join(' | ')} |\n` +
      `${queryRows.join('\n')}\n`;
  }
  const loadAtEnd = load();

  // The results.
  const verdict = (msValue: number, target: number) => (msValue < target ? 'met' : '**NOT met**');
  const dashboard = [
    '| Case | Period | Sites | Items published in period | Cold (first) | Warm median | Warm min–max | Target < 2 s (warm) | Figures checked |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.c.name} | ${r.c.period.from} … ${r.c.period.to} | ${r.c.scope.siteIds.length} | ${int(r.report.totals.published)} | ` +
        `${fmt(r.cold)} | **${fmt(median(r.warm))}** | ${fmt(Math.min(...r.warm))}–${fmt(Math.max(...r.warm))} | ` +
        `${verdict(median(r.warm), DASHBOARD_TARGET_MS)}${r.cold >= DASHBOARD_TARGET_MS ? ' (cold: not met)' : ''} | ` +
        `${r.checks.length ? `**FAILED**: ${r.checks.join('; ')}` : 'ok'} |`,
    ),
  ].join('\n');
  const labels = [...new Set(results.flatMap((r) => r.coldQueries.map((q) => q.label)))];
  const perQuery = [
    `| Query | ${results.map((r) => r.c.name).join(' | ')} |`,
    `| --- | ${results.map(() => '---:').join(' | ')} |`,
    ...labels.map(
      (l) =>
        `| ${l} | ${results
          .map((r) => {
            const w = r.warmQueries.get(l);
            const c = r.coldQueries.find((q) => q.label === l)?.ms;
            return w ? `${fmt(median(w))} (cold ${fmt(c ?? NaN)})` : '—';
          })
          .join(' | ')} |`,
    ),
  ].join('\n');
  const aloneTable = [
    '| Query | Alone, median of 3 | runs |',
    '| --- | ---: | --- |',
    ...solo.map((a) => `| ${a.label} | ${fmt(median(a.ms))} | ${a.ms.map(fmt).join(', ')} |`),
    `| **sum** | **${fmt(solo.reduce((s, a) => s + median(a.ms), 0))}** | |`,
  ].join('\n');
  const exportTable = [
    '| Step | Runs | Median | Output |',
    '| --- | --- | ---: | --- |',
    `| buildReport(${half.preset}, all sites) | ${exportTimes.build.map(fmt).join(', ')} | ${fmt(median(exportTimes.build))} | |`,
    `| toXlsx(report) | ${exportTimes.xlsx.map(fmt).join(', ')} | ${fmt(median(exportTimes.xlsx))} | ${kb(xlsxBytes)} |`,
    `| toCsv(report) | ${exportTimes.csv.map(fmt).join(', ')} | ${fmt(median(exportTimes.csv))} | ${kb(csvBytes)} |`,
  ].join('\n');
  const jobTable = [
    '| Job | requestExport | runExport | Total | Status | File | Target < 30 s |',
    '| --- | ---: | ---: | ---: | --- | ---: | --- |',
    ...jobs.map(
      (j, i) =>
        `| ${j.format} (${i === 0 ? 'first' : i === 1 ? 'second' : 'third'}) | ${fmt(j.request)} | ${fmt(j.run)} | **${fmt(j.total)}** | ${j.status} | ${kb(j.bytes)} | ` +
        `${j.status === 'done' ? verdict(j.total, EXPORT_TARGET_MS) : '**failed**'} |`,
    ),
  ].join('\n');
  const slowest = solo[0]!;
  const md =
    `# Central report benchmark\n\n${new Date().toISOString()}. ${DATABASE_URL}.\n\n${setup}\n` +
    `Load average at the end: ${loadAtEnd}.\n\n` +
    `## Dashboard: buildReport()\n\nCold is the first call of each case in this process (the Postgres and OS ` +
    `caches may already hold the pages: the database is not restarted); warm is the median of ${RUNS} further calls. ` +
    `"Figures checked" compares the totals, the months and the kinds with direct counts of the items.\n\n${dashboard}\n\n` +
    `### Per query, inside buildReport()\n\nWhat each query took as it ran inside buildReport() (they run ` +
    `concurrently, 10 connections on ${os.cpus().length} CPUs, so they slow each other down): warm median, cold in brackets.\n\n${perQuery}\n\n` +
    `### Per query, alone (${results[0]!.c.name})\n\nEach query of the first case run by itself, one at a time, ` +
    `three times.\n\n${aloneTable}\n\nThe slowest alone: ${slowest.label}, ${fmt(median(slowest.ms))}.\n\n` +
    (explains.length
      ? `### EXPLAIN (ANALYZE, BUFFERS) of the ${explains.length} slowest\n\n` +
        explains
          .map(
            (e) => `#### ${e.label}\n\n\`\`\`sql\n${headline.sqls.get(e.label)}\n\`\`\`\n\n\`\`\`\n${e.plan}\n\`\`\`\n`,
          )
          .join('\n') +
        '\n'
      : '') +
    `### Rewrite tried: the monthly query\n\nGrouped by \`${monthExpr}\` (a timestamp) instead of its ` +
    `text: alone, ${monthlyBefore.times.map(fmt).join(', ')} → ${monthlyAfter.times.map(fmt).join(', ')}; ` +
    `same rows: ${monthlySame ? 'yes' : '**NO**'}.\n\n\`\`\`sql\n${monthlyRewrite}\n\`\`\`\n\n\`\`\`\n${monthlyPlan}\n\`\`\`\n\n` +
    visitTrial +
    `## 6-month export (${half.label})\n\n${exportTable}\n\nThe job path: requestExport() as a central reporter ` +
    `(stores the row and its audit entry in a transaction), then runExport() (claims the row, builds the report, ` +
    `writes the file, records progress and the result). ${xlsxCheck}\n\n${jobTable}\n` +
    (indexTrial ? `\n${indexTrial}` : '');
  writeResult('report.md', md);
  console.log(`\n${md}`);
}

runBench(main);
