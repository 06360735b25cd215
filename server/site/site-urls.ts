import type { IncomingMessage } from 'node:http';
import { canonicalHost } from '../../tenants/resolve-tenant';
import type { Site } from '../../tenants/tenant.types';
import { portOf, type RequestOrigin } from '../core/request-host';

/** The home URL of a site, relative when it shares the request's host, absolute otherwise. */
export function siteHomeUrl(
  site: Site,
  req: IncomingMessage,
  origin: RequestOrigin,
  primaryDomain: string,
  currentHost: string,
) {
  const host = canonicalHost(site, primaryDomain);
  const path = site.pathPrefix || '/';
  if (host === currentHost) return path;
  const port = portOf(origin.host(req));
  return `${origin.proto(req)}://${host}${port ? `:${port}` : ''}${path}`;
}
