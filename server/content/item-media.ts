// The files an item shows on its public page (its cover and attachments), read for its own site
// only: an id of another site's file reads as missing.
import { Op } from 'sequelize';
import type { Site } from '../../tenants/tenant.types';
import { siteData } from '../db/site-data';

export async function mediaByIds(site: Pick<Site, 'id'>, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await siteData(site).media.findAll({ where: { id: { [Op.in]: ids } } });
  return rows.map((m) => ({
    id: m.id,
    key: m.key,
    originalName: m.originalName,
    size: m.size,
    width: m.width,
    height: m.height,
    alt: m.alt,
    variants: m.variants,
  }));
}

export type ShownMedia = Awaited<ReturnType<typeof mediaByIds>>[number];
