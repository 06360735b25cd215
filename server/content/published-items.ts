// Reads of published items for the public sites, always scoped to one site (siteData) and one
// locale; the portal's feed of every site and the batched item pages are named cross-site reads.
// They pass publicRead(ctx), so an anonymous visitor's read may go to a replica.
import DataLoader from 'dataloader';
import { literal, Op, type OrderItem, type WhereOptions } from 'sequelize';
import type { Site } from '../../tenants/tenant.types';
import type { KindDef } from './kinds';
import { crossSite } from '../db/cross-site';
import { siteData } from '../db/site-data';
import { publicRead, type RequestContext } from '../core/request-context';
import type { Item } from './item.model';

const published = () => ({ publication: 'published', publishedAt: { [Op.ne]: null, [Op.lte]: new Date() } });
const LIST_FIELDS = ['id', 'kind', 'slug', 'title', 'summary', 'author', 'source', 'featured', 'publishedAt', 'data'];

/** Templates get plain objects: Handlebars refuses to read through model prototypes. */
const plain = (item: Item) => item.get({ plain: true });

export async function latestItems(ctx: RequestContext, limit: number, kind?: string) {
  const rows = await siteData(ctx.site).items.findAll({
    where: { locale: ctx.locale, ...published(), ...(kind ? { kind } : {}) },
    attributes: LIST_FIELDS,
    order: [
      ['publishedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit,
    ...publicRead(ctx),
  });
  return rows.map(plain);
}

/** One page of the site's published items in the request's language, newest first. */
async function listPage(
  ctx: RequestContext,
  where: WhereOptions,
  page: number,
  perPage: number,
  orderFirst: OrderItem[] = [],
) {
  const { rows, count } = await siteData(ctx.site).items.findAndCountAll({
    where: { ...where, locale: ctx.locale, ...published() },
    attributes: LIST_FIELDS,
    order: [...orderFirst, ['publishedAt', 'DESC'], ['id', 'DESC']],
    limit: perPage,
    offset: (page - 1) * perPage,
    ...publicRead(ctx),
  });
  return { items: rows.map(plain), total: count, pages: Math.max(1, Math.ceil(count / perPage)) };
}

export const pageOfItems = (ctx: RequestContext, page: number, perPage: number, kind = 'article') =>
  listPage(ctx, { kind }, page, perPage);

/** `reads`: publicRead(ctx) where a replica may answer; the participation forms read the primary. */
export async function itemBySlug(
  ctx: RequestContext,
  slug: string,
  kind = 'article',
  reads: { useMaster?: boolean } = {},
) {
  const item = await siteData(ctx.site).items.findOne({
    where: { locale: ctx.locale, kind, slug, ...published() },
    ...reads,
  });
  return item ? plain(item) : null;
}

/**
 * A published consultation draft of the site by its address, as the participation service takes
 * it (the model), or null. From the primary: a comment is about to be checked against it.
 */
export const consultationBySlug = (ctx: RequestContext, slug: string) =>
  siteData(ctx.site).items.findOne({ where: { locale: ctx.locale, kind: 'consultation', slug, ...published() } });

export const itemsInCategory = (ctx: RequestContext, categoryId: number, page: number, perPage: number) =>
  listPage(ctx, { categoryIds: { [Op.contains]: [categoryId] } }, page, perPage);

/** The newest published items of a site in one locale, optionally of one category: its RSS feed. */
export async function feedItems(site: Pick<Site, 'id'>, locale: string, categoryId: number | undefined, limit: number) {
  const rows = await siteData(site).items.findAll({
    where: { ...published(), locale, ...(categoryId ? { categoryIds: { [Op.contains]: [categoryId] } } : {}) },
    attributes: ['kind', 'slug', 'locale', 'title', 'summary', 'author', 'publishedAt'],
    order: [['publishedAt', 'DESC']],
    limit,
  });
  return rows.map(plain);
}

/** How many published items a site has, in every locale: its sitemap's size. */
export const publishedCount = async (site: Pick<Site, 'id'>) =>
  Number(await siteData(site).items.count({ where: published() }));

/** Published items of a site, every locale, in the order they were made: one numbered sitemap's slice. */
export async function sitemapItems(site: Pick<Site, 'id'>, offset: number, limit: number) {
  const rows = await siteData(site).items.findAll({
    where: published(),
    attributes: ['kind', 'slug', 'locale', 'updatedAt'],
    order: [['id', 'ASC']],
    limit,
    offset,
  });
  return rows.map(plain);
}

/** Filters of a library list: a kind's field → value (a year for a date field). */
export type LibraryFilters = Record<string, string>;

/**
 * A page of a kind's published items filtered on their fields, as the legal documents library
 * (form, issuing body, field, year, status). A consultation filters by open or closed on `today`.
 */
export async function libraryPage(
  ctx: RequestContext,
  kind: KindDef,
  filters: LibraryFilters,
  page: number,
  perPage: number,
  today: string,
) {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(filters)) {
    const f = kind.fields.find((x) => x.name === name);
    if (!f || !kind.filters?.includes(name)) continue;
    data[name] = f.type === 'date' ? { [Op.startsWith]: `${value}-` } : value;
  }
  if (kind.code === 'consultation' && filters.state)
    data.closesOn = filters.state === 'open' ? { [Op.gte]: today } : { [Op.lt]: today };
  const dated = kind.filters?.find((n) => kind.fields.find((f) => f.name === n)?.type === 'date');
  return listPage(
    ctx,
    { kind: kind.code, ...(Object.keys(data).length ? { data } : {}) },
    page,
    perPage,
    // A kind with a date filter lists by that date first (a document by its date of issue).
    dated ? [[literal(`"Item"."data"->>'${dated}'`), 'DESC NULLS LAST']] : [],
  );
}

/** The values a text or date filter offers: those the site's published items of the kind have. */
export async function filterValues(ctx: RequestContext, kind: KindDef, field: string): Promise<string[]> {
  const f = kind.fields.find((x) => x.name === field);
  if (!f) return [];
  const expr = f.type === 'date' ? `left(data->>:field, 4)` : `data->>:field`;
  const rows = await siteData(ctx.site).sql.select<{ v: string }>(
    `SELECT DISTINCT ${expr} AS v FROM items
      WHERE tenant_id = :site AND kind = :kind AND locale = :locale AND publication = 'published'
        AND published_at <= now() AND data->>:field IS NOT NULL
      ORDER BY v ${f.type === 'date' ? 'DESC' : 'ASC'} LIMIT 200`,
    { replacements: { field, kind: kind.code, locale: ctx.locale }, ...publicRead(ctx) },
  );
  return rows.map((r) => r.v).filter(Boolean);
}

/** The leader schedule in force: the latest published week that has started (Vietnam day). */
export async function currentSchedule(ctx: RequestContext, today: string) {
  const row = await siteData(ctx.site).items.findOne({
    where: { locale: ctx.locale, kind: 'schedule', ...published(), data: { weekStart: { [Op.lte]: today } } },
    attributes: LIST_FIELDS,
    order: [[literal(`"Item"."data"->>'weekStart'`), 'DESC']],
    ...publicRead(ctx),
  });
  return row ? plain(row) : null;
}

export interface FeedEntry {
  tenantId: number;
  kind: string;
  slug: string;
  title: string;
  publishedAt: Date;
}

/**
 * The latest news item of each of the given sites, newest first: one indexed lookup per site
 * (a lateral join), so the portal home costs the same with 1,000 items or 1,000,000.
 * `reads`: publicRead() of the request, to let it use a replica.
 */
export async function latestFromSites(
  siteIds: number[],
  locale: string,
  limit: number,
  reads: { useMaster?: boolean } = {},
): Promise<FeedEntry[]> {
  if (siteIds.length === 0) return [];
  return crossSite('portal-search').select<FeedEntry>(
    `SELECT l.tenant_id AS "tenantId", l.kind, l.slug, l.title, l.published_at AS "publishedAt"
       FROM unnest(ARRAY[:sites]::int[]) AS s(id)
       CROSS JOIN LATERAL (
         SELECT tenant_id, kind, slug, title, published_at FROM items
          WHERE tenant_id = s.id AND locale = :locale AND kind = 'article'
            AND publication = 'published' AND published_at <= now()
          ORDER BY published_at DESC LIMIT 1) l
      ORDER BY l.published_at DESC LIMIT :limit`,
    { replacements: { sites: siteIds, locale, limit }, ...reads },
  );
}

/**
 * Published items with their published translation (either way round), for many pages in one
 * query: element n of the four arrays names one page (site, locale, kind, slug), and its row, if
 * any, comes back with that n. Each row is joined on its own key's site, so a page can only ever
 * receive an item of the site it was asked for.
 */
const ITEM_PAGES = {
  name: 'item-pages',
  text: `SELECT k.n, i.id, i.tenant_id AS "tenantId", i.kind, i.locale, i.slug, i.title, i.summary, i.body, i.author,
            i.source, i.featured, i.published_at AS "publishedAt", i.data, i.category_ids AS "categoryIds",
            i.translation_of AS "translationOf", i.original_published_at AS "originalPublishedAt",
            i.published_late AS "publishedLate", i.due_at AS "dueAt", i.cover_media_id AS "coverMediaId",
            i.attachment_ids AS "attachmentIds", i.updated_at AS "updatedAt",
            t.id AS "tId", t.kind AS "tKind", t.slug AS "tSlug", t.locale AS "tLocale"
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS k(tenant_id, locale, kind, slug, n)
       JOIN items i ON i.tenant_id = k.tenant_id AND i.locale = k.locale AND i.kind = k.kind AND i.slug = k.slug
       LEFT JOIN LATERAL (
         SELECT id, kind, slug, locale FROM items t
          WHERE t.tenant_id = i.tenant_id AND t.publication = 'published' AND t.published_at <= now()
            AND (t.id = i.translation_of OR t.translation_of = i.id)
          LIMIT 1) t ON true
      WHERE i.publication = 'published' AND i.published_at <= now()`,
};

interface ItemPageKey {
  tenantId: number;
  locale: string;
  kind: string;
  slug: string;
}
type ItemPageRow = Record<string, unknown>;

/**
 * Item pages are what visitors read most and the page cache holds least, so under load many are
 * read at once. Each request asks its loader; the loader sends everything asked for in one turn
 * of the event loop (the requests whose bytes arrived together) as one query, on one pooled
 * connection: one round trip, one plan, one row description for the lot instead of one each.
 * No cache: a loader must never answer from an earlier read. One loader per read target (primary
 * or replicas); each batch is a cross-site read ('item-pages') on the database in use.
 */
const itemPageLoaders = new Map<boolean, DataLoader<ItemPageKey, ItemPageRow | undefined>>();

function itemPageLoader(reads: { useMaster: boolean }) {
  let loader = itemPageLoaders.get(reads.useMaster);
  if (!loader) {
    loader = new DataLoader<ItemPageKey, ItemPageRow | undefined>(
      async (keys) => {
        const rows = await crossSite('item-pages').prepared<ItemPageRow & { n: string }>(
          ITEM_PAGES,
          [keys.map((k) => k.tenantId), keys.map((k) => k.locale), keys.map((k) => k.kind), keys.map((k) => k.slug)],
          reads,
        );
        const byN = new Map(rows.map(({ n, ...row }) => [Number(n), row]));
        return keys.map((_, i) => byN.get(i + 1));
      },
      // After the I/O of this turn has been read: every request that arrived in it joins the batch.
      { cache: false, maxBatchSize: 100, batchScheduleFn: (send) => setImmediate(send) },
    );
    itemPageLoaders.set(reads.useMaster, loader);
  }
  return loader;
}

/** The hottest public read: a published item and its translation, batched with its neighbours. */
export async function itemPage(ctx: RequestContext, slug: string, kind: string) {
  const row = await itemPageLoader(publicRead(ctx)).load({
    tenantId: ctx.site.id,
    locale: ctx.locale,
    kind,
    slug,
  });
  if (!row) return null;
  const { tId, tKind, tSlug, tLocale, ...item } = row;
  return {
    item: {
      ...item,
      id: Number(item.id),
      translationOf: item.translationOf == null ? null : Number(item.translationOf),
      coverMediaId: item.coverMediaId == null ? null : Number(item.coverMediaId),
      attachmentIds: ((item.attachmentIds as (string | number)[] | null) ?? []).map(Number),
    } as ItemRow,
    translation: tId
      ? { id: Number(tId), kind: String(tKind), slug: String(tSlug), locale: tLocale as 'vi' | 'en' }
      : null,
  };
}

export interface ItemRow {
  id: number;
  tenantId: number;
  kind: string;
  locale: 'vi' | 'en';
  slug: string;
  title: string;
  summary: string | null;
  body: string | null;
  author: string | null;
  source: string | null;
  featured: boolean;
  publishedAt: Date;
  data: Record<string, string>;
  categoryIds: number[];
  translationOf: number | null;
  originalPublishedAt: string | null;
  publishedLate: boolean | null;
  dueAt: Date | null;
  coverMediaId: number | null;
  attachmentIds: number[];
  updatedAt: Date;
}
