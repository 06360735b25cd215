// Reads of published items for the public sites, always scoped to one site and one locale.
import { literal, Op, QueryTypes } from 'sequelize';
import type { KindDef } from './kinds';
import { scoped } from '../db/tenant-scope';
import type { RequestContext } from '../http/request-context';
import { Item } from './item.model';

const published = () => ({ publication: 'published', publishedAt: { [Op.ne]: null, [Op.lte]: new Date() } });
const LIST_FIELDS = ['id', 'kind', 'slug', 'title', 'summary', 'author', 'source', 'featured', 'publishedAt', 'data'];

/** Templates get plain objects: Handlebars refuses to read through model prototypes. */
const plain = (item: Item) => item.get({ plain: true });

export async function latestItems(ctx: RequestContext, limit: number, kind?: string) {
  const rows = await scoped(Item, ctx.site.id).findAll({
    where: { locale: ctx.locale, ...published(), ...(kind ? { kind } : {}) },
    attributes: LIST_FIELDS,
    order: [
      ['publishedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit,
  });
  return rows.map(plain);
}

export async function pageOfItems(ctx: RequestContext, page: number, perPage: number, kind = 'article') {
  const { rows, count } = await scoped(Item, ctx.site.id).findAndCountAll({
    where: { locale: ctx.locale, kind, ...published() },
    attributes: LIST_FIELDS,
    order: [
      ['publishedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  return { items: rows.map(plain), total: count, pages: Math.max(1, Math.ceil(count / perPage)) };
}

export async function itemBySlug(ctx: RequestContext, slug: string, kind = 'article') {
  const item = await scoped(Item, ctx.site.id).findOne({ where: { locale: ctx.locale, kind, slug, ...published() } });
  return item ? plain(item) : null;
}

export async function itemsInCategory(ctx: RequestContext, categoryId: number, page: number, perPage: number) {
  const { rows, count } = await scoped(Item, ctx.site.id).findAndCountAll({
    where: { locale: ctx.locale, categoryIds: { [Op.contains]: [categoryId] }, ...published() },
    attributes: LIST_FIELDS,
    order: [
      ['publishedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  return { items: rows.map(plain), total: count, pages: Math.max(1, Math.ceil(count / perPage)) };
}

/** The published translation of an item (the item it translates, or the one translating it). */
export async function translationOf(siteId: number, itemId: number, translates: number | null) {
  const other = await scoped(Item, siteId).findOne({
    where: { ...(translates ? { id: translates } : { translationOf: itemId }), ...published() },
    attributes: ['id', 'kind', 'slug', 'locale'],
  });
  return other ? (other.get({ plain: true }) as { id: number; kind: string; slug: string; locale: 'vi' | 'en' }) : null;
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
  const { rows, count } = await scoped(Item, ctx.site.id).findAndCountAll({
    where: { locale: ctx.locale, kind: kind.code, ...published(), ...(Object.keys(data).length ? { data } : {}) },
    attributes: LIST_FIELDS,
    order: [
      ...(dated
        ? [[literal(`"Item"."data"->>'${dated}'`), 'DESC NULLS LAST'] as [ReturnType<typeof literal>, string]]
        : []),
      ['publishedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  return { items: rows.map(plain), total: count, pages: Math.max(1, Math.ceil(count / perPage)) };
}

/** The values a text or date filter offers: those the site's published items of the kind have. */
export async function filterValues(ctx: RequestContext, kind: KindDef, field: string): Promise<string[]> {
  const f = kind.fields.find((x) => x.name === field);
  if (!f) return [];
  const expr = f.type === 'date' ? `left(data->>:field, 4)` : `data->>:field`;
  const rows = await Item.sequelize!.query<{ v: string }>(
    `SELECT DISTINCT ${expr} AS v FROM items
      WHERE tenant_id = :site AND kind = :kind AND locale = :locale AND publication = 'published'
        AND published_at <= now() AND data->>:field IS NOT NULL
      ORDER BY v ${f.type === 'date' ? 'DESC' : 'ASC'} LIMIT 200`,
    {
      replacements: { field, site: ctx.site.id, kind: kind.code, locale: ctx.locale },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => r.v).filter(Boolean);
}

/** The leader schedule in force: the latest published week that has started (Vietnam day). */
export async function currentSchedule(ctx: RequestContext, today: string) {
  const row = await scoped(Item, ctx.site.id).findOne({
    where: { locale: ctx.locale, kind: 'schedule', ...published(), data: { weekStart: { [Op.lte]: today } } },
    attributes: LIST_FIELDS,
    order: [[literal(`"Item"."data"->>'weekStart'`), 'DESC']],
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
 */
export async function latestFromSites(siteIds: number[], locale: string, limit: number): Promise<FeedEntry[]> {
  if (siteIds.length === 0) return [];
  return Item.sequelize!.query<FeedEntry>(
    `SELECT l.tenant_id AS "tenantId", l.kind, l.slug, l.title, l.published_at AS "publishedAt"
       FROM unnest(ARRAY[:sites]::int[]) AS s(id)
       CROSS JOIN LATERAL (
         SELECT tenant_id, kind, slug, title, published_at FROM items
          WHERE tenant_id = s.id AND locale = :locale AND kind = 'article'
            AND publication = 'published' AND published_at <= now()
          ORDER BY published_at DESC LIMIT 1) l
      ORDER BY l.published_at DESC LIMIT :limit`,
    { replacements: { sites: siteIds, locale, limit }, type: QueryTypes.SELECT },
  );
}
