// A public page of a site, from its view to HTML: the site's chrome (menu, visits, notices, ads),
// the canonical address, the language switch and the portal link around the page's own view.
// Shared by the Express routes and the front door's item pages, which must render alike.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import type { RequestContext } from '../core/request-context';
import { parseQuery } from '../core/query';
import type { Locale } from '../../tenants/tenant.types';
import type { RequestOrigin } from '../core/request-host';
import type { PageCache } from '../cache/page-cache';
import type { PageView, Renderer } from '../render/renderer';
import { originOf } from './public-paths';
import { sendHtml, type SendOptions } from './send-html';
import type { SiteChrome } from './site-chrome';
import { siteHomeUrl } from './site-urls';
import { badRequest } from '../core/errors';

/** Where the page was asked for: its path within the site and its `page` parameter. */
export interface PageAddress {
  path: string;
  pageNo: string | null;
}

/** The `page` query parameter when it is a page number. */
export function pageNoOf(search: string): string | null {
  const page = parseQuery(search).page;
  return page !== undefined && /^\d{1,5}$/.test(page) ? page : null;
}

/** The `page` parameter of a list: 1 when absent, else a whole number up to `max` or a 400 in the page's language. */
export function listPageOf(raw: unknown, locale: Locale, max = 10_000): number {
  const n = raw === undefined ? 1 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badRequest(locale === 'en' ? 'Invalid page number' : 'Số trang không hợp lệ');
  return n;
}

/** The Vietnamese base path of the site: an English page's basePath without its "/en". */
export const viBaseOf = (ctx: RequestContext) => (ctx.locale === 'en' ? ctx.basePath.slice(0, -3) : ctx.basePath);

export interface SitePagesDeps {
  registry: TenantRegistry;
  renderer: Renderer;
  origin: RequestOrigin;
  pageCache: PageCache;
  /** The page-cache key the pipeline took for the request before rendering (resolve-request.ts). */
  pageCacheKeyOf: (req: IncomingMessage) => string | undefined;
}

export class SitePages {
  constructor(
    private readonly deps: SitePagesDeps,
    private readonly chrome: SiteChrome,
  ) {}

  /** Sends a rendered page, and keeps it in the page cache when the request may be answered from it. */
  send(req: IncomingMessage, res: ServerResponse, html: string, opts: Omit<SendOptions, 'key'> = {}) {
    return sendHtml(req, res, this.deps.pageCache, html, { ...opts, key: this.deps.pageCacheKeyOf(req) });
  }

  /** The scheme, host and port the visitor used for this site, for absolute URLs. */
  originFor(req: IncomingMessage, ctx: RequestContext) {
    return originOf(this.deps.origin.proto(req), ctx.host, this.deps.origin.host(req));
  }

  /** The site's own menu, for pages outside the usual path (error pages); undefined when it cannot be read. */
  async menuOf(ctx: RequestContext) {
    return this.chrome.of(ctx, viBaseOf(ctx)).then(
      (c) => c.menu,
      () => undefined,
    );
  }

  async html(req: IncomingMessage, ctx: RequestContext, view: PageView, at: PageAddress): Promise<string> {
    const portal = this.deps.registry.portal();
    const viBase = viBaseOf(ctx);
    const { menu, visits, notices, ads } = await this.chrome.of(ctx, viBase);
    const path = at.path === '/' && ctx.basePath ? '' : at.path;
    // A page without a translation still offers the other language: a page that says so.
    const untranslated =
      ctx.locale === 'vi' && ctx.site.languages.includes('en')
        ? `${viBase}/en/untranslated?from=${encodeURIComponent(at.path)}`
        : undefined;
    const page = at.pageNo && at.pageNo !== '1' ? `?page=${at.pageNo}` : '';
    return this.deps.renderer.render(
      { site: ctx.site, locale: ctx.locale, basePath: ctx.basePath, viBasePath: viBase, menu, visits, notices, ads },
      {
        canonicalUrl: `${this.originFor(req, ctx)}${ctx.basePath}${path}${page}`,
        otherLanguageUrl: untranslated,
        ...view,
      },
      portal
        ? {
            name: portal.nameVi,
            url: siteHomeUrl(portal, req, this.deps.origin, this.deps.registry.domain, ctx.host),
          }
        : null,
    );
  }
}
