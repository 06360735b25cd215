// A category's page: every published item filed under it, newest first, a page at a time.
import { notFound } from '../core/errors';
import { kindOf } from '../content/kinds';
import { categoryBySlug } from '../content/public-categories';
import { itemsInCategory } from '../content/published-items';
import { publicRead } from '../core/request-context';
import { templatesFor } from '../render/page-templates';
import { STRINGS } from '../render/strings';
import { listPageOf } from './site-page';
import { homeCrumb, page, PER_PAGE, siteRouter, type RenderPage } from './site-router';

/** The path segment of a category page in each language. */
export const CATEGORY_SEGMENT = { vi: 'chuyen-muc', en: 'category' } as const;

export function categoryRoutes(render: RenderPage) {
  const router = siteRouter();
  for (const locale of ['vi', 'en'] as const) {
    const seg = CATEGORY_SEGMENT[locale];
    page(router, locale, `/${seg}/:slug`, async (req, res, ctx) => {
      const category = await categoryBySlug(ctx, String(req.params.slug), publicRead(ctx));
      if (!category) throw notFound('Không tìm thấy chuyên mục');
      const n = listPageOf(req.query.page, ctx.locale);
      const result = await itemsInCategory(ctx, category.id, n, PER_PAGE);
      if (n > result.pages) throw notFound();
      const heading = locale === 'en' && category.nameEn ? category.nameEn : category.nameVi;
      const listUrl = `${ctx.basePath}/${seg}/${category.slug}`;
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
        breadcrumbs: [homeCrumb(ctx, strings.home), { label: heading }],
      });
    });
  }
  return router;
}
