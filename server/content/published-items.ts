// Reads of published items for the public sites, always scoped to one site and one locale.
import { Op } from 'sequelize';
import { scoped } from '../db/tenant-scope';
import type { RequestContext } from '../http/request-context';
import { Item } from './item.model';

const published = () => ({ publication: 'published', publishedAt: { [Op.ne]: null, [Op.lte]: new Date() } });
const LIST_FIELDS = ['id', 'kind', 'slug', 'title', 'summary', 'author', 'source', 'featured', 'publishedAt', 'data'];

/** Templates get plain objects: Handlebars refuses to read through model prototypes. */
const plain = (item: Item) => item.get({ plain: true });

export async function latestItems(ctx: RequestContext, limit: number) {
  const rows = await scoped(Item, ctx.site.id).findAll({
    where: { locale: ctx.locale, ...published() },
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
