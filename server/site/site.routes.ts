// The public pages of every site: home, news list, item, contact. Each handler reads only
// through services that take the request context, and renders through the site's theme.
import type { FileStore } from '../media/file-store';
import type { SignedIn } from '../auth/signed-in';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { TENANT_KINDS, type Locale } from '../../tenants/tenant.types';
import {
  itemsInCategory,
  currentSchedule,
  latestFromSites,
  latestItems,
  libraryPage,
  pageOfItems,
} from '../content/published-items';
import { columnValues, filterForm, libraryFiltersOf } from './library-view';
import { vnDay } from '../calendar/working-calendar';
import type { PageCache } from '../cache/page-cache';
import { param } from '../core/query';
import { safeLocalPath } from '../text/local-path';
import { publicRead, type RequestContext } from '../core/request-context';
import type { RequestOrigin } from '../core/request-host';
import { LOCALE_PATHS, type PageView, type Renderer } from '../render/renderer';
import { KINDS, kindOf } from '../content/kinds';
import { Category } from '../content/category.model';
import { Item } from '../content/item.model';
import { sharedWith } from '../content/syndication.service';
import { highlight, searchItems } from '../content/search';
import { scheduleRows } from './item-view';
import { serveMedia } from './media-view';
import { robots, rssFeed, sendText, sitemap } from './feeds';
import { canonicalHost } from '../../tenants/resolve-tenant';
import { countString, STRINGS } from '../render/strings';
import { siteHomeUrl } from './site-urls';
import { participationRoutes } from './participation.routes';
import { answerPath } from './public-paths';
import { KIND_LABELS, type ParticipationDeps } from '../participation/participation.service';
import { searchAnswers } from '../participation/participation-public';
import type { FormGuard } from '../participation/form-guard';
import type { VisitCounter } from '../visits/visit-counter';
import type { AdCounter } from '../ads/ads.service';
import { adRoutes } from './ads.routes';
import { listPageOf, pageNoOf, viBaseOf, type SitePages } from './site-page';
import { ITEM_SLUG, itemPageOf } from './item-page';
import { kindNames } from '../content/kinds-en';
import { badRequest, notFound } from '../core/errors';
import { templatesFor } from '../render/page-templates';

export interface SiteRouteDeps {
  sitePages: SitePages;
  mediaStore: FileStore;
  /** Who is signed in, read only where a public route needs it (files of unpublished items). */
  signedIn: SignedIn;
  registry: TenantRegistry;
  renderer: Renderer;
  pageCache: PageCache;
  origin: RequestOrigin;
  participation: ParticipationDeps;
  formGuard: FormGuard;
  visits: VisitCounter;
  adCounter: AdCounter;
}

const PER_PAGE = 10;
type Handler = (req: Request, res: Response, ctx: RequestContext) => Promise<void>;

export function siteRoutes(deps: SiteRouteDeps): Router {
  const router = Router({ caseSensitive: true, strict: false });

  const pages = deps.sitePages;
  const render = async (
    req: Request,
    res: Response,
    ctx: RequestContext,
    view: PageView,
    status = 200,
    cacheable = true,
  ) => {
    const q = req.url.indexOf('?');
    const html = await pages.html(req, ctx, view, {
      path: req.path,
      pageNo: pageNoOf(q === -1 ? '' : req.url.slice(q)),
    });
    return pages.send(req, res, html, { status, cacheable });
  };
  /** Hreflang links of a page that exists in both languages under the given paths. */
  const alternates = (ctx: RequestContext, paths: Record<Locale, string>) =>
    ctx.site.languages.includes('en')
      ? (['vi', 'en'] as const).map((l) => ({
          locale: l,
          url: `${viBaseOf(ctx)}${l === 'en' ? '/en' : ''}${paths[l]}`,
        }))
      : [];

  /** Routes a page in one locale only: `/news` is not a page of the Vietnamese site. */
  const page = (locale: Locale | 'any', path: string, handler: Handler) =>
    router.get(path, async (req: Request, res: Response, next: NextFunction) => {
      const ctx = res.locals.ctx as RequestContext;
      if (locale !== 'any' && ctx.locale !== locale) return next();
      await handler(req, res, ctx);
    });

  participationRoutes(router, deps, render);
  adRoutes(router, deps);

  router.get('/media/:file', (req: Request, res: Response) =>
    serveMedia(req, res, res.locals.ctx as RequestContext, { store: deps.mediaStore, signedIn: deps.signedIn }),
  );

  // A category: every published item filed under it, newest first.
  for (const locale of ['vi', 'en'] as const) {
    page(locale, `/${locale === 'en' ? 'category' : 'chuyen-muc'}/:slug`, async (req, res, ctx) => {
      const category = await Category.findOne({
        where: { tenantId: ctx.site.id, slug: String(req.params.slug) },
        ...publicRead(ctx),
      });
      if (!category) throw notFound('Không tìm thấy chuyên mục');
      const n = listPageOf(req.query.page, ctx.locale);
      const result = await itemsInCategory(ctx, category.id, n, PER_PAGE);
      if (n > result.pages) throw notFound();
      const heading = locale === 'en' && category.nameEn ? category.nameEn : category.nameVi;
      const listUrl = `${ctx.basePath}/${locale === 'en' ? 'category' : 'chuyen-muc'}/${category.slug}`;
      const strings = STRINGS[locale];
      await render(req, res, ctx, {
        candidates: templatesFor('category', category.slug),
        title: n > 1 ? `${heading} — ${strings.pageN.replace('{0}', String(n))}` : heading,
        page: {
          heading,
          items: result.items.map((i) => ({
            ...i,
            href: `${ctx.basePath}/${kindOf(i.kind)?.path[locale] ?? 'tin-tuc'}/${i.slug}`,
          })),
          pagination: {
            current: n,
            total: result.pages,
            prevUrl: n > 1 ? `${listUrl}${n === 2 ? '' : `?page=${n - 1}`}` : null,
            nextUrl: n < result.pages ? `${listUrl}?page=${n + 1}` : null,
          },
        },
        breadcrumbs: [{ label: strings.home, url: ctx.basePath || '/' }, { label: heading }],
      });
    });
  }

  // Feeds and crawlers.
  router.get('/rss.xml', async (req: Request, res: Response) => {
    const ctx = res.locals.ctx as RequestContext;
    const strings = STRINGS[ctx.locale];
    const name = ctx.locale === 'en' && ctx.site.nameEn ? ctx.site.nameEn : ctx.site.nameVi;
    sendText(
      res,
      'application/rss+xml; charset=utf-8',
      await rssFeed(pages.originFor(req, ctx), ctx, {
        title: name || strings.news,
        selfPath: `${ctx.basePath}/rss.xml`,
      }),
    );
  });
  for (const seg of ['chuyen-muc', 'category']) {
    router.get(`/${seg}/:slug/rss.xml`, async (req: Request, res: Response, next: NextFunction) => {
      const ctx = res.locals.ctx as RequestContext;
      if ((seg === 'category') !== (ctx.locale === 'en')) return next();
      const category = await Category.findOne({ where: { tenantId: ctx.site.id, slug: String(req.params.slug) } });
      if (!category) throw notFound('Không tìm thấy chuyên mục');
      const title = ctx.locale === 'en' && category.nameEn ? category.nameEn : category.nameVi;
      sendText(
        res,
        'application/rss+xml; charset=utf-8',
        await rssFeed(pages.originFor(req, ctx), ctx, {
          categoryId: category.id,
          title,
          selfPath: `${ctx.basePath}/${seg}/${category.slug}/rss.xml`,
        }),
      );
    });
  }
  router.get('/sitemap.xml', async (req: Request, res: Response) => {
    const ctx = res.locals.ctx as RequestContext;
    sendText(res, 'application/xml; charset=utf-8', (await sitemap(pages.originFor(req, ctx), ctx.site, null))!);
  });
  router.get('/sitemap-:part', async (req: Request, res: Response) => {
    const ctx = res.locals.ctx as RequestContext;
    const m = /^(\d{1,6})\.xml$/.exec(String(req.params.part));
    const body = m ? await sitemap(pages.originFor(req, ctx), ctx.site, Number(m[1])) : null;
    if (!body) throw notFound();
    sendText(res, 'application/xml; charset=utf-8', body);
  });
  router.get('/robots.txt', (req: Request, res: Response) => {
    const ctx = res.locals.ctx as RequestContext;
    const onHost = deps.registry
      .all()
      .filter((s) => s.status === 'active' && canonicalHost(s, deps.registry.domain) === ctx.host);
    sendText(res, 'text/plain; charset=utf-8', robots(pages.originFor(req, ctx), onHost));
  });

  // Search: this site's items, or every active site's from the portal (optionally one site).
  for (const locale of ['vi', 'en'] as const) {
    page(locale, LOCALE_PATHS.search[locale], async (req, res, ctx) => {
      const strings = STRINGS[locale];
      const q = param(req.query.q).normalize('NFC').trim().slice(0, 200);
      const n = listPageOf(req.query.page, ctx.locale, 1000);
      const day = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
      const isPortal = deps.registry.portal()?.id === ctx.site.id;
      const active = deps.registry.all().filter((s) => s.status === 'active');
      const siteFilter = Number(param(req.query.site));
      const siteIds = isPortal
        ? active.some((s) => s.id === siteFilter)
          ? [siteFilter]
          : active.map((s) => s.id)
        : [ctx.site.id];
      const kind = kindOf(param(req.query.kind)) ? param(req.query.kind) : undefined;
      const from = day(param(req.query.from));
      const to = day(param(req.query.to));
      const { hits, total, capped, correctedQ } = await searchItems(Item.sequelize!, {
        q,
        siteIds,
        locale,
        kind,
        from,
        to,
        page: n,
        perPage: PER_PAGE,
        ...publicRead(ctx),
      });
      const pages = Math.max(1, Math.ceil(total / PER_PAGE));
      const base = `${ctx.basePath}${LOCALE_PATHS.search[locale]}`;
      // Published questions and answers (Vietnamese only), beside the items, on the first page.
      const answerHits =
        locale === 'vi' && n === 1 && !kind && !from && !to
          ? await searchAnswers(Item.sequelize!, correctedQ ?? q, siteIds, publicRead(ctx))
          : [];
      const params = (p: number) =>
        new URLSearchParams({
          q,
          ...(isPortal && siteIds.length === 1 ? { site: String(siteIds[0]) } : {}),
          ...(kind ? { kind } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(p > 1 ? { page: String(p) } : {}),
        }).toString();
      // Matches of a corrected query are highlighted by its words.
      const marked = correctedQ ?? q;
      const results = hits.map((h) => {
        const s = deps.registry.get(h.tenantId)!;
        const k = kindOf(h.kind)!;
        const home = siteHomeUrl(s, req, deps.origin, deps.registry.domain, ctx.host).replace(/\/$/, '');
        const snippet = highlight(h.body || h.summary || '', marked);
        return {
          title: h.title,
          titleHtml: highlight(h.title, marked, 400).html,
          href: `${home}${locale === 'en' ? '/en' : ''}/${k.path[locale]}/${h.slug}`,
          siteName: locale === 'en' && s.nameEn ? s.nameEn : s.nameVi,
          kindLabel: kindNames(k, locale).label,
          publishedAt: h.publishedAt,
          snippet: snippet.matched ? snippet.html : highlight(h.summary || h.body || '', marked).html,
        };
      });
      const answers = answerHits.map((a) => {
        const s = deps.registry.get(a.tenantId)!;
        const home = siteHomeUrl(s, req, deps.origin, deps.registry.domain, ctx.host).replace(/\/$/, '');
        return {
          subjectHtml: highlight(a.subject, marked, 300).html,
          href: `${home}${answerPath(a.kind, a.id)}`,
          kindLabel: KIND_LABELS[a.kind],
          siteName: s.nameVi,
          answeredAt: a.answeredAt,
          snippet: highlight(a.answer ?? '', marked).html,
        };
      });
      await render(
        req,
        res,
        ctx,
        {
          candidates: templatesFor('search'),
          title: q ? `${strings.search}: ${q}` : strings.search,
          page: {
            q,
            kind,
            from,
            to,
            isPortal,
            results,
            answers,
            total,
            searched: q !== '',
            corrected: correctedQ && strings.searchCorrected.replace('{0}', correctedQ),
            // Past SEARCH_CAP matches the newest are ranked and the count says "more than".
            summary: (capped ? strings.searchResultsMore : countString(strings, 'searchResults', total)!).replace(
              '{0}',
              total.toLocaleString(locale === 'en' ? 'en-GB' : 'vi-VN'),
            ),
            sites: isPortal
              ? active
                  .map((s) => ({ id: s.id, name: s.nameVi, selected: siteIds.length === 1 && siteIds[0] === s.id }))
                  .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
              : [],
            kinds: KINDS.map((k) => ({ code: k.code, label: kindNames(k, locale).label, selected: k.code === kind })),
            pagination: {
              current: n,
              total: pages,
              prevUrl: n > 1 ? `${base}?${params(n - 1)}` : null,
              nextUrl: n < pages ? `${base}?${params(n + 1)}` : null,
            },
          },
          breadcrumbs: [{ label: strings.home, url: ctx.basePath || '/' }, { label: strings.search }],
        },
        200,
        // Portal-wide results change when any site publishes, not only the portal.
        !isPortal,
      );
    });
  }

  page('any', '/', async (req, res, ctx) => {
    const strings = STRINGS[ctx.locale];
    const news = `${ctx.basePath}${LOCALE_PATHS.news[ctx.locale]}`;
    // Items other sites shared with this one link to their one source.
    const shared = (
      await sharedWith(Item.sequelize!, ctx.site.id, { acceptedOnly: true, locale: ctx.locale, limit: 6 })
    ).flatMap((e) => {
      const source = deps.registry.get(e.sourceTenantId);
      const kind = kindOf(e.kind);
      if (!source || !kind || source.status !== 'active') return [];
      const home = siteHomeUrl(source, req, deps.origin, deps.registry.domain, ctx.host).replace(/\/$/, '');
      return [
        {
          title: e.title,
          summary: e.summary,
          publishedAt: e.publishedAt,
          from: source.nameVi,
          href: `${home}${ctx.locale === 'en' ? '/en' : ''}/${kind.path[ctx.locale]}/${e.slug}`,
        },
      ];
    });
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
    // The portal shows the latest item of every sub-site (the cache key follows SUBSITE_FEED).
    const fromSites =
      ctx.site.kind === 'province'
        ? (
            await latestFromSites(
              deps.registry
                .all()
                .filter((s) => s.status === 'active' && s.id !== ctx.site.id && s.languages.includes(ctx.locale))
                .map((s) => s.id),
              ctx.locale,
              10,
              publicRead(ctx),
            )
          ).map((e) => {
            const s = deps.registry.get(e.tenantId)!;
            const home = siteHomeUrl(s, req, deps.origin, deps.registry.domain, ctx.host).replace(/\/$/, '');
            return {
              ...e,
              from: ctx.locale === 'en' && s.nameEn ? s.nameEn : s.nameVi,
              href: `${home}${ctx.locale === 'en' ? '/en' : ''}/${kindOf(e.kind)!.path[ctx.locale]}/${e.slug}`,
            };
          })
        : [];
    const featured = items.find((i) => i.featured) ?? items[0] ?? null;
    const directory =
      ctx.site.kind === 'province'
        ? TENANT_KINDS.filter((k) => k !== 'province')
            .map((kind) => ({
              kind,
              label: strings[`kind_${kind}`],
              sites: deps.registry
                .all()
                .filter((s) => s.kind === kind && s.status === 'active' && s.id !== ctx.site.id)
                .sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'))
                .map((s) => ({
                  name: ctx.locale === 'en' && s.nameEn ? s.nameEn : s.nameVi,
                  url: siteHomeUrl(s, req, deps.origin, deps.registry.domain, ctx.host),
                })),
            }))
            .filter((g) => g.sites.length > 0)
        : [];
    await render(req, res, ctx, {
      candidates: templatesFor('home', ctx.site.kind),
      section: 'home',
      title: ctx.locale === 'en' && ctx.site.nameEn ? ctx.site.nameEn : ctx.site.nameVi,
      page: {
        featured,
        items: items.filter((i) => i !== featured),
        directory,
        shared,
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

  for (const locale of ['vi', 'en'] as const) {
    const strings = STRINGS[locale];
    for (const kind of KINDS) {
      const listPath = `/${kind.path[locale]}`;
      const names = kindNames(kind, locale);
      const heading = kind.code === 'article' ? strings.news : names.label;
      page(locale, listPath, async (req, res, ctx) => {
        const n = listPageOf(req.query.page, ctx.locale);
        const filters = libraryFiltersOf(kind, req.query);
        const today = vnDay(new Date());
        const result = kind.columns
          ? await libraryPage(ctx, kind, filters, n, PER_PAGE, today)
          : await pageOfItems(ctx, n, PER_PAGE, kind.code);
        if (n > result.pages) throw notFound();
        const listUrl = ctx.basePath + listPath;
        const query = (p: number) => {
          const q = new URLSearchParams({ ...filters, ...(p > 1 ? { page: String(p) } : {}) }).toString();
          return q ? `${listUrl}?${q}` : listUrl;
        };
        const filtered = Object.keys(filters).length > 0;
        await render(req, res, ctx, {
          candidates: templatesFor('list', kind.code),
          section: kind.code === 'article' ? 'news' : undefined,
          title: n > 1 ? `${heading} — ${strings.pageN.replace('{0}', String(n))}` : heading,
          page: {
            heading,
            listPath,
            items: result.items.map((i) => ({
              ...i,
              href: `${listUrl}/${i.slug}`,
              cells: kind.columns ? columnValues(kind, i.data, locale) : null,
            })),
            columns: kind.columns?.map((c) => names.field(kind.fields.find((f) => f.name === c)!)) ?? null,
            titleLabel: names.titleLabel,
            filterForm: kind.columns ? await filterForm(ctx, kind, filters) : null,
            filtered,
            resetUrl: listUrl,
            total: result.total,
            pagination: {
              current: n,
              total: result.pages,
              prevUrl: n > 1 ? query(n - 1) : null,
              nextUrl: n < result.pages ? query(n + 1) : null,
            },
          },
          breadcrumbs: [{ label: strings.home, url: ctx.basePath || '/' }, { label: heading }],
          alternates: n === 1 && !filtered ? alternates(ctx, { vi: `/${kind.path.vi}`, en: `/${kind.path.en}` }) : [],
        });
      });

      page(locale, `${listPath}/:slug`, async (req, res, ctx) => {
        const slug = String(req.params.slug);
        if (!ITEM_SLUG.test(slug)) throw notFound();
        const view = await itemPageOf(ctx, kind, slug, pages.originFor(req, ctx));
        if (!view) throw notFound('Không tìm thấy tin bài');
        await render(req, res, ctx, view);
      });
    }

    if (locale === 'en') {
      // The language switch of a page with no English version lands here: it says so, and links back.
      page('en', '/untranslated', async (req, res, ctx) => {
        const from = req.query.from === undefined ? '/' : safeLocalPath(req.query.from, '');
        // A local path, and one of the site's own page addresses.
        if (!/^\/([a-z0-9-]+\/?){0,6}$/.test(from)) throw badRequest('Invalid page address');
        await render(req, res, ctx, {
          candidates: templatesFor('untranslated'),
          title: strings.untranslatedTitle,
          page: {
            heading: strings.untranslatedTitle,
            text: strings.untranslatedText,
            viUrl: `${viBaseOf(ctx)}${from === '/' ? '' : from}` || '/',
            backUrl: ctx.basePath,
            backLabel: strings.home,
          },
          breadcrumbs: [{ label: strings.home, url: ctx.basePath || '/' }, { label: strings.untranslatedTitle }],
          otherLanguageUrl: `${viBaseOf(ctx)}${from === '/' ? '' : from}` || '/',
        });
      });
    }

    // The HTML sitemap: every section of the site, for people (the XML one is for crawlers).
    page(locale, LOCALE_PATHS.sitemap[locale], async (req, res, ctx) => {
      const categories = await Category.findAll({
        where: { tenantId: ctx.site.id },
        attributes: ['id', 'parentId', 'slug', 'nameVi', 'nameEn', 'position'],
        order: [
          ['position', 'ASC'],
          ['id', 'ASC'],
        ],
        ...publicRead(ctx),
      });
      const seg = locale === 'en' ? 'category' : 'chuyen-muc';
      interface Link {
        label: string;
        url: string;
        children: Link[];
      }
      const catLink = (c: Category): Link => ({
        label: locale === 'en' && c.nameEn ? c.nameEn : c.nameVi,
        url: `${ctx.basePath}/${seg}/${c.slug}`,
        children: categories.filter((x) => x.parentId === c.id).map(catLink),
      });
      const vi = locale === 'vi';
      await render(req, res, ctx, {
        candidates: templatesFor('sitemap'),
        title: strings.sitemap,
        page: {
          sections: [
            { label: strings.home, url: ctx.basePath || '/' },
            ...KINDS.map((k) => ({
              label: k.code === 'article' ? strings.news : kindNames(k, locale).label,
              url: `${ctx.basePath}/${k.path[locale]}`,
            })),
            ...(vi
              ? [
                  { label: 'Hỏi – đáp', url: `${ctx.basePath}/hoi-dap` },
                  { label: 'Phản ánh, kiến nghị', url: `${ctx.basePath}/phan-anh-kien-nghi` },
                  { label: 'Tra cứu ý kiến đã gửi', url: `${ctx.basePath}/tra-cuu` },
                ]
              : []),
            { label: strings.search, url: `${ctx.basePath}${LOCALE_PATHS.search[locale]}` },
            { label: strings.contact, url: `${ctx.basePath}${LOCALE_PATHS.contact[locale]}` },
            { label: 'RSS', url: `${ctx.basePath}/rss.xml` },
          ],
          categories: categories.filter((c) => c.parentId === null).map(catLink),
        },
        breadcrumbs: [{ label: strings.home, url: ctx.basePath || '/' }, { label: strings.sitemap }],
        alternates: alternates(ctx, LOCALE_PATHS.sitemap),
      });
    });

    page(locale, LOCALE_PATHS.contact[locale], async (req, res, ctx) => {
      await render(req, res, ctx, {
        candidates: templatesFor('contact'),
        section: 'contact',
        title: strings.contact,
        breadcrumbs: [{ label: strings.home, url: ctx.basePath || '/' }, { label: strings.contact }],
        alternates: alternates(ctx, LOCALE_PATHS.contact),
      });
    });
  }

  return router;
}
