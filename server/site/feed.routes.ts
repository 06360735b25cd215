// The addresses of a site for readers and crawlers: its RSS feed and each category's, its XML
// sitemap (an index of numbered ones for a large site) and the host's robots.txt.
import type { NextFunction, Request, Response } from 'express';
import { canonicalHost } from '../../tenants/resolve-tenant';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { notFound } from '../core/errors';
import { categoryBySlug } from '../content/public-categories';
import { STRINGS } from '../render/strings';
import { CATEGORY_SEGMENT } from './category.routes';
import { robots, rssFeed, sendText, sitemap } from './feeds';
import type { SitePages } from './site-page';
import { ctxOf, siteRouter } from './site-router';

const RSS = 'application/rss+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';

export function feedRoutes(deps: { sitePages: SitePages; registry: TenantRegistry }) {
  const router = siteRouter();
  const originFor = (req: Request, res: Response) => deps.sitePages.originFor(req, ctxOf(res));

  router.get('/rss.xml', async (req: Request, res: Response) => {
    const ctx = ctxOf(res);
    const name = ctx.locale === 'en' && ctx.site.nameEn ? ctx.site.nameEn : ctx.site.nameVi;
    const feed = await rssFeed(originFor(req, res), ctx, {
      title: name || STRINGS[ctx.locale].news,
      selfPath: `${ctx.basePath}/rss.xml`,
    });
    sendText(res, RSS, feed);
  });
  for (const seg of Object.values(CATEGORY_SEGMENT)) {
    router.get(`/${seg}/:slug/rss.xml`, async (req: Request, res: Response, next: NextFunction) => {
      const ctx = ctxOf(res);
      if ((seg === CATEGORY_SEGMENT.en) !== (ctx.locale === 'en')) return next();
      const category = await categoryBySlug(ctx, String(req.params.slug));
      if (!category) throw notFound('Không tìm thấy chuyên mục');
      const title = ctx.locale === 'en' && category.nameEn ? category.nameEn : category.nameVi;
      const feed = await rssFeed(originFor(req, res), ctx, {
        categoryId: category.id,
        title,
        selfPath: `${ctx.basePath}/${seg}/${category.slug}/rss.xml`,
      });
      sendText(res, RSS, feed);
    });
  }

  router.get('/sitemap.xml', async (req: Request, res: Response) => {
    sendText(res, XML, (await sitemap(originFor(req, res), ctxOf(res).site, null))!);
  });
  router.get('/sitemap-:part', async (req: Request, res: Response) => {
    const m = /^(\d{1,6})\.xml$/.exec(String(req.params.part));
    const body = m ? await sitemap(originFor(req, res), ctxOf(res).site, Number(m[1])) : null;
    if (!body) throw notFound();
    sendText(res, XML, body);
  });
  router.get('/robots.txt', (req: Request, res: Response) => {
    const ctx = ctxOf(res);
    const onHost = deps.registry
      .all()
      .filter((s) => s.status === 'active' && canonicalHost(s, deps.registry.domain) === ctx.host);
    sendText(res, 'text/plain; charset=utf-8', robots(originFor(req, res), onHost));
  });
  return router;
}
