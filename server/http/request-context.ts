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
}
