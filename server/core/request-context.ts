import type { Locale, Site } from '../../tenants/tenant.types';

/**
 * Everything a service needs to know about the request, passed explicitly: which site, which
 * language, where the site lives. (Issue 3 adds the signed-in user.)
 */
export interface RequestContext {
  readonly site: Site;
  readonly locale: Locale;
  /** The site's path prefix plus "/en" for English; '' for a site at the root of its host. */
  readonly basePath: string;
  readonly host: string;
  readonly requestId: string;
  /**
   * Where this request's public reads may go: 'replica' only for an anonymous GET/HEAD of a site
   * that has not changed within the replicas' grace period (tenancy.middleware.ts). Absent: the primary.
   */
  readonly readFrom?: 'primary' | 'replica';
}

/**
 * Query options of a public read: `{ useMaster: false }`, which lets it use a read replica, only
 * when the request allows it. A query without them goes to the primary (server/db/sequelize.ts).
 */
export const publicRead = (ctx: Pick<RequestContext, 'readFrom'>) => ({ useMaster: ctx.readFrom !== 'replica' });
