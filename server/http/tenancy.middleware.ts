// Express's side of site resolution: it takes the request's resolution (the front door's, when it
// already resolved the request; see resolve-request.ts), answers redirects and unavailable sites,
// and hands the site router a request whose URL is relative to the site:
// `/so-tai-chinh/en/news?page=2` reaches the router as `/news?page=2`.
import type { NextFunction, Request, Response } from 'express';
import type { RequestOrigin } from '../core/request-host';
import { portOf } from '../core/request-host';
import { AppError } from '../core/errors';
import type { ResolveRequest } from './resolve-request';

export function tenancyMiddleware(deps: { origin: RequestOrigin; resolveRequest: ResolveRequest }) {
  return function resolveSite(req: Request, res: Response, next: NextFunction) {
    const resolved = deps.resolveRequest(req);
    const r = resolved.resolution;
    const q = req.url.indexOf('?');
    const search = q === -1 ? '' : req.url.slice(q);
    switch (r.kind) {
      case 'redirect': {
        const port = portOf(deps.origin.host(req));
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
        res.locals.ctx = resolved.context();
        // Taken before rendering (and before the URL is made the site's own), for anonymous reads.
        resolved.pageCacheKey();
        req.url = r.path + search;
        next();
      }
    }
  };
}
