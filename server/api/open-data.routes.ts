// The open-data API of every site (Art 4: public information as machine-readable data): published
// items by kind, the legal documents library, investment projects and datasets, as JSON with
// pagination, an ETag (304 when unchanged) and CORS for GET. Described by /api/v1/openapi.json.
// Only published items of the site the request resolved to are ever read.
import crypto from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { kindOf, KINDS, type KindDef } from '../content/kinds';
import { itemBySlug, libraryPage, pageOfItems } from '../content/published-items';
import { vnDay } from '../calendar/working-calendar';
import { publicRead, type RequestContext } from '../core/request-context';
import type { RequestOrigin } from '../core/request-host';
import { originOf } from '../site/public-paths';
import { libraryFiltersOf } from '../site/library-view';
import { itemMedia } from '../site/media-view';
import type { TenantRegistry } from '../../tenants/tenant-registry';
import { canonicalHost } from '../../tenants/resolve-tenant';
import { COLLECTION_PATHS as COLLECTIONS, openApiDocument } from './openapi';
import { AppError, badRequest, notFound } from '../core/errors';

export const API_BASE = '/api/v1';
const MAX_PER_PAGE = 100;

interface ApiDeps {
  registry: TenantRegistry;
  origin: RequestOrigin;
}

export function openDataRoutes(deps: ApiDeps): Router {
  const router = Router({ caseSensitive: true });
  const ctxOf = (res: Response) => res.locals.ctx as RequestContext;

  router.use(API_BASE, (req: Request, res: Response, next: NextFunction) => {
    res.locals.api = true; // errors below answer JSON, not a page
    res.set({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'If-None-Match',
      'access-control-expose-headers': 'ETag, Link',
      'access-control-max-age': '86400',
    });
    if (req.method === 'OPTIONS') return void res.status(204).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new AppError('METHOD_NOT_ALLOWED', 405, 'Chỉ hỗ trợ GET.');
    if (ctxOf(res).locale !== 'vi') throw notFound('API không có dưới /en; dùng tham số lang=en.');
    next();
  });

  const originFor = (req: Request, ctx: RequestContext) =>
    originOf(deps.origin.proto(req), canonicalHost(ctx.site, deps.registry.domain), deps.origin.host(req));

  /** Sends JSON with a strong ETag of its bytes; an unchanged resource is a bodiless 304. */
  const sendJson = (req: Request, res: Response, body: unknown) => {
    const bytes = Buffer.from(JSON.stringify(body));
    const etag = `"${crypto.createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    res.set({ etag, 'cache-control': 'public, max-age=60', vary: 'Accept-Encoding' });
    if (req.headers['if-none-match']?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
      return void res.status(304).end();
    res.type('application/json; charset=utf-8').send(bytes);
  };

  const paging = (req: Request) => {
    const n = req.query.page === undefined ? 1 : Number(req.query.page);
    const per = req.query.perPage === undefined ? 20 : Number(req.query.perPage);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw badRequest('page: số nguyên từ 1');
    if (!Number.isInteger(per) || per < 1 || per > MAX_PER_PAGE)
      throw badRequest(`perPage: số nguyên từ 1 đến ${MAX_PER_PAGE}`);
    return { n, per };
  };
  const langOf = (req: Request, ctx: RequestContext): RequestContext => {
    const lang = req.query.lang ?? 'vi';
    if (lang !== 'vi' && lang !== 'en') throw badRequest('lang: vi hoặc en');
    if (lang === 'en' && !ctx.site.languages.includes('en')) throw notFound('Trang này không có tiếng Anh.');
    return { ...ctx, locale: lang, basePath: lang === 'en' ? `${ctx.basePath}/en` : ctx.basePath };
  };

  const summaryOf = (origin: string, ctx: RequestContext, kind: KindDef) => (i: Record<string, unknown>) => ({
    id: i.id,
    kind: kind.code,
    slug: i.slug,
    title: i.title,
    summary: i.summary,
    author: i.author,
    source: i.source,
    publishedAt: i.publishedAt,
    url: `${origin}${ctx.basePath}/${kind.path[ctx.locale]}/${String(i.slug)}`,
    fields: i.data ?? {},
  });

  const list = async (req: Request, res: Response, kind: KindDef, filtered: boolean) => {
    const ctx = langOf(req, ctxOf(res));
    const { n, per } = paging(req);
    const filters = filtered ? libraryFiltersOf(kind, req.query) : {};
    const result = filtered
      ? await libraryPage(ctx, kind, filters, n, per, vnDay(new Date()))
      : await pageOfItems(ctx, n, per, kind.code);
    const origin = originFor(req, ctx);
    const self = (p: number) => {
      const q = new URLSearchParams({
        ...(req.query.kind ? { kind: kind.code } : {}),
        ...filters,
        ...(ctx.locale === 'en' ? { lang: 'en' } : {}),
        ...(per !== 20 ? { perPage: String(per) } : {}),
        page: String(p),
      });
      return `${origin}${ctxOf(res).basePath}${req.baseUrl}${req.path}?${q}`;
    };
    sendJson(req, res, {
      data: result.items.map(summaryOf(origin, ctx, kind)),
      meta: { page: n, perPage: per, total: result.total, pages: result.pages },
      links: {
        self: self(n),
        first: self(1),
        last: self(result.pages),
        prev: n > 1 ? self(n - 1) : null,
        next: n < result.pages ? self(n + 1) : null,
      },
    });
  };

  router.get(`${API_BASE}/items`, async (req: Request, res: Response) => {
    const code = typeof req.query.kind === 'string' ? req.query.kind : 'article';
    const kind = kindOf(code);
    if (!kind) throw badRequest(`kind: một trong ${KINDS.map((k) => k.code).join(', ')}`);
    await list(req, res, kind, false);
  });
  for (const [path, code] of Object.entries(COLLECTIONS))
    router.get(`${API_BASE}/${path}`, (req: Request, res: Response) => list(req, res, kindOf(code)!, true));

  router.get(`${API_BASE}/items/:kind/:slug`, async (req: Request, res: Response) => {
    const ctx = langOf(req, ctxOf(res));
    const kind = kindOf(String(req.params.kind));
    const slug = String(req.params.slug);
    if (!kind || !/^[a-z0-9-]{1,200}$/.test(slug)) throw notFound('Không tìm thấy mục này');
    const item = await itemBySlug(ctx, slug, kind.code, publicRead(ctx));
    if (!item) throw notFound('Không tìm thấy mục này');
    const origin = originFor(req, ctx);
    const media = await itemMedia(ctx, item.coverMediaId ?? null, item.attachmentIds ?? []);
    sendJson(req, res, {
      data: {
        ...summaryOf(origin, ctx, kind)(item),
        body: item.body,
        updatedAt: item.updatedAt,
        cover: media.cover ? `${origin}${media.cover.src}` : null,
        attachments: media.files.map((f) => ({ name: f.name, type: f.type, url: `${origin}${f.url}` })),
      },
    });
  });

  router.get(`${API_BASE}/openapi.json`, (req: Request, res: Response) => {
    const ctx = ctxOf(res);
    sendJson(req, res, openApiDocument(`${originFor(req, ctx)}${ctx.basePath}${API_BASE}`, ctx.site.nameVi));
  });

  router.use(API_BASE, () => {
    throw notFound('Không có tài nguyên này trong API');
  });
  return router;
}
