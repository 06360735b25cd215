// Renders every error as a page in the site's theme (or, outside any site, as a province-branded
// page), with the right status. Internals never reach the visitor.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import type { Site } from '../../tenants/tenant.types';
import type { Renderer, SiteRef } from '../render/renderer';
import type { SitePages } from '../site/site-page';
import { STRINGS, type StringKey } from '../render/strings';
import { siteHomeUrl } from '../site/site-urls';
import { buildPage, sendPage, type PageCache } from './page-cache';
import type { RequestContext } from './request-context';
import type { RequestOrigin } from './request-host';
import { sendHtml } from './send-html';
import { AppError, notFound } from '../core/errors';
import { templatesFor } from '../render/page-templates';

const DB_DOWN = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
]);
const NET_DOWN =
  /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|Connection is closed|MaxRetriesPerRequest|connect ETIMEDOUT|Stream isn't writeable/;

/**
 * A failure of the database or the cache rather than of the request: answered 503 with what the
 * visitor can do, not 500. Nothing was written (a write is one transaction), so a retry is safe.
 */
export function outageOf(err: unknown): string | null {
  const e = err as { name?: string; message?: string; original?: { code?: string; message?: string } } | null;
  if (!e || typeof e !== 'object') return null;
  if (
    DB_DOWN.has(e.name ?? '') ||
    (e.name?.startsWith('Sequelize') && NET_DOWN.test(e.original?.message ?? e.message ?? ''))
  )
    return 'Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Những gì bạn gửi chưa được lưu; vui lòng thử lại sau ít phút.';
  if (e.name === 'MaxRetriesPerRequestError' || NET_DOWN.test(e.message ?? ''))
    return 'Hệ thống tạm thời gián đoạn. Những gì bạn gửi chưa được lưu; vui lòng thử lại sau ít phút.';
  return null;
}

const MENU_WAIT_MS = 500;

export function errorPages(deps: {
  registry: TenantRegistry;
  renderer: Renderer;
  pageCache: PageCache;
  origin: RequestOrigin;
  logger: Logger;
  /** The site's menu on its error pages, as on its other pages. */
  sitePages?: Pick<SitePages, 'menuOf'>;
}) {
  const portalLink = (req: Request, currentHost: string) => {
    const portal = deps.registry.portal();
    return portal
      ? { name: portal.nameVi, url: siteHomeUrl(portal, req, deps.origin, deps.registry.domain, currentHost) }
      : null;
  };

  const render = async (
    req: Request,
    res: Response,
    status: number,
    ref: SiteRef | null,
    keys: [StringKey, StringKey],
    detail?: string,
  ) => {
    const strings = STRINGS[ref?.locale ?? 'vi'];
    const html = deps.renderer.render(
      ref,
      {
        candidates: templatesFor('error', status),
        title: strings[keys[0]],
        page: { status, heading: strings[keys[0]], text: detail ?? strings[keys[1]] },
      },
      portalLink(req, ref ? ((res.locals.ctx as RequestContext | undefined)?.host ?? '') : ''),
    );
    if (status === 503) res.setHeader('retry-after', '3600');
    await sendHtml(req, res, deps.pageCache, html, { status, cacheable: false });
  };

  const notFoundHandler = (_req: Request, _res: Response, next: NextFunction) => next(notFound('Không tìm thấy trang'));

  const errorHandler = async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const ctx = res.locals.ctx as RequestContext | undefined;
    let status = 500;
    let detail: string | undefined;
    const outage = outageOf(err);
    if (outage) {
      status = 503;
      detail = outage;
      deps.logger.warn(
        { err: (err as Error).message, reqId: (req as { id?: unknown }).id },
        'backing service unavailable',
      );
    } else if (err instanceof AppError) {
      status = err.status;
      // Refusals we raise on purpose say why; a 404 keeps the generic text.
      if ([400, 403, 409, 413, 429, 503].includes(status)) detail = err.message;
      if (status === 429) res.setHeader('retry-after', '600');
    } else if (typeof (err as { status?: unknown })?.status === 'number' && (err as { status: number }).status < 500) {
      status = (err as { status: number }).status; // body-parser and friends
    } else {
      deps.logger.error({ err, reqId: (req as { id?: unknown }).id }, 'unhandled error');
    }
    if (res.headersSent) return void res.end();
    if (res.locals.api) {
      const message =
        outage ??
        (err instanceof AppError || status < 500 ? ((err as Error).message ?? 'Yêu cầu không hợp lệ') : 'Lỗi máy chủ');
      const code = outage
        ? 'UNAVAILABLE'
        : err instanceof AppError
          ? err.code
          : status < 500
            ? 'BAD_REQUEST'
            : 'INTERNAL';
      return void res.status(status).set('cache-control', 'no-store').json({ error: { code, message } });
    }
    try {
      const unavailable = res.locals.unavailableSite as Site | undefined;
      if (unavailable) {
        const ref = {
          site: unavailable,
          locale: 'vi' as const,
          basePath: unavailable.pathPrefix,
          viBasePath: unavailable.pathPrefix,
        };
        return await render(
          req,
          res,
          status,
          ref,
          status === 410 ? ['error410Title', 'error410Text'] : ['error503Title', 'error503Text'],
        );
      }
      if (!ctx && status === 404) {
        // The same page for every address that is no site: prepared once, then served by the front door.
        const strings = STRINGS.vi;
        const html = deps.renderer.render(
          null,
          {
            candidates: templatesFor('error', 404),
            title: strings.unknownHostTitle,
            page: { status, heading: strings.unknownHostTitle, text: strings.unknownHostText },
          },
          portalLink(req, ''),
        );
        res.setHeader('cache-control', 'no-store');
        const page = await buildPage(404, html, res.getHeaders(), 'all');
        deps.pageCache.storeNotFoundPage(
          deps.pageCache.notFoundKey(deps.origin.proto(req), deps.origin.host(req), deps.registry.portal()?.id),
          page,
        );
        return sendPage(req, res, page, 'MISS');
      }
      if (!ctx) return await render(req, res, status, null, ['unknownHostTitle', 'unknownHostText']);
      const ref = {
        site: ctx.site,
        locale: ctx.locale,
        basePath: ctx.basePath,
        viBasePath: ctx.locale === 'en' ? ctx.basePath.slice(0, -3) : ctx.basePath,
        // Not when the database is what failed, and never waiting long for it: an error page is
        // answered with the default menu rather than late.
        menu:
          outage || status >= 500 || !deps.sitePages
            ? undefined
            : await Promise.race([
                deps.sitePages.menuOf(ctx),
                new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), MENU_WAIT_MS).unref()),
              ]),
      };
      const keys: [StringKey, StringKey] =
        status === 404
          ? ['error404Title', 'error404Text']
          : outage
            ? ['serviceDownTitle', 'error500Text']
            : status < 500
              ? ['error400Title', 'error400Text']
              : ['error500Title', 'error500Text'];
      await render(req, res, status, ref, keys, detail);
    } catch (renderErr) {
      deps.logger.error({ err: renderErr }, 'error page failed to render');
      res.status(status).type('text/plain; charset=utf-8').send('Đã có lỗi xảy ra.');
    }
  };

  return { notFoundHandler, errorHandler };
}
