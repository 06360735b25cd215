// The Express application, one ordered pipeline that reads top to bottom:
// request id + log → security headers → site resolution → site routes → 404 → error pages.
import type { FileStore } from './media/file-store';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { accessLogRequest } from './http/access-log';
import type { TenantRegistry } from '../tenants/tenant-registry';
import type { TrustProxy } from './config';
import { errorPages } from './http/error-pages';
import type { PageCache } from './cache/page-cache';
import type { RequestOrigin } from './core/request-host';
import type { ResolveRequest } from './http/resolve-request';
import { tenancyMiddleware } from './http/tenancy.middleware';
import { securityHeaders } from './http/security-headers';
import type { SitePages } from './site/site-page';
import type { Renderer } from './render/renderer';
import { siteRoutes } from './site/site.routes';
import { openDataRoutes } from './api/open-data.routes';
import { FormGuard } from './participation/form-guard';
import type { VisitCounter } from './visits/visit-counter';
import type { AdCounter } from './ads/ads.service';
import type { AdminDeps } from '../admin/admin-context';
import { adminRoutes } from '../admin/admin.routes';
import { sessionReader } from './auth/signed-in';
import { parseQuery } from './core/query';

export interface AppDeps {
  /** The request's site, context and page-cache key, shared with the front door. */
  resolveRequest: ResolveRequest;
  sitePages: SitePages;
  mediaStore: FileStore;
  logger: Logger;
  admin: AdminDeps;
  registry: TenantRegistry;
  renderer: Renderer;
  pageCache: PageCache;
  origin: RequestOrigin;
  trustProxy: TrustProxy;
  visits: VisitCounter;
  adCounter: AdCounter;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // pages carry their own ETag from the page cache
  app.set('trust proxy', deps.trustProxy);
  // req.query is read as the page cache's key reads it: each parameter's first value, no arrays.
  app.set('query parser', parseQuery);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        // The front door's id when it tried the request first (an item page it left to Express).
        const id = deps.resolveRequest(req).requestId;
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      // The serialised request's url is Express's originalUrl, whichever router answered.
      serializers: { req: (req) => accessLogRequest(req, req.id) },
    }),
  );
  app.use(securityHeaders());
  app.use(tenancyMiddleware(deps));
  app.use('/admin', adminRoutes(deps.admin));
  app.use(openDataRoutes(deps));
  app.use(
    siteRoutes({
      ...deps,
      db: deps.admin.sequelize,
      participation: { sequelize: deps.admin.sequelize, cache: deps.admin.cache, files: deps.admin.files },
      formGuard: new FormGuard(deps.admin.sessionSecret, deps.admin.cache),
      signedIn: sessionReader(deps.admin.cache, deps.admin.sessionSecret),
    }),
  );

  const { notFoundHandler, errorHandler } = errorPages(deps);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
