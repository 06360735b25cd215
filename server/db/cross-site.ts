// The one door to reads that span sites. Every other read of a site's rows goes through
// siteData(site). A cross-site read names its purpose from the closed list below, so a reviewer
// finds every one with a search for `crossSite(`, and /metrics counts them per purpose.
import { QueryTypes } from 'sequelize';
import { Tenant } from '../../tenants/tenant.model';
import { Grant } from '../auth/grant.model';
import { Person } from '../auth/person.model';
import { Item, ItemRevision } from '../content/item.model';
import { Syndication } from '../content/syndication.model';
import { Media } from '../media/media.model';
import { Participation } from '../participation/participation.model';
import { preparedQuery } from './prepared-query';
import { transactionWith, type SqlOptions } from './site-data';

export const CROSS_SITE_PURPOSES = {
  'portal-search': "the portal's search and home feed read every active site's public items",
  'central-reports': "the province's office reads reports of every site (reports.readCentral)",
  'board-queue': 'the Editorial Board moderates the items of every site it is given',
  scheduler: 'the scheduler publishes the due items of every site',
  syndication: 'an item one site offers is shown and decided by another',
  'platform-console': 'operators manage every site, person and role',
  'public-routing': 'a question sent to the portal is routed to the site that answers it',
  'item-pages':
    "item pages asked for at once, of any sites, are read in one statement, each row joined on its own request's site",
} as const;
export type CrossSitePurpose = keyof typeof CROSS_SITE_PURPOSES;

const reads = new Map<CrossSitePurpose, number>();
/** How many cross-site reads each purpose made since the start (for /metrics). */
export const crossSiteReadCounts = (): ReadonlyMap<CrossSitePurpose, number> => reads;

/** The tables, unscoped, for one named purpose. */
export function crossSite(purpose: CrossSitePurpose) {
  reads.set(purpose, (reads.get(purpose) ?? 0) + 1);
  return {
    sites: Tenant,
    items: Item,
    revisions: ItemRevision,
    media: Media,
    participations: Participation,
    offers: Syndication,
    people: Person,
    grants: Grant,
    select: <T extends object>(sql: string, opts: SqlOptions = {}) =>
      Item.sequelize!.query<T>(sql, {
        replacements: opts.replacements ?? {},
        transaction: opts.transaction ?? null,
        type: QueryTypes.SELECT,
        ...(opts.useMaster === undefined ? {} : { useMaster: opts.useMaster }),
      }),
    /** A transaction with planner settings for its statements (transactionWith). */
    transaction: transactionWith,
    /** A named prepared statement (prepared-query.ts), for the hottest reads. */
    prepared: <T>(statement: { name: string; text: string }, values: unknown[], reads: { useMaster: boolean }) =>
      preparedQuery<T>(Item.sequelize!, statement, values, reads),
  };
}
