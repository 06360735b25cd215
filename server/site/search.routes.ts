// Search: this site's published items, or, from the portal, every active site's (or one chosen
// site's), with the published questions and answers beside them on the first page.
import type { Request } from 'express';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import type { ActionDeps } from '../actions/run-action';
import { KINDS, kindOf } from '../content/kinds';
import { kindNames } from '../content/kinds-en';
import { highlight, searchFromPage } from '../content/search';
import { param } from '../core/query';
import { publicRead, type RequestContext } from '../core/request-context';
import type { RequestOrigin } from '../core/request-host';
import { KIND_LABELS } from '../participation/participation.service';
import { searchAnswers } from '../participation/participation-public';
import { templatesFor } from '../render/page-templates';
import { LOCALE_PATHS } from '../render/renderer';
import { countString, STRINGS } from '../render/strings';
import { answerPath } from './public-paths';
import { listPageOf } from './site-page';
import { homeCrumb, page, PER_PAGE, siteRouter, type RenderPage } from './site-router';
import { siteHomeUrl } from './site-urls';

export interface SearchRouteDeps {
  registry: TenantRegistry;
  origin: RequestOrigin;
  /** The database, passed on to the participation service's search of answers. */
  db: ActionDeps['sequelize'];
}

/** A day of the date filters (YYYY-MM-DD), or undefined. */
const day = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);

export function searchRoutes(deps: SearchRouteDeps, render: RenderPage) {
  const router = siteRouter();
  /** The home of a site as linked from this request's page, without its trailing slash. */
  const homeOf = (siteId: number, req: Request, ctx: RequestContext) =>
    siteHomeUrl(deps.registry.get(siteId)!, req, deps.origin, deps.registry.domain, ctx.host).replace(/\/$/, '');

  for (const locale of ['vi', 'en'] as const) {
    page(router, locale, LOCALE_PATHS.search[locale], async (req, res, ctx) => {
      const strings = STRINGS[locale];
      const q = param(req.query.q).normalize('NFC').trim().slice(0, 200);
      const n = listPageOf(req.query.page, ctx.locale, 1000);
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
      const { hits, total, capped, correctedQ } = await searchFromPage(ctx, {
        q,
        siteIds,
        locale,
        kind,
        from,
        to,
        page: n,
        perPage: PER_PAGE,
      });
      const pages = Math.max(1, Math.ceil(total / PER_PAGE));
      const base = `${ctx.basePath}${LOCALE_PATHS.search[locale]}`;
      // Published questions and answers (Vietnamese only), beside the items, on the first page.
      const answerHits =
        locale === 'vi' && n === 1 && !kind && !from && !to
          ? await searchAnswers(deps.db, correctedQ ?? q, siteIds, publicRead(ctx))
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
        const snippet = highlight(h.body || h.summary || '', marked);
        return {
          title: h.title,
          titleHtml: highlight(h.title, marked, 400).html,
          href: `${homeOf(h.tenantId, req, ctx)}${locale === 'en' ? '/en' : ''}/${k.path[locale]}/${h.slug}`,
          siteName: locale === 'en' && s.nameEn ? s.nameEn : s.nameVi,
          kindLabel: kindNames(k, locale).label,
          publishedAt: h.publishedAt,
          snippet: snippet.matched ? snippet.html : highlight(h.summary || h.body || '', marked).html,
        };
      });
      const answers = answerHits.map((a) => ({
        subjectHtml: highlight(a.subject, marked, 300).html,
        href: `${homeOf(a.tenantId, req, ctx)}${answerPath(a.kind, a.id)}`,
        kindLabel: KIND_LABELS[a.kind],
        siteName: deps.registry.get(a.tenantId)!.nameVi,
        answeredAt: a.answeredAt,
        snippet: highlight(a.answer ?? '', marked).html,
      }));
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
          breadcrumbs: [homeCrumb(ctx, strings.home), { label: strings.search }],
        },
        200,
        // Portal-wide results change when any site publishes, not only the portal.
        !isPortal,
      );
    });
  }
  return router;
}
