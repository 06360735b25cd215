// Resolves the site of the request (or reuses what the front door already resolved), answers
// redirects and unavailable sites, and hands the site router a request whose URL is relative to
// the site: `/so-tai-chinh/en/news?page=2` reaches the router as `/news?page=2`.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Resolution } from '../../tenants/resolve-tenant';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { AppError } from './errors';
import type { PageCache } from './page-cache';
import { isAnonymous } from './page-cache';
import type { RequestContext } from './request-context';
import type { RequestOrigin } from './request-host';

export interface Tenancy {
  resolution?: Resolution;
  pageCacheKey?: string;
}

/** What the front door learnt about the request, kept on it so that Express needn't redo it. */
export const tenancyOf = (req: IncomingMessage): Tenancy =>
  ((req as IncomingMessage & { tenancy?: Tenancy }).tenancy ??= {});

export const portOf = (hostHeader: string | undefined) => /:(\d{1,5})$/.exec(hostHeader ?? '')?.[1];

export function tenancyMiddleware(deps: { registry: TenantRegistry; origin: RequestOrigin; pageCache: PageCache }) {
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
        const ctx: RequestContext = {
          site: r.site,
          locale: r.locale,
          basePath: r.basePath,
          host: r.host,
          requestId: String((req as { id?: unknown }).id ?? crypto.randomUUID()),
        };
        res.locals.ctx = ctx;
        if ((req.method === 'GET' || req.method === 'HEAD') && isAnonymous(req)) {
          const pathname = q === -1 ? req.url : req.url.slice(0, q);
          // Taken before rendering: a change during the render must not be stored as current.
          tenancy.pageCacheKey ??= deps.pageCache.key(
            r.site.id,
            r.locale,
            pathname,
            search,
            r.site.kind === 'province' && r.path === '/',
          );
        }
        req.url = r.path + search;
        next();
      }
    }
  };
}
