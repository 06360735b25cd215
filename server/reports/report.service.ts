// The central report across sites (Art 11.8, 15.3, 17.8): every figure is one SQL aggregate over
// the sites in scope and the period, in Vietnam days. Nothing here loops over items in
// JavaScript; the only JavaScript is joining a handful of per-site aggregate rows by site.
import type { Sequelize } from 'sequelize';
import { crossSite } from '../db/cross-site';
import { KINDS } from '../content/kinds';
import type { Period, ReportScope } from './report-export.model';
import { uptimeOf } from '../ops/uptime.service';
import { incidentsIn } from '../ops/incidents.service';
import type { Actor } from '../auth/access';
import { can } from '../auth/can.policy';
import { forbidden } from '../core/errors';

// Declared with the export jobs that store it, so that the data layer imports no service.
export type { ReportScope };

export interface SiteRef {
  id: number;
  name: string;
  kind: string;
}

const TZ = 'Asia/Ho_Chi_Minh';
/** The period as timestamptz bounds: [start, end). */
const BOUNDS = `(:from::date)::timestamp AT TIME ZONE '${TZ}'`;
const END = `((:to::date) + 1)::timestamp AT TIME ZONE '${TZ}'`;
const inPeriod = (col: string) => `${col} >= ${BOUNDS} AND ${col} < ${END}`;

type Row = Record<string, unknown>;
const int = (v: unknown) => (v == null ? 0 : Number(v));
const num = (v: unknown) => (v == null ? null : Number(v));

/**
 * Refuses a scope that reaches a site the person may not read figures of: a central reader
 * (reporters, operators, the Board, system administrators) may read every site, a site's
 * administrator their own. The services check it themselves, from the person's own grants, so a
 * caller that hands in a wider scope (a route's bug, a forged filter) gets a 403, not the figures.
 * Reports and royalty statements share the rule.
 */
export function checkReportScope(actor: Actor, siteIds: readonly number[]): void {
  if (siteIds.some((id) => !can(actor, 'reports.readSite', { tenantId: id })))
    throw forbidden('Bạn không có quyền xem báo cáo của trang này.');
}

/** The report of the sites in `scope`, for `actor`, who must be allowed to read every one of them. */
export async function buildReport(
  sequelize: Sequelize,
  actor: Actor,
  period: Period,
  scope: ReportScope,
  sites: SiteRef[],
) {
  checkReportScope(actor, scope.siteIds);
  const r = {
    sites: scope.siteIds.length ? scope.siteIds : [0],
    from: period.from,
    to: period.to,
    kind: scope.kind ?? null,
  };
  // Every figure reads the sites in scope, just checked against the person's grants.
  const db = crossSite('central-reports');
  const q = <T extends Row>(sql: string) => db.select<T>(sql, { replacements: r });
  const kindCond = scope.kind ? 'AND kind = :kind' : '';

  const [
    published,
    providers,
    overdueCounts,
    overdue,
    moderation,
    moderationBySite,
    questions,
    consultations,
    visits,
    topPages,
    monthly,
  ] = await Promise.all([
    // Items first published in the period, on time or late against the Board's deadline (Art 7).
    q<Row>(`SELECT tenant_id AS "siteId", kind, count(*) AS published,
                     count(*) FILTER (WHERE published_late IS FALSE) AS "onTime",
                     count(*) FILTER (WHERE published_late IS TRUE) AS late
                FROM items
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND ${inPeriod('published_at')} ${kindCond}
               GROUP BY 1, 2`),
    // Information handed in by agencies in the period, against their deadline (Art 6.2).
    q<Row>(`SELECT tenant_id AS "siteId", count(*) AS received,
                     count(*) FILTER (WHERE NOT provider_late) AS "onTime",
                     count(*) FILTER (WHERE provider_late) AS late
                FROM submissions
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND ${inPeriod('received_at')}
               GROUP BY 1`),
    // Overdue now: received, not yet published, past the deadline (whatever the period).
    q<Row>(`SELECT tenant_id AS "siteId", count(*) AS overdue
                FROM items
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND published_at IS NULL
                 AND publication = 'unpublished' AND due_at < now() ${kindCond}
               GROUP BY 1`),
    q<Row>(`SELECT id, tenant_id AS "siteId", kind, title, received_at AS "receivedAt", due_at AS "dueAt"
                FROM items
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND published_at IS NULL
                 AND publication = 'unpublished' AND due_at < now() ${kindCond}
               ORDER BY due_at ASC LIMIT 200`),
    // Moderation time: submitted for review → approved and published, in hours.
    q<Row>(`SELECT count(*) AS n,
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - submitted_at)) / 3600 AS median,
                     percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - submitted_at)) / 3600 AS p90
                FROM items
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND ${inPeriod('published_at')} ${kindCond}
                 AND submitted_at IS NOT NULL AND submitted_at <= published_at`),
    q<Row>(`SELECT tenant_id AS "siteId",
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - submitted_at)) / 3600 AS median
                FROM items
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND ${inPeriod('published_at')} ${kindCond}
                 AND submitted_at IS NOT NULL AND submitted_at <= published_at
               GROUP BY 1`),
    // Citizens' questions and feedback received in the period (Art 4.15, 4.14a).
    q<Row>(`SELECT tenant_id AS "siteId", kind, count(*) AS received,
                     count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
                     count(*) FILTER (WHERE answered_at IS NULL AND status = 'received') AS pending,
                     count(*) FILTER (WHERE status = 'rejected') AS rejected,
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at))
                       FILTER (WHERE answered_at IS NOT NULL) / 86400 AS "medianDays"
                FROM participations
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND kind IN ('question', 'feedback') AND ${inPeriod('created_at')}
               GROUP BY 1, 2`),
    // Consultations published in the period and the comments they received (Art 4.14b).
    q<Row>(`SELECT i.tenant_id AS "siteId", count(DISTINCT i.id) AS consultations, count(p.id) AS comments
                FROM items i
                LEFT JOIN participations p ON p.item_id = i.id AND p.tenant_id = i.tenant_id AND p.kind = 'comment'
               WHERE i.tenant_id = ANY(ARRAY[:sites]::int[]) AND i.kind = 'consultation' AND ${inPeriod('i.published_at')}
                     ${scope.kind ? "AND :kind = 'consultation'" : ''}
               GROUP BY 1`),
    q<Row>(`SELECT tenant_id AS "siteId", sum(count) AS visits
                FROM visit_days
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND day BETWEEN :from::date AND :to::date
               GROUP BY 1`),
    // The most read item pages: a page path is "/<kind's segment>/<slug>". Visits are grouped
    // before the join: a year of daily rows is millions, the pages read far fewer.
    q<Row>(`SELECT v."siteId", v.path, v.views, i.title
                FROM (SELECT tenant_id AS "siteId", path, sum(count) AS views
                        FROM visit_pages
                       WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND day BETWEEN :from::date AND :to::date
                       GROUP BY 1, 2) v
                JOIN (VALUES ${KINDS.map((k) => `('${k.path.vi}', '${k.code}')`).join(', ')}) AS k(seg, kind)
                  ON split_part(v.path, '/', 2) = k.seg
                JOIN items i ON i.tenant_id = v."siteId" AND i.kind = k.kind AND i.locale = 'vi'
                            AND i.slug = split_part(v.path, '/', 3) ${scope.kind ? 'AND i.kind = :kind' : ''}
               ORDER BY v.views DESC LIMIT 10`),
    // Grouped by the month itself, not its text, so that Postgres aggregates in memory.
    q<Row>(`SELECT to_char(date_trunc('month', published_at AT TIME ZONE '${TZ}'), 'YYYY-MM') AS month, count(*) AS published,
                     count(*) FILTER (WHERE published_late IS FALSE) AS "onTime",
                     count(*) FILTER (WHERE published_late IS TRUE) AS late
                FROM items
               WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND ${inPeriod('published_at')} ${kindCond}
               GROUP BY date_trunc('month', published_at AT TIME ZONE '${TZ}') ORDER BY 1`),
  ]);

  const nameOf = new Map(sites.map((s) => [s.id, s]));
  const perSite = new Map<number, ReturnType<typeof emptySite>>();
  const emptySite = (id: number) => ({
    id,
    name: nameOf.get(id)?.name ?? `#${id}`,
    siteKind: nameOf.get(id)?.kind ?? '',
    published: 0,
    onTime: 0,
    late: 0,
    rate: null as number | null,
    providerReceived: 0,
    providerLate: 0,
    overdue: 0,
    moderationHours: null as number | null,
    questions: 0,
    answered: 0,
    pending: 0,
    consultations: 0,
    comments: 0,
    visits: 0,
  });
  const site = (id: unknown) => {
    const key = Number(id);
    let s = perSite.get(key);
    if (!s) perSite.set(key, (s = emptySite(key)));
    return s;
  };
  for (const id of scope.siteIds) site(id);
  const byKind = new Map<string, { kind: string; published: number; onTime: number; late: number }>();
  for (const row of published) {
    const s = site(row.siteId);
    s.published += int(row.published);
    s.onTime += int(row.onTime);
    s.late += int(row.late);
    const k = byKind.get(String(row.kind)) ?? { kind: String(row.kind), published: 0, onTime: 0, late: 0 };
    k.published += int(row.published);
    k.onTime += int(row.onTime);
    k.late += int(row.late);
    byKind.set(k.kind, k);
  }
  for (const row of providers) {
    site(row.siteId).providerReceived = int(row.received);
    site(row.siteId).providerLate = int(row.late);
  }
  for (const row of overdueCounts) site(row.siteId).overdue = int(row.overdue);
  for (const row of moderationBySite) site(row.siteId).moderationHours = num(row.median);
  for (const row of questions) {
    const s = site(row.siteId);
    s.questions += int(row.received);
    s.answered += int(row.answered);
    s.pending += int(row.pending);
  }
  for (const row of consultations) {
    site(row.siteId).consultations = int(row.consultations);
    site(row.siteId).comments = int(row.comments);
  }
  for (const row of visits) site(row.siteId).visits = int(row.visits);
  const rate = (onTime: number, late: number) => (onTime + late ? onTime / (onTime + late) : null);
  const siteRows = [...perSite.values()].map((s) => ({ ...s, rate: rate(s.onTime, s.late) }));
  // Ranked by compliance: the on-time rate, then the volume; sites with nothing judged come last.
  const ranked = [...siteRows].sort(
    (a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.published - a.published || a.name.localeCompare(b.name, 'vi'),
  );

  const sum = (f: (s: (typeof siteRows)[number]) => number) => siteRows.reduce((acc, s) => acc + f(s), 0);
  const totals = {
    sites: siteRows.length,
    published: sum((s) => s.published),
    onTime: sum((s) => s.onTime),
    late: sum((s) => s.late),
    rate: rate(
      sum((s) => s.onTime),
      sum((s) => s.late),
    ),
    providerReceived: sum((s) => s.providerReceived),
    providerLate: sum((s) => s.providerLate),
    providerRate: rate(
      sum((s) => s.providerReceived - s.providerLate),
      sum((s) => s.providerLate),
    ),
    overdue: sum((s) => s.overdue),
    questions: sum((s) => s.questions),
    answered: sum((s) => s.answered),
    pending: sum((s) => s.pending),
    consultations: sum((s) => s.consultations),
    comments: sum((s) => s.comments),
    visits: sum((s) => s.visits),
  };
  const questionsByKind = ['question', 'feedback'].map((kind) => {
    const rows = questions.filter((x) => x.kind === kind);
    return {
      kind,
      received: rows.reduce((a, x) => a + int(x.received), 0),
      answered: rows.reduce((a, x) => a + int(x.answered), 0),
      pending: rows.reduce((a, x) => a + int(x.pending), 0),
      rejected: rows.reduce((a, x) => a + int(x.rejected), 0),
    };
  });
  // The median answer time over all sites needs its own aggregate (medians do not add up).
  const [answerTime] = await q<Row>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at)) / 86400 AS days
       FROM participations
      WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND kind IN ('question', 'feedback')
        AND answered_at IS NOT NULL AND ${inPeriod('created_at')}`,
  );

  const [uptime, incidents, royalties] = await Promise.all([
    uptimeOf(
      sequelize,
      period.from,
      period.to,
      scope.siteIds.map((id) => ({ id, name: nameOf.get(id)?.name ?? `#${id}` })),
    ),
    incidentsIn(sequelize, period.from, period.to),
    // Royalties of items published in the period (Art 17.4): owed, paid, people.
    q<Row>(`SELECT count(*) AS entries, count(DISTINCT person_name) AS people, coalesce(sum(amount), 0) AS amount,
                   coalesce(sum(amount) FILTER (WHERE paid_at IS NOT NULL), 0) AS paid
              FROM royalty_entries
             WHERE tenant_id = ANY(ARRAY[:sites]::int[]) AND published_on BETWEEN :from::date AND :to::date`),
  ]);

  return {
    period,
    totals,
    royalties: {
      entries: int(royalties[0]?.entries),
      people: int(royalties[0]?.people),
      amount: int(royalties[0]?.amount),
      paid: int(royalties[0]?.paid),
    },
    // Availability measured by the self-check, per target; incidents that overlap the period.
    uptime,
    incidents: incidents.filter((i) => !i.siteIds || i.siteIds.some((id) => scope.siteIds.includes(id))),
    sites: ranked,
    byKind: [...byKind.values()].sort((a, b) => b.published - a.published),
    monthly: monthsOf(period).map((month) => {
      const m = monthly.find((x) => x.month === month);
      return { month, published: int(m?.published), onTime: int(m?.onTime), late: int(m?.late) };
    }),
    overdue: overdue.map((o) => ({
      id: Number(o.id),
      siteId: Number(o.siteId),
      siteName: nameOf.get(Number(o.siteId))?.name ?? '',
      kind: String(o.kind),
      title: String(o.title),
      receivedAt: o.receivedAt as Date,
      dueAt: o.dueAt as Date,
    })),
    moderation: {
      n: int(moderation[0]?.n),
      medianHours: num(moderation[0]?.median),
      p90Hours: num(moderation[0]?.p90),
    },
    questions: { byKind: questionsByKind, medianAnswerDays: num(answerTime?.days) },
    topItems: topPages.map((t) => ({
      siteId: Number(t.siteId),
      siteName: nameOf.get(Number(t.siteId))?.name ?? '',
      path: String(t.path),
      title: String(t.title),
      views: int(t.views),
    })),
  };
}

export type Report = Awaited<ReturnType<typeof buildReport>>;

/** Every month of the period, so that a month with nothing shows as zero, not as a gap. */
export function monthsOf(period: Period): string[] {
  const out: string[] = [];
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  const [ty, tm] = period.to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
