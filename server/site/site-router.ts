// What every page family of a site shares (site.routes.ts mounts the families): a router with the
// site's matching rules, a route for the pages of one language, rendering a view into the site's
// page and sending it (through the page cache), and the hreflang links of a page in both languages.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Locale } from '../../tenants/tenant.types';
import type { RequestContext } from '../core/request-context';
import type { PageView } from '../render/renderer';
import { pageNoOf, viBaseOf, type SitePages } from './site-page';

/** Pages of a list show this many entries. */
export const PER_PAGE = 10;

/** A router of site pages: paths are case-sensitive, a trailing slash is the same page. */
export const siteRouter = () => Router({ caseSensitive: true, strict: false });

/** The request context the tenancy middleware gave the request (server/http/tenancy.middleware.ts). */
export const ctxOf = (res: Response) => res.locals.ctx as RequestContext;

export type PageHandler = (req: Request, res: Response, ctx: RequestContext) => Promise<void>;

/** Routes a page in one language only (`/news` is not a page of the Vietnamese site), or in any. */
export function page(router: Router, locale: Locale | 'any', path: string, handler: PageHandler) {
  router.get(path, async (req: Request, res: Response, next: NextFunction) => {
    const ctx = ctxOf(res);
    if (locale !== 'any' && ctx.locale !== locale) return next();
    await handler(req, res, ctx);
  });
}

/** Renders a view as a page of the site and sends it; `cacheable: false` for pages made per visitor. */
export type RenderPage = (
  req: Request,
  res: Response,
  ctx: RequestContext,
  view: PageView,
  status?: number,
  cacheable?: boolean,
) => Promise<void>;

export function pageRenderer(pages: SitePages): RenderPage {
  return async (req, res, ctx, view, status = 200, cacheable = true) => {
    const q = req.url.indexOf('?');
    const html = await pages.html(req, ctx, view, {
      path: req.path,
      pageNo: pageNoOf(q === -1 ? '' : req.url.slice(q)),
    });
    return pages.send(req, res, html, { status, cacheable });
  };
}

/** Hreflang links of a page that exists in both languages under the given paths. */
export const alternates = (ctx: RequestContext, paths: Record<Locale, string>) =>
  ctx.site.languages.includes('en')
    ? (['vi', 'en'] as const).map((l) => ({
        locale: l,
        url: `${viBaseOf(ctx)}${l === 'en' ? '/en' : ''}${paths[l]}`,
      }))
    : [];

/** The breadcrumb of the site's home page, first on every page. */
export const homeCrumb = (ctx: RequestContext, label: string) => ({ label, url: ctx.basePath || '/' });
