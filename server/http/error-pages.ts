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
import { buildPage, sendPage, type PageCache } from '../cache/page-cache';
import type { RequestContext } from '../core/request-context';
import type { RequestOrigin } from '../core/request-host';
import { sendHtml } from '../site/send-html';
import { AppError, notFound } from '../core/errors';
import { outageOf } from '../core/outage';
import { templatesFor } from '../render/page-templates';

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
