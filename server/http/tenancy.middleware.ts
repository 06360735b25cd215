// Resolves the site of the request (or reuses what the front door already resolved), answers
// redirects and unavailable sites, and hands the site router a request whose URL is relative to
// the site: `/so-tai-chinh/en/news?page=2` reaches the router as `/news?page=2`.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Resolution } from '../../tenants/resolve-tenant';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { SUBSITE_FEED, type Cache } from '../cache/cache';
import { replicaReads } from '../db/sequelize';
import type { PageCache } from './page-cache';
import { isAnonymous, originKeyOf } from './page-cache';
import type { RequestContext } from './request-context';
import type { RequestOrigin } from './request-host';
import { AppError } from '../core/errors';

export interface Tenancy {
  resolution?: Resolution;
  pageCacheKey?: string;
}

/** What the front door learnt about the request, kept on it so that Express needn't redo it. */
export const tenancyOf = (req: IncomingMessage): Tenancy =>
  ((req as IncomingMessage & { tenancy?: Tenancy }).tenancy ??= {});

export const portOf = (hostHeader: string | undefined) => /:(\d{1,5})$/.exec(hostHeader ?? '')?.[1];

/**
 * Whether a site changed within the last graceMs, as this process sees its cache version move
 * (every change to a site bumps it, on every instance). A version this process has not seen
 * before counts as just changed, so the grace never starts before the change.
 */
export class RecentChanges {
  private readonly seen = new Map<number, { version: number; at: number }>();

  constructor(
    private readonly cache: Pick<Cache, 'tenantVersion'>,
    private readonly graceMs: number,
  ) {}

  recent(tenantId: number, now = Date.now()): boolean {
    const version = this.cache.tenantVersion(tenantId);
    const last = this.seen.get(tenantId);
    if (last?.version === version) return now - last.at < this.graceMs;
    this.seen.set(tenantId, { version, at: now });
    return this.graceMs > 0;
  }
}

const isAdminPath = (path: string) => path === '/admin' || path.startsWith('/admin/');

export type FoundSite = Extract<Resolution, { kind: 'found' }>;

/** The portal's home lists every sub-site's latest item, so it follows their changes too. */
export const isPortalHome = (r: FoundSite) => r.site.kind === 'province' && r.path === '/';
/** The request context of a request for a site, built alike by Express and by the front door. */
export type ContextMaker = (req: IncomingMessage, r: FoundSite, requestId: string) => RequestContext;

export function contextMaker(deps: { cache: Cache; sequelize: Sequelize }): ContextMaker {
  const replicas = replicaReads(deps.sequelize);
  const changes = replicas && new RecentChanges(deps.cache, replicas.graceMs);
  return (req, r, requestId) => {
    const portalHome = isPortalHome(r);
    // A replica may lag the primary: a site (or, for the portal home, any site) changed
    // within the grace period is read from the primary, so that a page rendered now shows
    // the change and is not cached under the new version with the replica's past.
    const replica =
      changes !== null &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      isAnonymous(req) &&
      !isAdminPath(r.path) &&
      !changes.recent(r.site.id) &&
      !(portalHome && changes.recent(SUBSITE_FEED));
    return {
      site: r.site,
      locale: r.locale,
      basePath: r.basePath,
      host: r.host,
      requestId,
      readFrom: replica ? 'replica' : 'primary',
    };
  };
}

export function tenancyMiddleware(deps: {
  registry: TenantRegistry;
  origin: RequestOrigin;
  pageCache: PageCache;
  contexts: ContextMaker;
}) {
  return function resolveSite(req: Request, res: Response, next: NextFunction) {
    const tenancy = tenancyOf(req);
    const rawHost = deps.origin.host(req);
    const r = (tenancy.resolution ??= deps.registry.resolve(rawHost, req.url));
    const q = req.url.indexOf('?');
    const search = q === -1 ? '' : req.url.slice(q);
    switch (r.kind) {
      case 'redirect': {
        const port = portOf(rawHost);
        const location = `${deps.origin.proto(req)}://${r.host}${port ? `:${port}` : ''}${r.path}${search}`;
        res.redirect(301, location);
        return;
      }
      case 'notFound':
        next(new AppError('SITE_NOT_FOUND', 404, 'Không tìm thấy trang thông tin', { reason: r.reason }));
        return;
      case 'unavailable':
        res.locals.unavailableSite = r.site;
        next(
          new AppError(r.status === 410 ? 'SITE_ARCHIVED' : 'SITE_SUSPENDED', r.status, 'Trang tạm ngừng hoạt động'),
        );
        return;
      case 'found': {
        const anonymousRead = (req.method === 'GET' || req.method === 'HEAD') && isAnonymous(req);
        const portalHome = isPortalHome(r);
        const ctx = deps.contexts(req, r, String((req as { id?: unknown }).id ?? crypto.randomUUID()));
        res.locals.ctx = ctx;
        if (anonymousRead) {
          const pathname = q === -1 ? req.url : req.url.slice(0, q);
          // Taken before rendering: a change during the render must not be stored as current.
          tenancy.pageCacheKey ??= deps.pageCache.key(
            r.site.id,
            r.locale,
            originKeyOf(deps.origin, req),
            pathname,
            search,
            portalHome,
          );
        }
        req.url = r.path + search;
        next();
      }
    }
  };
}
