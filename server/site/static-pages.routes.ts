// The pages of a site that list no content of their own, in one language: the HTML sitemap (every
// section and category, for people; the XML one is for crawlers), the contact page, and, in
// English, the page the language switch lands on when a page has no English version.
import type { Locale } from '../../tenants/tenant.types';
import { KINDS } from '../content/kinds';
import { kindNames } from '../content/kinds-en';
import { categoryTree, type CategoryNode } from '../content/public-categories';
import { badRequest } from '../core/errors';
import { templatesFor } from '../render/page-templates';
import { LOCALE_PATHS } from '../render/renderer';
import { STRINGS } from '../render/strings';
import { safeLocalPath } from '../text/local-path';
import { CATEGORY_SEGMENT } from './category.routes';
import { PARTICIPATION_PATHS, TRACKING_PATH } from './public-paths';
import { viBaseOf } from './site-page';
import { alternates, homeCrumb, page, siteRouter, type RenderPage } from './site-router';

interface Link {
  label: string;
  url: string;
  children: Link[];
}

export function staticPageRoutes(locale: Locale, render: RenderPage) {
  const router = siteRouter();
  const strings = STRINGS[locale];

  if (locale === 'en') {
    page(router, 'en', '/untranslated', async (req, res, ctx) => {
      const from = req.query.from === undefined ? '/' : safeLocalPath(req.query.from, '');
      // A local path, and one of the site's own page addresses.
      if (!/^\/([a-z0-9-]+\/?){0,6}$/.test(from)) throw badRequest('Invalid page address');
      const viUrl = `${viBaseOf(ctx)}${from === '/' ? '' : from}` || '/';
      await render(req, res, ctx, {
        candidates: templatesFor('untranslated'),
        title: strings.untranslatedTitle,
        page: {
          heading: strings.untranslatedTitle,
          text: strings.untranslatedText,
          viUrl,
          backUrl: ctx.basePath,
          backLabel: strings.home,
        },
        breadcrumbs: [homeCrumb(ctx, strings.home), { label: strings.untranslatedTitle }],
        otherLanguageUrl: viUrl,
      });
    });
  }

  page(router, locale, LOCALE_PATHS.sitemap[locale], async (req, res, ctx) => {
    const categories = await categoryTree(ctx);
    const catLink = (c: CategoryNode): Link => ({
      label: locale === 'en' && c.nameEn ? c.nameEn : c.nameVi,
      url: `${ctx.basePath}/${CATEGORY_SEGMENT[locale]}/${c.slug}`,
      children: categories.filter((x) => x.parentId === c.id).map(catLink),
    });
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
          ...(locale === 'vi'
            ? [
                { label: 'Hỏi – đáp', url: `${ctx.basePath}${PARTICIPATION_PATHS.question}` },
                { label: 'Phản ánh, kiến nghị', url: `${ctx.basePath}${PARTICIPATION_PATHS.feedback}` },
                { label: 'Tra cứu ý kiến đã gửi', url: `${ctx.basePath}${TRACKING_PATH}` },
              ]
            : []),
          { label: strings.search, url: `${ctx.basePath}${LOCALE_PATHS.search[locale]}` },
          { label: strings.contact, url: `${ctx.basePath}${LOCALE_PATHS.contact[locale]}` },
          { label: 'RSS', url: `${ctx.basePath}/rss.xml` },
        ],
        categories: categories.filter((c) => c.parentId === null).map(catLink),
      },
      breadcrumbs: [homeCrumb(ctx, strings.home), { label: strings.sitemap }],
      alternates: alternates(ctx, LOCALE_PATHS.sitemap),
    });
  });

  page(router, locale, LOCALE_PATHS.contact[locale], async (req, res, ctx) => {
    await render(req, res, ctx, {
      candidates: templatesFor('contact'),
      section: 'contact',
      title: strings.contact,
      breadcrumbs: [homeCrumb(ctx, strings.home), { label: strings.contact }],
      alternates: alternates(ctx, LOCALE_PATHS.contact),
    });
  });
  return router;
}
