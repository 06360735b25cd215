// The pages of each content kind in one language: its list (a library with columns and filters
// for the kinds that have them: legal documents, procedures, …) and the page of each item.
import type { Locale } from '../../tenants/tenant.types';
import { vnDay } from '../calendar/working-calendar';
import { KINDS } from '../content/kinds';
import { kindNames } from '../content/kinds-en';
import { libraryPage, pageOfItems } from '../content/published-items';
import { notFound } from '../core/errors';
import { templatesFor } from '../render/page-templates';
import { STRINGS } from '../render/strings';
import { ITEM_SLUG, itemPageOf } from './item-page';
import { columnValues, filterForm, libraryFiltersOf } from './library-view';
import { listPageOf, type SitePages } from './site-page';
import { alternates, homeCrumb, page, PER_PAGE, siteRouter, type RenderPage } from './site-router';

export function listRoutes(locale: Locale, deps: { sitePages: SitePages }, render: RenderPage) {
  const router = siteRouter();
  const strings = STRINGS[locale];
  for (const kind of KINDS) {
    const listPath = `/${kind.path[locale]}`;
    const names = kindNames(kind, locale);
    const heading = kind.code === 'article' ? strings.news : names.label;

    page(router, locale, listPath, async (req, res, ctx) => {
      const n = listPageOf(req.query.page, ctx.locale);
      const filters = libraryFiltersOf(kind, req.query);
      const result = kind.columns
        ? await libraryPage(ctx, kind, filters, n, PER_PAGE, vnDay(new Date()))
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
        breadcrumbs: [homeCrumb(ctx, strings.home), { label: heading }],
        alternates: n === 1 && !filtered ? alternates(ctx, { vi: `/${kind.path.vi}`, en: `/${kind.path.en}` }) : [],
      });
    });

    // The same page the front door renders for an item page it could not answer from the cache.
    page(router, locale, `${listPath}/:slug`, async (req, res, ctx) => {
      const slug = String(req.params.slug);
      if (!ITEM_SLUG.test(slug)) throw notFound();
      const view = await itemPageOf(ctx, kind, slug, deps.sitePages.originFor(req, ctx));
      if (!view) throw notFound('Không tìm thấy tin bài');
      await render(req, res, ctx, view);
    });
  }
  return router;
}
