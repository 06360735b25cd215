// Visits per site, page and day, counted on the server: no cookie, no IP address, no third-party
// tracker. Each instance adds up its page views in memory (a map increment on the hot path, no
// network call) and flushes them to Postgres on the scheduler's tick with additive upserts, so
// any number of instances can flush at once without losing or double-counting a view.
import { QueryTypes, type Sequelize } from 'sequelize';
import { vnDay } from '../calendar/working-calendar';
import { Tallies } from './tallies';

// Crawlers and monitors are not visitors.
const NOT_A_VISITOR = /bot|crawl|spider|slurp|preview|monitor|curl|wget|python|httpclient|headless|lighthouse/i;
const FIGURES_TTL_MS = 30_000;

export interface VisitFigures {
  today: number;
  total: number;
}

export class VisitCounter {
  private readonly tallies = new Tallies<number>((a, b) => a + b);
  private readonly figures = new Map<number, { at: number; value: VisitFigures }>();

  /** Counts one page view of a site (path inside the site, without the query). */
  record(siteId: number, path: string, userAgent: string | undefined, now = new Date()) {
    if (userAgent && NOT_A_VISITOR.test(userAgent)) return;
    const key = `${siteId}|${vnDay(now)}|${path.length > 300 ? path.slice(0, 300) : path}`;
    this.tallies.add(key, 1);
  }

  /** Writes what was counted since the last flush. On failure the counts are kept for the next one. */
  async flush(sequelize: Sequelize): Promise<number> {
    const sites: number[] = [];
    const days: string[] = [];
    const paths: string[] = [];
    const counts: number[] = [];
    await this.tallies.flush(async (batch) => {
      for (const [key, n] of batch) {
        const [site, day, ...rest] = key.split('|');
        sites.push(Number(site));
        days.push(day!);
        paths.push(rest.join('|'));
        counts.push(n);
      }
      await sequelize.transaction(async (transaction) => {
        const rows = { replacements: { sites, days, paths, counts }, type: QueryTypes.INSERT, transaction };
        // Sites removed since the views were counted are skipped (the join), not an error.
        await sequelize.query(
          `INSERT INTO visit_pages (tenant_id, day, path, count)
           SELECT v.s, v.d, v.p, v.c FROM unnest(ARRAY[:sites]::int[], ARRAY[:days]::date[], ARRAY[:paths]::text[], ARRAY[:counts]::bigint[]) AS v(s, d, p, c)
             JOIN tenants t ON t.id = v.s
           ON CONFLICT (tenant_id, day, path) DO UPDATE SET count = visit_pages.count + EXCLUDED.count`,
          rows,
        );
        await sequelize.query(
          `INSERT INTO visit_days (tenant_id, day, count)
           SELECT v.s, v.d, sum(v.c) FROM unnest(ARRAY[:sites]::int[], ARRAY[:days]::date[], ARRAY[:counts]::bigint[]) AS v(s, d, c)
             JOIN tenants t ON t.id = v.s
            GROUP BY v.s, v.d
           ON CONFLICT (tenant_id, day) DO UPDATE SET count = visit_days.count + EXCLUDED.count`,
          rows,
        );
      });
    });
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Today's and all-time views of a site, as flushed; read at most every 30 s per site. */
  async figuresOf(sequelize: Sequelize, siteId: number, now = new Date()): Promise<VisitFigures> {
    const hit = this.figures.get(siteId);
    if (hit && now.getTime() - hit.at < FIGURES_TTL_MS) return hit.value;
    const [row] = await sequelize.query<{ today: string | null; total: string | null }>(
      `SELECT sum(count) FILTER (WHERE day = :day) AS today, sum(count) AS total FROM visit_days WHERE tenant_id = :site`,
      { replacements: { site: siteId, day: vnDay(now) }, type: QueryTypes.SELECT },
    );
    const value = { today: Number(row?.today ?? 0), total: Number(row?.total ?? 0) };
    this.figures.set(siteId, { at: now.getTime(), value });
    return value;
  }
}
