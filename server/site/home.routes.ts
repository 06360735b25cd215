// A site's home: its latest news (one featured), announcements in force, online public services,
// this week's leader schedule and what other sites shared with it; the portal's adds the latest
// item of every sub-site and the directory of sites.
import type { Request } from 'express';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { TENANT_KINDS } from '../../tenants/tenant.types';
import type { ActionDeps } from '../actions/run-action';
import { vnDay } from '../calendar/working-calendar';
import { kindOf } from '../content/kinds';
import { currentSchedule, latestFromSites, latestItems, libraryPage, pageOfItems } from '../content/published-items';
import { sharedWith } from '../content/syndication.service';
import { publicRead, type RequestContext } from '../core/request-context';
import type { RequestOrigin } from '../core/request-host';
import { templatesFor } from '../render/page-templates';
import { LOCALE_PATHS } from '../render/renderer';
import { STRINGS } from '../render/strings';
import { scheduleRows } from './item-view';
import { alternates, page, siteRouter, type RenderPage } from './site-router';
import { siteHomeUrl } from './site-urls';

export interface HomeRouteDeps {
  registry: TenantRegistry;
  origin: RequestOrigin;
  /** The database, passed on to the syndication service. */
  db: ActionDeps['sequelize'];
}

export function homeRoutes(deps: HomeRouteDeps, render: RenderPage) {
  const router = siteRouter();
  /** The home of another site as linked from this request's page, without its trailing slash. */
  const homeOf = (site: Parameters<typeof siteHomeUrl>[0], req: Request, ctx: RequestContext) =>
    siteHomeUrl(site, req, deps.origin, deps.registry.domain, ctx.host).replace(/\/$/, '');
  const itemUrl = (home: string, ctx: RequestContext, kind: string, slug: string) =>
    `${home}${ctx.locale === 'en' ? '/en' : ''}/${kindOf(kind)!.path[ctx.locale]}/${slug}`;

  /** Items other sites shared with this one, each linking to its one source. */
  const shared = async (req: Request, ctx: RequestContext) =>
    (await sharedWith(deps.db, ctx.site.id, { acceptedOnly: true, locale: ctx.locale, limit: 6 })).flatMap((e) => {
      const source = deps.registry.get(e.sourceTenantId);
      if (!source || !kindOf(e.kind) || source.status !== 'active') return [];
      return [
        {
          title: e.title,
          summary: e.summary,
          publishedAt: e.publishedAt,
          from: source.nameVi,
          href: itemUrl(homeOf(source, req, ctx), ctx, e.kind, e.slug),
        },
      ];
    });

  /** The portal's feed: the latest item of every active sub-site in this language (SUBSITE_FEED keys it). */
  const fromSubsites = async (req: Request, ctx: RequestContext) => {
    const sites = deps.registry
      .all()
      .filter((s) => s.status === 'active' && s.id !== ctx.site.id && s.languages.includes(ctx.locale));
    const entries = await latestFromSites(
      sites.map((s) => s.id),
      ctx.locale,
      10,
      publicRead(ctx),
    );
    return entries.map((e) => {
      const s = deps.registry.get(e.tenantId)!;
      return {
        ...e,
        from: ctx.locale === 'en' && s.nameEn ? s.nameEn : s.nameVi,
        href: itemUrl(homeOf(s, req, ctx), ctx, e.kind, e.slug),
      };
    });
  };

  /** The portal's directory: the other active sites, by kind and name. */
  const directory = (req: Request, ctx: RequestContext) =>
    TENANT_KINDS.filter((k) => k !== 'province')
      .map((kind) => ({
        kind,
        label: STRINGS[ctx.locale][`kind_${kind}`],
        sites: deps.registry
          .all()
          .filter((s) => s.kind === kind && s.status === 'active' && s.id !== ctx.site.id)
          .sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'))
          .map((s) => ({
            name: ctx.locale === 'en' && s.nameEn ? s.nameEn : s.nameVi,
            url: siteHomeUrl(s, req, deps.origin, deps.registry.domain, ctx.host),
          })),
      }))
      .filter((g) => g.sites.length > 0);

  page(router, 'any', '/', async (req, res, ctx) => {
    const news = `${ctx.basePath}${LOCALE_PATHS.news[ctx.locale]}`;
    const sharedItems = await shared(req, ctx);
    const items = (await latestItems(ctx, 12, 'article')).map((i) => ({ ...i, href: `${news}/${i.slug}` }));
    const kindUrl = (code: string, slug?: string) =>
      `${ctx.basePath}/${kindOf(code)!.path[ctx.locale]}${slug ? `/${slug}` : ''}`;
    const today = vnDay(new Date());
    const schedule = await currentSchedule(ctx, today);
    const announcements = (await pageOfItems(ctx, 1, 5, 'announcement')).items
      .filter((a) => !a.data?.validUntil || String(a.data.validUntil) >= today)
      .map((a) => ({ ...a, href: kindUrl('announcement', a.slug) }));
    const services = (await libraryPage(ctx, kindOf('procedure')!, {}, 1, 20, today)).items
      .filter((p) => p.data?.level === 'full' || p.data?.level === 'partial')
      .slice(0, 6)
      .map((p) => ({ title: p.title, href: kindUrl('procedure', p.slug), online: p.data?.onlineUrl ?? null }));
    const portal = ctx.site.kind === 'province';
    const fromSites = portal ? await fromSubsites(req, ctx) : [];
    const featured = items.find((i) => i.featured) ?? items[0] ?? null;
    await render(req, res, ctx, {
      candidates: templatesFor('home', ctx.site.kind),
      section: 'home',
      title: ctx.locale === 'en' && ctx.site.nameEn ? ctx.site.nameEn : ctx.site.nameVi,
      page: {
        featured,
        items: items.filter((i) => i !== featured),
        directory: portal ? directory(req, ctx) : [],
        shared: sharedItems,
        fromSites,
        announcements,
        announcementsUrl: kindUrl('announcement'),
        services,
        servicesUrl: kindUrl('procedure'),
        schedule: schedule && {
          title: schedule.title,
          href: kindUrl('schedule', schedule.slug),
          rows: scheduleRows(schedule.data).slice(0, 12),
        },
        scheduleUrl: kindUrl('schedule'),
      },
      alternates: alternates(ctx, { vi: '/', en: '/' }),
    });
  });
  return router;
}
