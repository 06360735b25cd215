// Where a search reads. From a site's own page, through the site's door (siteData(site).sql: its
// statements must name :site, which is bound to the site); from the portal, across its sites, the
// named cross-site read 'portal-search'. Tests and benchmarks hand in a Sequelize directly.
import { QueryTypes, Sequelize, type Transaction } from 'sequelize';
import { crossSite } from '../db/cross-site';
import { siteData } from '../db/site-data';
import type { Site } from '../../tenants/tenant.types';

export type Replacements = Record<string, unknown>;

export interface SearchReader {
  select<T extends object>(
    sql: string,
    opts: { replacements: Replacements; useMaster?: boolean; transaction?: Transaction },
  ): Promise<T[]>;
  /** A transaction whose statements run with these planner settings (SET LOCAL). */
  transaction<T>(settings: Record<string, string>, fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

export type SearchSource = Sequelize | SearchReader;

function sequelizeReader(sequelize: Sequelize): SearchReader {
  return {
    select: (sql, opts) => sequelize.query(sql, { ...opts, type: QueryTypes.SELECT }),
    transaction: (settings, fn) =>
      sequelize.transaction(async (transaction) => {
        for (const [name, value] of Object.entries(settings))
          await sequelize.query('SELECT set_config(:name, :value, true)', {
            replacements: { name, value },
            transaction,
          });
        return fn(transaction);
      }),
  };
}

export const readerOf = (source: SearchSource): SearchReader =>
  source instanceof Sequelize ? sequelizeReader(source) : source;

/** The reader of a search of `siteIds` asked on `site`'s page. */
export function readerFor(site: Pick<Site, 'id'>, siteIds: readonly number[]): SearchReader {
  if (siteIds.length === 1 && siteIds[0] === site.id) {
    const sql = siteData(site).sql;
    return {
      // The site's door binds :site itself and refuses it from the caller.
      select: (text, { replacements: { site: _site, ...rest }, ...opts }) =>
        sql.select(text, { ...opts, replacements: rest }),
      transaction: sql.transaction,
    };
  }
  const portal = crossSite('portal-search');
  return { select: portal.select, transaction: portal.transaction };
}
