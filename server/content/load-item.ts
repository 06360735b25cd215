// One site-owned item by id, read through its site. Its own module so that the syndication
// service and the content service, which call each other's reads, do not import each other.
import type { Transaction } from 'sequelize';
import { notFound } from '../core/errors';
import { siteData } from '../db/site-data';
import type { Item } from './item.model';

/** A site-owned item, loaded through the site: another site's id is a 404, never the item. */
export async function loadItem(siteId: number, id: number, transaction?: Transaction, lock = false): Promise<Item> {
  const item =
    Number.isInteger(id) && id > 0
      ? await siteData({ id: siteId }).items.findByPk(id, { transaction, lock: lock || undefined })
      : null;
  if (!item) throw notFound('Không tìm thấy tin bài');
  return item;
}
