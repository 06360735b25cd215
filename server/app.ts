// The Express application, one ordered pipeline that reads top to bottom:
// request id + log → security headers → site resolution → site routes → 404 → error pages.
import type { FileStore } from './media/file-store';
import crypto from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { TenantRegistry } from '../tenants/tenant-registry';
import type { TrustProxy } from './config';
import { errorPages } from './http/error-pages';
import type { PageCache } from './http/page-cache';
import type { RequestOrigin } from './http/request-host';
import { tenancyMiddleware } from './http/tenancy.middleware';
import type { Renderer } from './render/renderer';
import { siteRoutes } from './site/site.routes';
import { openDataRoutes } from './api/open-data.routes';
import { FormGuard } from './participation/form-guard';
import type { VisitCounter } from './visits/visit-counter';
import type { AdCounter } from './ads/ads.service';
import type { AdminDeps } from '../admin/admin-context';
import { adminRoutes } from '../admin/admin.routes';

export interface AppDeps {
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

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** helmet with a strict CSP: no inline scripts or styles anywhere, so no nonces are needed. */
const helmetMiddleware = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });

/**
 * helmet's headers are the same on every response (no nonces), so they are worked out once, by
 * running helmet against a recording response, and then set in one loop: helmet's eleven
 * middlewares cost more per request than an uncached page's own database read.
 */
export function securityHeaders() {
  const set = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => set.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => set.delete(name.toLowerCase()),
  };
  let called = false;
  helmetMiddleware()({ headers: {} } as Request, recorder as unknown as Response, () => (called = true));
  if (!called || set.size === 0) throw new Error('helmet did not run synchronously');
  const headers = [...set];
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // pages carry their own ETag from the page cache
  app.set('trust proxy', deps.trustProxy);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url, host: req.headers.host }) },
    }),
  );
  app.use(securityHeaders());
  app.use(tenancyMiddleware(deps));
  app.use('/admin', adminRoutes(deps.admin));
  app.use(openDataRoutes(deps));
  app.use(
    siteRoutes({
      ...deps,
      participation: { sequelize: deps.admin.sequelize, cache: deps.admin.cache, files: deps.admin.files },
      formGuard: new FormGuard(deps.admin.sessionSecret, deps.admin.cache),
    }),
  );

  const { notFoundHandler, errorHandler } = errorPages(deps);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
