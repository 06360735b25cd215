// Lists of a site's items for its back office: the items screen with its filters, and the items
// an item's form offers as "translation of". Read through the site's own tables (siteData).
import { Op, type WhereOptions } from 'sequelize';
import { siteData } from '../db/site-data';
import { kindOf } from './kinds';
import type { Item } from './item.model';

/** The items screen's filters, as typed (strings; empty means any). */
export type ItemFilters = {
  q: string;
  kind: string;
  state: string;
  category: string;
  author: string;
  /** '1': unpublished items past their deadline. */
  overdue: string;
};

const REVIEW_STATES = ['draft', 'submitted', 'returned', 'scheduled'];
const PUBLICATIONS = ['published', 'unpublished', 'archived'];
/** A category id as the filter's string holds it, or null. */
const categoryId = (v: string) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 2 ** 31 ? n : null;
};
/** A LIKE pattern that finds the words as typed (their % and _ are not wildcards). */
const containing = (s: string) => ({ [Op.iLike]: `%${s.replace(/[%_\\]/g, '\\$&')}%` });

/** One page of the site's items matching the filters, the latest changed first, with the total. */
export function itemsPage(siteId: number, f: ItemFilters, page: number, perPage: number) {
  const where: Record<string | symbol, unknown> = {};
  if (kindOf(f.kind)) where.kind = f.kind;
  if (REVIEW_STATES.includes(f.state)) where.reviewState = f.state;
  if (PUBLICATIONS.includes(f.state)) where.publication = f.state;
  const category = categoryId(f.category);
  if (category) where.categoryIds = { [Op.contains]: [category] };
  if (f.q) where.title = containing(f.q);
  if (f.author) where.author = containing(f.author);
  if (f.overdue === '1') Object.assign(where, { publication: 'unpublished', dueAt: { [Op.lt]: new Date() } });
  return siteData({ id: siteId }).items.findAndCountAll({
    where: where as WhereOptions<Item>,
    order: [['updatedAt', 'DESC']],
    limit: perPage,
    offset: (page - 1) * perPage,
  });
}

/** Items of the site in the other language (the latest 200), for an item's "translation of". */
export function translationCandidates(siteId: number, locale: string) {
  return siteData({ id: siteId }).items.findAll({
    where: { locale: locale === 'en' ? 'vi' : 'en' },
    attributes: ['id', 'title', 'locale'],
    order: [['updatedAt', 'DESC']],
    limit: 200,
  });
}
