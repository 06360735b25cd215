// A site's data: the one way in to the rows a site owns. Services ask `siteData(site)` for the
// site's tables, each scoped by construction (tenant-scope.ts), and `siteData(site).sql` for the
// raw statements Sequelize cannot express, which must name the site as `:site`. Reads across
// sites have their own, named door: cross-site.ts.
import { QueryTypes, type Transaction } from 'sequelize';
import { Tenant, TenantAlias } from '../../tenants/tenant.model';
import { Grant } from '../auth/grant.model';
import { Category, MenuItem } from '../content/category.model';
import { Item, ItemRevision, ItemTransition } from '../content/item.model';
import { Assignment, Submission } from '../content/submission.model';
import { Syndication } from '../content/syndication.model';
import { Media } from '../media/media.model';
import { Participation, Rating } from '../participation/participation.model';
import { ReportExport } from '../reports/report-export.model';
import { scoped } from './tenant-scope';

export interface SqlOptions {
  replacements?: Record<string, unknown>;
  transaction?: Transaction | null;
  /** false: a public read a replica may answer (publicRead(ctx)); outside a transaction only. */
  useMaster?: boolean;
}

/**
 * A transaction whose statements run with these planner settings (SET LOCAL), for the few reads
 * no plan suits by itself (search). Names and values are bound, never spliced into the SQL.
 */
export function transactionWith<T>(settings: Record<string, string>, fn: (tx: Transaction) => Promise<T>) {
  const sequelize = Item.sequelize!;
  return sequelize.transaction(async (transaction) => {
    for (const [name, value] of Object.entries(settings))
      await sequelize.query('SELECT set_config(:name, :value, true)', { replacements: { name, value }, transaction });
    return fn(transaction);
  });
}

/** Thrown for a statement that could read or change another site's rows: a bug, never input. */
export class UnscopedQueryError extends Error {}

/** Raw SQL of one site: `:site` is bound to the site's id, and a statement without it is refused. */
export function siteSql(siteId: number) {
  const run = <T extends object>(sql: string, type: QueryTypes, opts: SqlOptions) => {
    if (!/:site\b/.test(sql)) throw new UnscopedQueryError(`A site's statement must name :site — ${sql.slice(0, 80)}`);
    if (opts.replacements && 'site' in opts.replacements)
      throw new UnscopedQueryError('`:site` is bound by siteSql, not by the caller');
    return Item.sequelize!.query<T>(sql, {
      replacements: { ...opts.replacements, site: siteId },
      transaction: opts.transaction ?? null,
      type: type as QueryTypes.SELECT,
      ...(opts.useMaster === undefined ? {} : { useMaster: opts.useMaster }),
    });
  };
  return {
    select: <T extends object>(sql: string, opts: SqlOptions = {}) => run<T>(sql, QueryTypes.SELECT, opts),
    /** INSERT/UPDATE/DELETE … RETURNING: the rows it returned. */
    change: async <T extends object>(sql: string, opts: SqlOptions = {}) =>
      (await run<T>(sql, QueryTypes.SELECT, opts)) as T[],
    /** A transaction of the site's statements with planner settings (transactionWith). */
    transaction: transactionWith,
  };
}

/** Everything a site owns, seen from that site only. */
export function siteData(site: { readonly id: number }) {
  const id = site.id;
  return {
    siteId: id,
    items: scoped(Item, id),
    revisions: scoped(ItemRevision, id),
    transitions: scoped(ItemTransition, id),
    media: scoped(Media, id),
    categories: scoped(Category, id),
    menuItems: scoped(MenuItem, id),
    participations: scoped(Participation, id),
    ratings: scoped(Rating, id),
    submissions: scoped(Submission, id),
    assignments: scoped(Assignment, id),
    reportExports: scoped(ReportExport, id),
    /** The people's roles on this site (platform-wide grants are not the site's). */
    grants: scoped(Grant, id),
    /** Offers this site made of its own items. */
    offersMade: scoped(Syndication, id, 'sourceTenantId'),
    /** Offers other sites made to this one. */
    offersReceived: scoped(Syndication, id, 'targetTenantId'),
    /** The site's other host names (the registry's copy may lag a change of another instance). */
    aliases: scoped(TenantAlias, id),
    /** The site's own row (settings, theme, languages). */
    self: (transaction?: Transaction) => Tenant.findByPk(id, { transaction }),
    sql: siteSql(id),
  };
}

export type SiteData = ReturnType<typeof siteData>;
